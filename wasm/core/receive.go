package core

import (
	"strings"

	"github.com/postbridge/postbridge/wasm/envelope"
)

// decision describes a message for the observer. payload is copied: the
// observer may keep the decision.
func (c *Channel) decision(v Verdict, code Code, detail, kind, typ string, payload []byte) Decision {
	if c.s.Secret != "" && (kind == "hello" || kind == "welcome") {
		payload = nil // it may carry the secret: never shown
	}
	return Decision{Verdict: v, Reason: code, Detail: detail, Origin: c.peerOrigin(), Channel: c.s.Channel, Kind: kind, Type: strings.Clone(typ), Payload: clone(payload)}
}

// refuseLater reports a refusal of v once the lock is released.
func (c *Channel) refuseLater(fx *effects, code Code, detail string, v *view) {
	if !c.r.observing(ObserveRefusals) {
		c.r.refusals.count(code)
		return
	}
	var d Decision
	if v == nil {
		d = c.decision(Refused, code, detail, "", "", nil)
	} else {
		d = c.decision(Refused, code, detail, string(v.Kind), string(v.Type), v.Payload)
	}
	fx.add(func() { c.r.report(d) })
}

// acceptLater reports the acceptance of v once the lock is released.
func (c *Channel) acceptLater(fx *effects, kind, detail string, v *view) {
	if !c.r.observing(ObserveAll) {
		return
	}
	d := c.decision(Accepted, "", detail, kind, string(v.Type), v.Payload)
	fx.add(func() { c.r.report(d) })
}

// fromPort handles one message of the port of generation gen: the live
// session's, or the one we offered and await the acknowledgement on. The
// port is private to the peer, but its traffic is still validated: a buggy
// or compromised peer can neither crash nor pollute us.
func (c *Channel) fromPort(gen int, data []byte, kind DataKind) {
	var fx effects
	var out outcome
	c.mu.Lock()
	c.fromPortLocked(gen, data, kind, &fx, &out)
	c.mu.Unlock()
	fx.run()
	out.run()
}

// outcome is what a port message leads to once the lock is released,
// kept in a value so that the common path allocates nothing.
type outcome struct {
	c       *Channel
	report  bool
	d       Decision
	event   EventFunc
	handler AsyncHandler
	in      Incoming
	sink    Settler
	token   uint64
	resp    []byte
	err     error
	payload []byte
	meta    Meta
}

func (o *outcome) run() {
	if o.report {
		o.d.Time = o.c.r.opt.Wall()
		o.c.r.report(o.d)
	}
	switch {
	case o.sink != nil:
		o.sink.Settle(o.token, o.resp, o.err)
	case o.event != nil:
		o.event(o.payload, o.meta)
	case o.handler != nil:
		o.handler(o.in, o.payload, o.meta)
	}
}

