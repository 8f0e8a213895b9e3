package core

import (
	"context"
	"errors"
	"time"

	"github.com/postbridge/postbridge/wasm/envelope"
)

// decision describes an envelope for the observer.
func (c *Channel) decision(v Verdict, code Code, detail string, e envelope.Envelope) Decision {
	return Decision{Verdict: v, Reason: code, Detail: detail, Origin: c.s.origin.String(), Channel: c.s.Channel, Kind: string(e.Kind), Type: e.Type, Payload: e.Payload}
}

// fromPort handles one message of the port of generation gen. The port is
// private to the peer, but its traffic is still validated: a buggy or
// compromised peer can neither crash nor pollute us.
func (c *Channel) fromPort(gen int, data []byte, isString bool) {
	var fx effects
	defer func() { fx.run() }()
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.portGen || c.state == closed {
		return // a port of an ended session
	}
	refuse := func(code Code, detail string, e envelope.Envelope) {
		fx.add(func() { c.r.report(c.decision(Refused, code, detail, e)) })
	}
	// The port is the peer's alone and ordered, so a message on it that
	// cannot be read still used the next sequence number: count it, or one
	// oversized payload would make everything after it look like a replay.
	if !isString {
		c.recvSeq++
		refuse(CodeEnvelope, "port message is not a string", envelope.Envelope{})
		return
	}
	e, err := envelope.Decode(data, c.s.Limits)
	switch {
	case err != nil:
		c.recvSeq++
		refuse(decodeCode(err), err.Error(), envelope.Envelope{})
		return
	case e.Channel != c.s.Channel:
		refuse(CodeChannel, "port message for channel "+quote(e.Channel), e)
		return
	case e.Session != c.peer || e.To != c.session:
		refuse(CodeReplay, "port message of another session", e)
		return
	case e.Seq != c.recvSeq+1:
		refuse(CodeReplay, "sequence number "+itoa(int(e.Seq))+" where "+itoa(int(c.recvSeq+1))+" was due", e)
		return
	}
	c.recvSeq = e.Seq
	if c.state == offered {
		if e.Kind != envelope.KindWelcome || checkWelcome(e.Payload) != nil {
			refuse(CodeState, "expected the welcome acknowledgement", e)
			return
		}
		c.connect(&fx)
		fx.add(func() { c.r.report(c.decision(Accepted, "", "welcome", e)) })
		return
	}
	if c.state != connected {
		refuse(CodeState, "port message while not connected", e)
		return
	}
	switch e.Kind {
	case envelope.KindEvent:
		c.event(e, &fx, refuse)
	case envelope.KindRequest:
		c.request(e, &fx, refuse)
	case envelope.KindResponse, envelope.KindError:
		p, ok := c.pending[e.ID]
		if !ok {
			refuse(CodeState, "answer to request "+itoa(int(e.ID))+", which is not pending", e)
			return
		}
		delete(c.pending, e.ID)
		d := c.decision(Accepted, "", "", e)
		d.Latency = time.Since(p.start)
		d.Type = p.typ
		fx.add(func() { c.r.report(d) })
		if e.Kind == envelope.KindError {
			p.settle(nil, &Error{Code: wireCode(e.Error.Code), Message: e.Error.Message})
			return
		}
		if err := c.checkResponse(p.typ, e.Payload); err != nil {
			p.settle(nil, err)
			return
		}
		p.settle(e.Payload, nil)
	case envelope.KindClose:
		fx.add(func() { c.r.report(c.decision(Accepted, "", "close", e)) })
		if e.Error != nil && e.Error.Code == "UNLOAD" {
			c.endSession(newError(CodeClosed, "the peer page unloaded"), &fx)
			c.newSession()
			c.state = waiting
			c.deadline = time.AfterFunc(c.s.Timeout, c.handshakeTimeout)
			return
		}
		fx = append(fx, c.finish(newError(CodeClosed, "closed by the peer"))...)
	default:
		refuse(CodeState, string(e.Kind)+" after the handshake", e)
	}
}

// ResponseSuffix names the schema of a request type's answers: the
// answers to requests of type "sum" are checked against "sum:response"
// when the channel's schemas have it, and are not schema-checked
// otherwise (the size and depth limits still apply).
const ResponseSuffix = ":response"

