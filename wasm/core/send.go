package core

import (
	"strings"

	"github.com/postbridge/postbridge/wasm/clock"
	"github.com/postbridge/postbridge/wasm/envelope"
	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

// Settler receives the answer to a request made with RequestAsync: the
// peer handler's JSON payload (only valid during the call), or an *Error.
// It is called exactly once per request, never with a lock held.
type Settler interface {
	Settle(token uint64, resp []byte, err error)
}

// pendingCall is a request awaiting its answer.
type pendingCall struct {
	typ      string
	start    clock.Duration
	deadline clock.Duration
	timeout  clock.Duration
	sink     Settler
	token    uint64
	// queued is true until the request is posted: a session that ends
	// before then never saw it, so it waits for the next one.
	queued bool
}

// postPort encodes d for the live session and posts it on its port; the
// caller holds mu. fx, when not nil, collects the observer report.
func (c *Channel) postPort(d draft, fx *effects) error {
	if c.live.port == nil {
		return newError(CodeClosed, "no port")
	}
	c.live.sendSeq++
	e := envelope.Envelope{Channel: c.s.Channel, Session: c.live.ours, To: c.live.peer, Seq: c.live.sendSeq, Kind: d.kind, Type: d.typ, ID: d.id, Payload: d.payload, Error: d.fault}
	var data []byte
	var err error
	if d.valid {
		data, err = e.AppendValidated(c.buf[:0], c.s.Limits)
	} else {
		data, err = e.Append(c.buf[:0], c.s.Limits)
	}
	if err != nil {
		c.live.sendSeq--
		return sendError(err)
	}
	c.buf = data
	// The payload is the envelope's last member when there is one and no
	// error: head, the payload as given, then "}".
	if pp, ok := c.live.port.(PartsPoster); ok && d.payload != nil && d.fault == nil {
		n := len(data) - 1 - len(d.payload)
		err = pp.PostParts(data[:n], d.payload, data[len(data)-1:])
	} else {
		err = c.live.port.Post(data)
	}
	if err != nil {
		return newError(CodeClosed, "post: "+err.Error())
	}
	if fx != nil && c.r.observing(ObserveAll) {
		dec := c.decision(Sent, "", "", string(d.kind), d.typ, d.payload)
		fx.add(func() { c.r.report(dec) })
	}
	return nil
}

// sendError maps an envelope validation error on the way out.
func sendError(err error) error {
	if is(err, envelope.ErrTooLarge) || is(err, envelope.ErrTooDeep) {
		return newError(CodeTooLarge, err.Error())
	}
	return newError(CodeEnvelope, err.Error())
}

// checkName refuses a message type that is not a valid name, or that the
// protocol keeps for itself.
func checkName(typ string) error {
	if !envelope.ValidName(typ) {
		return newError(CodeBadConfig, "type "+quote(typ)+" must match [A-Za-z][A-Za-z0-9._:-]{0,63}")
	}
	if strings.HasPrefix(typ, ReservedPrefix) {
		return newError(CodeBadConfig, "type "+quote(typ)+": names starting with "+quote(ReservedPrefix)+" are reserved for the protocol")
	}
	return nil
}

// prepare checks an outbound message before it is queued or sent, so the
// caller learns at once what is wrong with it.
func (c *Channel) prepare(kind envelope.Kind, typ string, payload []byte) error {
	if err := checkName(typ); err != nil {
		return err
	}
	// Any valid session will do; the live one may change under a reload.
	const session = "probe-session-0000"
	probe := envelope.Envelope{Channel: c.s.Channel, Session: session, To: session, Seq: 1, Kind: kind, Type: typ, ID: 1, Payload: payload}
	if kind == envelope.KindEvent {
		probe.ID = 0
	}
	if err := probe.Validate(c.s.Limits); err != nil {
		return sendError(err)
	}
	return c.checkPayload(typ, payload)
}

// sending reports whether messages go out now rather than to the queue:
// a live session that no candidate is challenging.
func (c *Channel) sending() bool {
	return c.state == connected && !(c.hs.active && c.hs.candidate)
}

// send posts d now, or queues it until a session is sure; the caller
// holds mu.
func (c *Channel) send(d draft, fx *effects) error {
	switch {
	case c.state == closed:
		return newError(CodeClosed, "the channel is closed")
	case c.sending():
		return c.postPort(d, fx)
	}
	if len(c.queue) >= c.s.MaxQueue {
		return newError(CodeLimit, "more than "+itoa(c.s.MaxQueue)+" messages queued before the handshake")
	}
	d.payload = clone(d.payload)
	c.queue = append(c.queue, d)
	return nil
}

// flush posts what was queued, in order; the caller holds mu.
func (c *Channel) flush(fx *effects) {
	if !c.sending() {
		return
	}
	q := c.queue
	c.queue = nil
	for _, d := range q {
		if d.kind == envelope.KindRequest {
			p, ok := c.pending[d.id]
			if !ok {
				continue // abandoned while queued: nobody waits for the answer
			}
			p.queued = false
			c.pending[d.id] = p
		}
		c.postPort(d, fx)
	}
}

// Emit sends an event with a JSON payload (nil for none). Before the
// handshake completes, events are queued and sent in order once it does.
// Emit does not keep payload.
func (c *Channel) Emit(typ string, payload []byte) error {
	if err := c.prepare(envelope.KindEvent, typ, payload); err != nil {
		return err
	}
	var fx effects
	c.mu.Lock()
	err := c.send(draft{kind: envelope.KindEvent, typ: typ, payload: payload, valid: true}, &fx)
	c.mu.Unlock()
	fx.run()
	return err
}

// RequestAsync sends a request and returns at once; s.Settle(token, …) is
// called once with the answer, or with an *Error (TIMEOUT when none came
// within timeout, zero meaning the channel's Timeout; CLOSED when the
// session ended). It returns the request's id, for Abandon. A request that
// cannot be sent fails here and s is never called. It does not keep
// payload.
func (c *Channel) RequestAsync(typ string, payload []byte, timeout clock.Duration, s Settler, token uint64) (uint64, error) {
	if err := c.prepare(envelope.KindRequest, typ, payload); err != nil {
		return 0, err
	}
	if timeout <= 0 {
		timeout = c.s.Timeout
	}
	now := c.r.opt.Now()
	var fx effects
	c.mu.Lock()
	if len(c.pending) >= c.s.MaxPending {
		c.mu.Unlock()
		return 0, newError(CodeLimit, "more than "+itoa(c.s.MaxPending)+" requests pending")
	}
	c.nextID++
	id := c.nextID
	p := pendingCall{typ: typ, start: now, deadline: now + timeout, timeout: timeout, sink: s, token: token, queued: !c.sending()}
	err := c.send(draft{kind: envelope.KindRequest, typ: typ, id: id, payload: payload, valid: true}, &fx)
	if err == nil {
		c.pending[id] = p
		c.wantAt(p.deadline)
	}
	c.mu.Unlock()
	fx.run()
	if err != nil {
		return 0, err
	}
	return id, nil
}

// Abandon gives up on a pending request, settling it with err; a late
// answer is then refused as not pending. Abandoning a settled request
// does nothing.
func (c *Channel) Abandon(id uint64, err error) {
	c.mu.Lock()
	p, ok := c.pending[id]
	delete(c.pending, id)
	c.mu.Unlock()
	if ok {
		p.sink.Settle(p.token, nil, err)
	}
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte(nil), b...)
}

// clip cuts s to at most n bytes without splitting a character.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return jsonvalue.ToValidUTF8(s[:n], "")
}
