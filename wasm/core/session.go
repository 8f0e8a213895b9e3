package core

import (
	"github.com/postbridge/postbridge/wasm/clock"

	"github.com/postbridge/postbridge/wasm/envelope"
)

// probeType is the request a channel sends on the live port to learn
// whether the live peer is still there (see handshake.go, 6). Types
// starting with ReservedPrefix belong to the protocol: a peer of any
// version answers an unknown request type, if only with UNKNOWN_TYPE,
// and that answer is all a probe needs.
const probeType = ReservedPrefix + "probe"

// ReservedPrefix starts the message types the protocol keeps for itself;
// handlers and messages may not use them.
const ReservedPrefix = "postbridge."

// retired remembers the last ended sessions of the peer, so that their
// messages are refused at once. It is only a shortcut: see handshake.go, 7.
type retired struct {
	ring [64]string
	next int
}

func (r *retired) add(s string) {
	if s == "" || r.has(s) {
		return
	}
	r.ring[r.next] = s
	r.next = (r.next + 1) % len(r.ring)
}

func (r *retired) has(s string) bool {
	for _, x := range r.ring {
		if x != "" && x == s {
			return true
		}
	}
	return false
}

// replaceLive ends the live session, if any, and makes s the live one;
// the caller holds mu and calls complete next.
func (c *Channel) replaceLive(s session, fx *effects) {
	if c.state == connected {
		c.endSession(newError(CodeClosed, "the peer started a new session (reload or navigation)"), fx)
	}
	c.live = s
}

// endSession fails what belongs to the live session and drops its port;
// the caller holds mu. Requests still queued go to the next session.
func (c *Channel) endSession(reason error, fx *effects) {
	for id, p := range c.pending {
		if p.queued {
			continue
		}
		delete(c.pending, id)
		fx.settle(p, reason)
	}
	for id, in := range c.inflight {
		delete(c.inflight, id)
		if in.cancel != nil {
			fx.add(func() { in.cancel(false) })
		}
	}
	if c.live.port != nil {
		c.live.port.Close()
	}
	c.retired.add(c.live.peer)
	c.live = session{} // the next session may show any allowed origin
	c.probe = 0
	if c.state == connected {
		c.state = waiting
	}
}

// waitForPeer ends the live session and waits, up to the timeout, for a
// page of the peer window that can finish a handshake; the caller holds
// mu.
func (c *Channel) waitForPeer(now clock.Duration, reason error, fx *effects) {
	c.endSession(reason, fx)
	if c.hs.active && c.hs.candidate {
		// The candidate may still complete; it is now an ordinary
		// attempt, and may post hellos (there is no live peer to
		// mislead), which an older peer needs to offer us a port.
		c.hs.candidate = false
		c.hs.deadline = now + c.s.Timeout
		c.wantAt(c.hs.deadline)
		if c.hs.peer != "" && c.hs.ours > c.hs.peer {
			c.postHello(now)
		}
		return
	}
	c.begin(now, false)
}

// finish closes the channel for good; the caller holds mu and runs the
// returned effects after unlocking.
func (c *Channel) finish(reason error) effects {
	var fx effects
	if c.state == closed {
		return fx
	}
	c.endSession(reason, &fx)
	for id, p := range c.pending { // the queued ones
		delete(c.pending, id)
		fx.settle(p, reason)
	}
	c.dropOffer()
	c.hs = attempt{}
	c.state = closed
	c.doneErr = reason
	c.queue = nil
	if !isClosed(c.ready) {
		c.readyErr = reason
		close(c.ready)
		for _, f := range c.onReady {
			fx.add(func() { f(reason) })
		}
		c.onReady = nil
	}
	close(c.done)
	cbs := c.onClose
	c.onClose = nil
	fx.add(func() { c.r.remove(c) })
	for _, f := range cbs {
		fx.add(func() { f(reason) })
	}
	c.r.opt.Notify()
	return fx
}

// settle adds the answer of a pending call to the effects.
func (fx *effects) settle(p pendingCall, err error) {
	fx.add(func() { p.sink.Settle(p.token, nil, err) })
}

