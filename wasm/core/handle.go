package core

import (
	"github.com/postbridge/postbridge/wasm/clock"

	"github.com/postbridge/postbridge/wasm/envelope"
)

// AsyncHandler starts answering a request: it must not keep payload after
// it returns, and answers later, exactly once, with in.Reply, unless the
// handler time limit passes first (the requester then gets TIMEOUT and a
// late Reply is ignored). It runs in message order, with no lock held.
type AsyncHandler func(in Incoming, payload []byte, meta Meta)

// Incoming is one request being handled: the handle to answer it with.
type Incoming struct {
	c  *Channel
	id uint64
}

// ID returns the request's id on its channel, for Channel.Incoming.
func (in Incoming) ID() uint64 { return in.id }

// Incoming returns the handle of the request being handled under id, as
// Incoming.ID gave it: the JavaScript API passes ids, not handles.
func (c *Channel) Incoming(id uint64) Incoming { return Incoming{c: c, id: id} }

// inflightCall is a request of the peer being handled.
type inflightCall struct {
	peerID   uint64
	typ      string
	gen      int
	deadline clock.Duration
	cancel   func(timedOut bool)
}

// HandleAsync registers the handler of a request type, replacing any
// earlier one; nil removes it. Nothing waits in a goroutine: the handler
// answers through Incoming.Reply, and the channel's deadline sweep answers
// TIMEOUT for it when the handler time limit passes.
func (c *Channel) HandleAsync(typ string, f AsyncHandler) error {
	if err := c.checkType(typ); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if f == nil {
		delete(c.handlers, typ)
	} else {
		c.handlers[typ] = handlerEntry{typ: typ, f: f}
	}
	return nil
}

// request hands a request of the peer to its handler, or answers it with
// an error at once; the caller holds mu.
func (c *Channel) request(v *view, fx *effects, out *outcome) {
	if string(v.Type) == probeType {
		c.postPort(draft{kind: envelope.KindResponse, typ: probeType, id: v.ID, payload: []byte("true")}, nil)
		return
	}
	h, ok := c.handlers[string(v.Type)]
	typ := h.typ
	if !ok {
		typ = string(v.Type)
	}
	reply := func(code Code, msg string) {
		c.refuseLater(fx, code, msg, v)
		c.postPort(draft{kind: envelope.KindError, typ: typ, id: v.ID, fault: &envelope.Fault{Code: string(code), Message: msg}}, fx)
	}
	if err := c.checkPayload(typ, v.Payload); err != nil {
		be, _ := asError(err) // checkPayload returns *Error
		reply(be.Code, be.Message)
		return
	}
	if !ok {
		reply(CodeUnknownType, "no handler for request type "+quote(typ))
		return
	}
	if len(c.inflight) >= c.s.MaxPending {
		reply(CodeLimit, "too many requests in progress")
		return
	}
	now := c.r.opt.Now()
	c.nextCall++
	in := inflightCall{peerID: v.ID, typ: h.typ, gen: c.live.gen, deadline: now + c.s.HandlerTimeout}
	c.inflight[c.nextCall] = in
	c.wantAt(in.deadline)
	if c.r.observing(ObserveAll) {
		out.report, out.c = true, c
		out.d = c.decision(Accepted, "", "", string(v.Kind), typ, v.Payload)
	}
	out.handler, out.in, out.payload = h.f, Incoming{c: c, id: c.nextCall}, v.Payload
	out.meta = Meta{Origin: c.peerOrigin(), Channel: c.s.Channel, Type: h.typ, Session: c.live.peer}
}

// OnCancel registers f to run when the request stops being awaited
// before it is answered: timedOut is true when its time limit passed,
// false when its session ended. A Go handler uses it to end its context.
func (in Incoming) OnCancel(f func(timedOut bool)) {
	c := in.c
	c.mu.Lock()
	call, ok := c.inflight[in.id]
	if ok {
		call.cancel = f
		c.inflight[in.id] = call
	}
	c.mu.Unlock()
	if !ok {
		f(false)
	}
}

// Reply answers the request: payload is the JSON answer (nil for none)
// when err is nil; otherwise err travels back, with its code if it is an
// *Error that may cross the wire and as HANDLER_ERROR with its message if
// not. Reply does not keep payload. It returns CLOSED when the request is
// no longer awaited (time limit passed, session ended, already answered).
func (in Incoming) Reply(payload []byte, err error) error {
	c := in.c
	var fx effects
	c.mu.Lock()
	call, ok := c.inflight[in.id]
	if !ok || call.gen != c.live.gen || c.state != connected {
		c.mu.Unlock()
		return newError(CodeClosed, "the request is no longer awaited")
	}
	delete(c.inflight, in.id)
	if err == nil {
		err = c.checkResponse(call.typ, payload)
	}
	if err == nil {
		if err = c.postPort(draft{kind: envelope.KindResponse, typ: call.typ, id: call.peerID, payload: payload}, &fx); err == nil {
			c.mu.Unlock()
			fx.run()
			return nil
		}
	}
	code, msg := CodeHandlerError, err.Error()
	if be, ok := asError(err); ok {
		code, msg = be.Code, be.Message
	}
	c.postPort(draft{kind: envelope.KindError, typ: call.typ, id: call.peerID, fault: &envelope.Fault{Code: string(code), Message: clip(msg, 1024)}}, &fx)
	c.mu.Unlock()
	fx.run()
	return nil
}

// expire answers TIMEOUT for a handler that ran out of time; the caller
// holds mu.
func (c *Channel) expire(id uint64, in inflightCall, fx *effects) {
	delete(c.inflight, id)
	if in.cancel != nil {
		fx.add(func() { in.cancel(true) })
	}
	if in.gen != c.live.gen || c.state != connected {
		return
	}
	msg := "the handler did not answer within " + c.s.HandlerTimeout.String()
	c.postPort(draft{kind: envelope.KindError, typ: in.typ, id: in.peerID, fault: &envelope.Fault{Code: string(CodeTimeout), Message: msg}}, fx)
}
