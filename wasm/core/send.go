package core

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/postbridge/postbridge/wasm/envelope"
)

// call is a request awaiting its answer.
type call struct {
	typ   string
	start time.Time
	done  chan struct{}
	resp  []byte
	err   error
	// queued is true until the request is posted: a session that ends
	// before then never saw it, so it waits for the next one.
	queued bool
}

// settle answers the call once; the caller holds the channel's mu.
func (p *call) settle(resp []byte, err error) {
	select {
	case <-p.done:
	default:
		p.resp, p.err = resp, err
		close(p.done)
	}
}

// postPort encodes d for the current session and posts it on the port;
// the caller holds mu. fx, when not nil, collects the observer report.
func (c *Channel) postPort(d draft, fx *effects) error {
	if c.port == nil {
		return newError(CodeClosed, "no port")
	}
	c.sendSeq++
	e := envelope.Envelope{Channel: c.s.Channel, Session: c.session, To: c.peer, Seq: c.sendSeq, Kind: d.kind, Type: d.typ, ID: d.id, Payload: d.payload, Error: d.fault}
	data, err := envelope.Encode(e, c.s.Limits)
	if err != nil {
		c.sendSeq--
		return sendError(err)
	}
	if err := c.port.Post(data); err != nil {
		return newError(CodeClosed, "post: "+err.Error())
	}
	if fx != nil {
		dec := c.decision(Sent, "", "", e)
		fx.add(func() { c.r.report(dec) })
	}
	return nil
}

// sendError maps an envelope validation error on the way out.
func sendError(err error) error {
	if errors.Is(err, envelope.ErrTooLarge) || errors.Is(err, envelope.ErrTooDeep) {
		return newError(CodeTooLarge, err.Error())
	}
	return newError(CodeEnvelope, err.Error())
}

// prepare checks an outbound message before it is queued or sent, so the
// caller learns at once what is wrong with it.
func (c *Channel) prepare(kind envelope.Kind, typ string, payload []byte) error {
	if !envelope.ValidName(typ) {
		return newError(CodeBadConfig, "type "+quote(typ)+" must match [A-Za-z][A-Za-z0-9._:-]{0,63}")
	}
	// Any valid session will do; c.session may change under a reload.
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

// send posts d now, or queues it until the handshake completes; the
// caller holds mu.
func (c *Channel) send(d draft, fx *effects) error {
	switch c.state {
	case closed:
		return newError(CodeClosed, "the channel is closed")
	case connected:
		return c.postPort(d, fx)
	}
	if len(c.queue) >= c.s.MaxQueue {
		return newError(CodeLimit, "more than "+itoa(c.s.MaxQueue)+" messages queued before the handshake")
	}
	c.queue = append(c.queue, d)
	return nil
}

// Emit sends an event with a JSON payload (nil for none). Before the
// handshake completes, events are queued and sent in order once it does.
func (c *Channel) Emit(typ string, payload []byte) error {
	if err := c.prepare(envelope.KindEvent, typ, payload); err != nil {
		return err
	}
	var fx effects
	c.mu.Lock()
	err := c.send(draft{kind: envelope.KindEvent, typ: typ, payload: clone(payload)}, &fx)
	c.mu.Unlock()
	fx.run()
	return err
}

// Request sends a request and waits for its answer: the peer handler's
// JSON payload, or an *Error (TIMEOUT when neither an answer nor ctx's
// end comes within timeout; zero means the channel's Timeout).
func (c *Channel) Request(ctx context.Context, typ string, payload []byte, timeout time.Duration) ([]byte, error) {
	if err := c.prepare(envelope.KindRequest, typ, payload); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil { // do not ask for what nobody awaits
		return nil, newError(CodeTimeout, "request "+quote(typ)+": "+err.Error())
	}
	if timeout <= 0 {
		timeout = c.s.Timeout
	}
	var fx effects
	c.mu.Lock()
	if len(c.pending) >= c.s.MaxPending {
		c.mu.Unlock()
		return nil, newError(CodeLimit, "more than "+itoa(c.s.MaxPending)+" requests pending")
	}
	c.nextID++
	id := c.nextID
	p := &call{typ: typ, start: time.Now(), done: make(chan struct{}), queued: c.state != connected}
	err := c.send(draft{kind: envelope.KindRequest, typ: typ, id: id, payload: clone(payload)}, &fx)
	if err == nil {
		c.pending[id] = p
	}
	c.mu.Unlock()
	fx.run()
	if err != nil {
		return nil, err
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-p.done:
	case <-t.C:
		c.abandon(id, p, newError(CodeTimeout, "no answer to "+quote(typ)+" within "+timeout.String()))
	case <-ctx.Done():
		c.abandon(id, p, newError(CodeTimeout, "request "+quote(typ)+": "+ctx.Err().Error()))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return p.resp, p.err
}

// abandon gives up on a pending call; a late answer is then refused as
// not pending.
func (c *Channel) abandon(id uint64, p *call, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending[id] == p {
		delete(c.pending, id)
	}
	p.settle(nil, err)
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
	return strings.ToValidUTF8(s[:n], "")
}
