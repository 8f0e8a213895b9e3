package core

// The handshake, and what it must guarantee:
//
//  1. Nothing is ever posted to '*': hello and welcome name the exact
//     origin, so the browser drops them if the peer window shows anything
//     else (an about:blank frame still loading, or a page navigated away).
//  2. Either side may load first. Both post hello (with backoff) until
//     answered; a side that receives a hello from a new session answers at
//     once, so the late side needs no retry to be found.
//  3. Exactly one side creates the MessageChannel: the one whose session
//     nonce sorts first (the leader). It posts welcome with the port; the
//     follower adopts the port and acknowledges on it. Only then does the
//     leader count as connected, so no message is sent on a port the peer
//     never took.
//  4. Versions are negotiated in hello ("versions") and fixed in welcome
//     ("version"); a peer with no version in common fails with VERSION
//     rather than a timeout.
//  5. A hello from a new session of the same window (a reload, or a
//     navigation back to the allowed origin) ends the current session:
//     pending requests fail with CLOSED and a new handshake starts with a
//     new nonce of ours. The peer's old sessions are retired: anything
//     from them is refused as REPLAY.

import (
	"time"

	"github.com/postbridge/postbridge/wasm/envelope"
	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

const (
	firstRetry = 20 * time.Millisecond
	maxRetry   = 500 * time.Millisecond
)

var (
	helloPayload   = []byte(`{"versions":[1],"caps":["port"]}`)
	welcomePayload = []byte(`{"version":1}`)
)

// start posts the first hello and arms the handshake deadline; the
// caller holds mu.
func (c *Channel) start() {
	c.arm()
	c.deadline = time.AfterFunc(c.s.Timeout, c.handshakeTimeout)
}

// arm posts a hello and schedules the next one; the caller holds mu.
func (c *Channel) arm() {
	c.backoff = firstRetry
	c.postHello()
	c.scheduleRetry()
}

func (c *Channel) scheduleRetry() {
	if c.retry != nil {
		c.retry.Stop()
	}
	c.retry = time.AfterFunc(c.backoff, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.state != handshaking {
			return
		}
		c.postHello()
		c.backoff *= 2
		if c.backoff > maxRetry {
			c.backoff = maxRetry
		}
		c.scheduleRetry()
	})
}

func (c *Channel) postHello() {
	c.sendSeq++
	e := envelope.Envelope{Channel: c.s.Channel, Session: c.session, Seq: c.sendSeq, Kind: envelope.KindHello, Payload: helloPayload}
	if data, err := envelope.Encode(e, c.s.Limits); err == nil {
		c.win.Post(data)
	}
}

func (c *Channel) handshakeTimeout() {
	c.mu.Lock()
	var fx effects
	switch c.state {
	case handshaking, offered:
		fx = c.finish(newError(CodeTimeout, "no handshake with "+c.s.origin.String()+" within "+c.s.Timeout.String()))
	case waiting:
		fx = c.finish(newError(CodeClosed, "the peer page went away and did not come back within "+c.s.Timeout.String()))
	}
	c.mu.Unlock()
	fx.run()
}

// versionRefused fails a handshake in progress when the peer's envelopes
// carry a version we do not speak.
func (c *Channel) versionRefused(err error) {
	c.mu.Lock()
	fx := c.finishIfHandshaking(err)
	c.mu.Unlock()
	fx.run()
}