func (c *Channel) fromPortLocked(gen int, data []byte, kind DataKind, fx *effects, out *outcome) {
	if c.state == closed {
		return
	}
	if gen == c.hs.offerGen && c.hs.offered != nil {
		c.fromOffered(data, kind, fx)
		return
	}
	if gen != c.live.gen || c.state != connected {
		return // a port of an ended session
	}
	// The port is the peer's alone and ordered, so a message on it that
	// cannot be read still used the next sequence number: count it, or one
	// oversized payload would make everything after it look like a replay.
	switch kind {
	case DataOther:
		c.live.recvSeq++
		c.refuseLater(fx, CodeEnvelope, "port message is not a string", nil)
		return
	case DataTooLong:
		c.live.recvSeq++
		c.refuseLater(fx, CodeTooLarge, "port message is over the size limit; it was not read", nil)
		return
	}
	var v view
	err := v.decode(data, c.s.Limits)
	switch {
	case err != nil:
		c.live.recvSeq++
		c.refuseLater(fx, decodeCode(err), err.Error(), nil)
		return
	case string(v.Channel) != c.s.Channel:
		c.refuseLater(fx, CodeChannel, "port message for channel "+quote(string(v.Channel)), &v)
		return
	case string(v.Session) != c.live.peer || string(v.To) != c.live.ours:
		c.refuseLater(fx, CodeReplay, "port message of another session", &v)
		return
	case v.Seq != c.live.recvSeq+1:
		c.refuseLater(fx, CodeReplay, "sequence number "+itoa(int(v.Seq))+" where "+itoa(int(c.live.recvSeq+1))+" was due", &v)
		return
	}
	c.live.recvSeq = v.Seq
	switch v.Kind {
	case envelope.KindEvent:
		c.event(&v, fx, out)
	case envelope.KindRequest:
		c.request(&v, fx, out)
	case envelope.KindResponse, envelope.KindError:
		c.answer(&v, fx, out)
	case envelope.KindClose:
		c.acceptLater(fx, "close", "", &v)
		if v.HasError && string(v.Error.Code) == "UNLOAD" {
			c.waitForPeer(c.r.opt.Now(), newError(CodeClosed, "the peer page unloaded"), fx)
			return
		}
		*fx = append(*fx, c.finish(newError(CodeClosed, "closed by the peer"))...)
	default:
		c.refuseLater(fx, CodeState, string(v.Kind)+" after the handshake", &v)
	}
}

// fromOffered handles a message on a port we offered: only its
// acknowledgement, a welcome numbered 1 addressed to our attempt, counts.
func (c *Channel) fromOffered(data []byte, kind DataKind, fx *effects) {
	var v view
	if kind != DataString || v.decode(data, c.s.Limits) != nil ||
		v.Kind != envelope.KindWelcome || string(v.Channel) != c.s.Channel || string(v.Session) != c.hs.offeredTo ||
		string(v.To) != c.hs.ours || v.Seq != 1 || checkWelcome(v.Payload) != nil {
		c.refuseLater(fx, CodeState, "expected the welcome acknowledgement on the offered port", nil)
		return
	}
	c.acked(&v, fx)
}

// answer settles a pending request with a response or an error.
func (c *Channel) answer(v *view, fx *effects, out *outcome) {
	if c.probe != 0 && v.ID == c.probe {
		c.probed(fx)
		return
	}
	p, ok := c.pending[v.ID]
	if !ok {
		c.refuseLater(fx, CodeState, "answer to request "+itoa(int(v.ID))+", which is not pending", v)
		return
	}
	delete(c.pending, v.ID)
	if c.r.observing(ObserveAll) {
		out.report, out.c = true, c
		out.d = c.decision(Accepted, "", "", string(v.Kind), p.typ, v.Payload)
		out.d.Latency = c.r.opt.Now() - p.start
	}
	out.sink, out.token = p.sink, p.token
	if v.Kind == envelope.KindError {
		out.err = &Error{Code: wireCode(string(v.Error.Code)), Message: v.Error.Message()}
		return
	}
	if err := c.checkResponse(p.typ, v.Payload); err != nil {
		out.err = err
		return
	}
	out.resp = v.Payload
}

// event hands an event to its handler.
func (c *Channel) event(v *view, fx *effects, out *outcome) {
	h, ok := c.events[string(v.Type)]
	typ := h.typ
	if !ok {
		typ = string(v.Type)
	}
	if err := c.checkPayload(typ, v.Payload); err != nil {
		be, _ := asError(err) // checkPayload returns *Error
		c.refuseLater(fx, be.Code, be.Message, v)
		return
	}
	if c.r.observing(ObserveAll) {
		out.report, out.c = true, c
		out.d = c.decision(Accepted, "", "", string(v.Kind), typ, v.Payload)
		if !ok {
			out.d.Detail = "no handler for this event type"
		}
	}
	if ok {
		out.event, out.payload = h.f, v.Payload
		out.meta = Meta{Origin: c.peerOrigin(), Channel: c.s.Channel, Type: h.typ, Session: c.live.peer}
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