// checkResponse applies the response schema of request type typ.
func (c *Channel) checkResponse(typ string, payload []byte) error {
	if c.s.Schemas == nil || !c.s.Schemas.Has(typ+ResponseSuffix) {
		return nil
	}
	return c.checkPayload(typ+ResponseSuffix, payload)
}

// checkPayload applies the schema of typ, if the channel has schemas.
func (c *Channel) checkPayload(typ string, payload []byte) error {
	if c.s.Schemas == nil {
		return nil
	}
	if !c.s.Schemas.Has(typ) {
		return newError(CodeUnknownType, "type "+quote(typ)+" has no schema on this channel")
	}
	if payload == nil {
		payload = []byte("null")
	}
	if err := c.s.Schemas.Check(typ, payload); err != nil {
		return newError(CodeSchema, err.Error())
	}
	return nil
}

func (c *Channel) meta(e envelope.Envelope) Meta {
	return Meta{Origin: c.s.origin.String(), Channel: c.s.Channel, Type: e.Type, Session: e.Session}
}

func (c *Channel) event(e envelope.Envelope, fx *effects, refuse func(Code, string, envelope.Envelope)) {
	if err := c.checkPayload(e.Type, e.Payload); err != nil {
		var be *Error
		errors.As(err, &be)
		refuse(be.Code, be.Message, e)
		return
	}
	f := c.events[e.Type]
	d := c.decision(Accepted, "", "", e)
	if f == nil {
		d.Detail = "no handler for this event type"
	}
	m := c.meta(e)
	fx.add(func() {
		c.r.report(d)
		if f != nil {
			f(e.Payload, m)
		}
	})
}

func (c *Channel) request(e envelope.Envelope, fx *effects, refuse func(Code, string, envelope.Envelope)) {
	answer := func(code Code, msg string) {
		refuse(code, msg, e)
		c.postPort(draft{kind: envelope.KindError, typ: e.Type, id: e.ID, fault: &envelope.Fault{Code: string(code), Message: msg}}, fx)
	}
	if err := c.checkPayload(e.Type, e.Payload); err != nil {
		var be *Error
		errors.As(err, &be)
		answer(be.Code, be.Message)
		return
	}
	f := c.handlers[e.Type]
	if f == nil {
		answer(CodeUnknownType, "no handler for request type "+quote(e.Type))
		return
	}
	if c.handling >= c.s.MaxPending {
		answer(CodeLimit, "too many requests in progress")
		return
	}
	c.handling++
	gen, m := c.portGen, c.meta(e)
	ctx, cancel := context.WithTimeout(c.ctx, c.s.HandlerTimeout)
	d := c.decision(Accepted, "", "", e)
	fx.add(func() {
		c.r.report(d)
		go c.runHandler(ctx, cancel, gen, f, e, m)
	})
}

// runHandler runs one request handler and answers, unless the session
// ended meanwhile.
func (c *Channel) runHandler(ctx context.Context, cancel context.CancelFunc, gen int, f RequestFunc, e envelope.Envelope, m Meta) {
	defer cancel()
	type result struct {
		payload []byte
		err     error
	}
	done := make(chan result, 1)
	go func() {
		p, err := f(ctx, e.Payload, m)
		done <- result{p, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-ctx.Done():
		r.err = newError(CodeTimeout, "the handler did not answer within "+c.s.HandlerTimeout.String())
	}
	var fx effects
	defer func() { fx.run() }()
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.portGen {
		return
	}
	c.handling--
	if c.state != connected {
		return
	}
	if r.err == nil {
		r.err = c.checkResponse(e.Type, r.payload)
	}
	if r.err == nil {
		if err := c.postPort(draft{kind: envelope.KindResponse, typ: e.Type, id: e.ID, payload: r.payload}, &fx); err == nil {
			return
		} else {
			r.err = err
		}
	}
	code, msg := CodeHandlerError, r.err.Error()
	var be *Error
	if errors.As(r.err, &be) {
		code, msg = be.Code, be.Message
	}
	msg = clip(msg, 1024)
	c.postPort(draft{kind: envelope.KindError, typ: e.Type, id: e.ID, fault: &envelope.Fault{Code: string(code), Message: msg}}, &fx)
}