// fromWindow handles an envelope that passed the origin, source and
// channel checks. It reports whether it took the transferred port.
func (c *Channel) fromWindow(e envelope.Envelope, port Port) (took bool) {
	var fx effects
	defer func() { fx.run() }()
	c.mu.Lock()
	defer c.mu.Unlock()
	refuse := func(code Code, detail string) {
		fx.add(func() { c.r.report(c.decision(Refused, code, detail, e)) })
	}
	if c.state == closed {
		refuse(CodeState, "the channel is closed")
		return false
	}
	if e.Session == c.session {
		refuse(CodeReplay, "the message carries our own session: a reflection")
		return false
	}
	for _, old := range c.retired {
		if e.Session == old {
			refuse(CodeReplay, "the message belongs to an ended session of the peer")
			return false
		}
	}
	switch e.Kind {
	case envelope.KindHello:
		if err := checkHello(e.Payload); err != nil {
			fx = append(fx, c.finishIfHandshaking(err)...)
			refuse(CodeVersion, err.Error())
			return false
		}
		if e.Session == c.peer {
			if e.Seq <= c.winSeq {
				refuse(CodeReplay, "hello sequence number "+itoa(int(e.Seq))+" was already seen")
			}
			c.winSeq = max(c.winSeq, e.Seq)
			return false // a retry of a hello we already answered
		}
		if c.peer != "" || c.state == waiting {
			if c.state == connected { // no deadline is running
				c.deadline = time.AfterFunc(c.s.Timeout, c.handshakeTimeout)
			}
			c.endSession(newError(CodeClosed, "the peer started a new session (reload or navigation)"), &fx)
			c.newSession()
			c.state = handshaking
		}
		c.peer, c.winSeq = e.Session, e.Seq
		fx.add(func() { c.r.report(c.decision(Accepted, "", "hello", e)) })
		if c.session < c.peer {
			c.offer()
		} else {
			c.postHello()
		}
		return false
	case envelope.KindWelcome:
		switch {
		case port == nil:
			refuse(CodeEnvelope, "welcome without a transferred port")
		case e.To != c.session:
			refuse(CodeReplay, "welcome addressed to another session")
		case c.state != handshaking:
			refuse(CodeState, "welcome while not handshaking")
		case c.session < e.Session:
			refuse(CodeState, "welcome from the follower")
		case checkWelcome(e.Payload) != nil:
			refuse(CodeVersion, "welcome names no version we speak")
		default:
			c.peer, c.winSeq = e.Session, e.Seq
			c.adopt(port)
			c.postPort(draft{kind: envelope.KindWelcome, payload: welcomePayload}, &fx)
			c.connect(&fx)
			fx.add(func() { c.r.report(c.decision(Accepted, "", "welcome", e)) })
			return true
		}
		return false
	}
	refuse(CodeState, "after the handshake, "+string(e.Kind)+" messages travel only on the MessageChannel port")
	return false
}

// finishIfHandshaking fails a handshake in progress with VERSION; the
// caller holds mu and runs the returned effects after unlocking.
func (c *Channel) finishIfHandshaking(err error) effects {
	if c.state != handshaking {
		return nil
	}
	return c.finish(newError(CodeVersion, err.Error()))
}

// offer creates the MessageChannel and posts welcome; the caller holds mu.
func (c *Channel) offer() {
	c.sendSeq++
	e := envelope.Envelope{Channel: c.s.Channel, Session: c.session, To: c.peer, Seq: c.sendSeq, Kind: envelope.KindWelcome, Payload: welcomePayload}
	data, err := envelope.Encode(e, c.s.Limits)
	if err != nil {
		return
	}
	port, err := c.win.Offer(data)
	if err != nil {
		return
	}
	c.state = offered
	c.adopt(port)
}

// adopt makes port the session's port and starts it. The port has its
// own sequence numbers, both ways, from 1.
func (c *Channel) adopt(port Port) {
	if c.port != nil {
		c.port.Close()
	}
	c.portGen++
	gen := c.portGen
	c.port = port
	c.recvSeq, c.sendSeq = 0, 0
	port.Start(func(data []byte, isString bool) { c.fromPort(gen, data, isString) })
}

// connect marks the session live and flushes what was queued.
func (c *Channel) connect(fx *effects) {
	c.state = connected
	if c.retry != nil {
		c.retry.Stop()
	}
	if c.deadline != nil {
		c.deadline.Stop()
	}
	q := c.queue
	c.queue = nil
	for _, d := range q {
		if d.kind == envelope.KindRequest {
			p := c.pending[d.id]
			if p == nil {
				continue // abandoned while queued: nobody waits for the answer
			}
			p.queued = false
		}
		c.postPort(d, fx)
	}
	if !isClosed(c.ready) {
		close(c.ready)
	}
}

// unload tells a connected peer that this page is going away.
func (c *Channel) unload() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state == connected {
		c.postPort(draft{kind: envelope.KindClose, fault: &envelope.Fault{Code: "UNLOAD", Message: "page unloading"}}, nil)
	}
}

func checkHello(payload []byte) error {
	v, err := jsonvalue.Parse(payload, jsonvalue.Limits{})
	if err == nil {
		if vs, ok := v.Get("versions"); ok && vs.Kind() == jsonvalue.Array {
			for i := 0; i < vs.Len(); i++ {
				if n, ok := vs.Index(i).Int64(); ok && n == envelope.Version {
					return nil
				}
			}
		}
	}
	return newError(CodeVersion, "the peer's hello lists no protocol version we speak (we speak 1)")
}

func checkWelcome(payload []byte) error {
	v, err := jsonvalue.Parse(payload, jsonvalue.Limits{})
	if err == nil {
		if n, ok := v.Get("version"); ok {
			if x, ok := n.Int64(); ok && x == envelope.Version {
				return nil
			}
		}
	}
	return newError(CodeVersion, "welcome names no version we speak")
}