// sendProbe asks the live peer, on its port, whether it is still there;
// the caller holds mu.
func (c *Channel) sendProbe(now clock.Duration) {
	if c.probe != 0 {
		return
	}
	c.nextID++
	if c.postPort(draft{kind: envelope.KindRequest, typ: probeType, id: c.nextID}, nil) != nil {
		return
	}
	c.probe, c.probeBy = c.nextID, now+c.s.Timeout
	c.wantAt(c.probeBy)
}

// probed handles the live peer's answer to the probe: the candidate that
// made us ask was a replay. The caller holds mu.
func (c *Channel) probed(fx *effects) {
	c.probe = 0
	if !c.hs.active || !c.hs.candidate {
		return
	}
	who := c.hs.peer
	c.retired.add(who)
	c.dropOffer()
	c.hs = attempt{}
	d := c.decision(Refused, CodeReplay, "hello of session "+quote(who)+" refused: the live session answered on its port, so that hello was a replay", "hello", "", nil)
	fx.add(func() { c.r.report(d) })
	c.flush(fx)
}

// hellos reports whether the attempt still posts hellos: a first
// handshake that has not offered a port (once it has, the peer knows our
// session from the welcome).
func (c *Channel) hellos() bool {
	return c.hs.active && !c.hs.candidate && c.state == handshaking && c.hs.offered == nil && c.hs.nextHello != 0
}

// wantAt asks the router for a Tick at t.
func (c *Channel) wantAt(t clock.Duration) { c.r.want(t) }

// sweep runs the channel's deadlines that have passed and returns its
// next one (zero for none).
func (c *Channel) sweep(now clock.Duration) clock.Duration {
	var fx effects
	c.mu.Lock()
	next := c.sweepLocked(now, &fx)
	c.mu.Unlock()
	fx.run()
	return next
}

func (c *Channel) sweepLocked(now clock.Duration, fx *effects) clock.Duration {
	if c.state == closed {
		return 0
	}
	if c.probe != 0 && now >= c.probeBy {
		c.waitForPeer(now, newError(CodeClosed, "the peer did not answer on its port within "+c.s.Timeout.String()), fx)
	}
	if c.hs.active && now >= c.hs.deadline {
		switch {
		case c.state == handshaking:
			*fx = append(*fx, c.finish(newError(CodeTimeout, "no handshake with "+c.s.describe()+" within "+c.s.Timeout.String()))...)
			return 0
		case c.state == waiting:
			*fx = append(*fx, c.finish(newError(CodeClosed, "the peer page went away and did not come back within "+c.s.Timeout.String()))...)
			return 0
		default: // a candidate that never completed
			who := c.hs.peer
			c.retired.add(who)
			c.dropOffer()
			c.hs = attempt{}
			d := c.decision(Refused, CodeReplay, "hello of session "+quote(who)+" was not followed by a handshake within "+c.s.Timeout.String()+"; the live session is kept", "hello", "", nil)
			fx.add(func() { c.r.report(d) })
			c.flush(fx)
		}
	}
	if c.hellos() && now >= c.hs.nextHello {
		c.postHello(now)
	}
	var next clock.Duration
	earliest := func(t clock.Duration) {
		if t != 0 && (next == 0 || t < next) {
			next = t
		}
	}
	if c.hs.active {
		earliest(c.hs.deadline)
		if c.hellos() {
			earliest(c.hs.nextHello)
		}
	}
	if c.probe != 0 {
		earliest(c.probeBy)
	}
	for id, p := range c.pending {
		if now >= p.deadline {
			delete(c.pending, id)
			fx.settle(p, newError(CodeTimeout, "no answer to "+quote(p.typ)+" within "+p.timeout.String()))
			continue
		}
		earliest(p.deadline)
	}
	for id, in := range c.inflight {
		if now >= in.deadline {
			c.expire(id, in, fx)
			continue
		}
		earliest(in.deadline)
	}
	return next
}
