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
//     nonce sorts first (the leader), or, beside a live session, the side
//     that must check a new session (see 6). It posts welcome with the
//     port; the other adopts the port and acknowledges on it. Only then
//     does the offering side count as connected, so no message is sent on
//     a port the peer never took.
//  4. Versions are negotiated in hello ("versions") and fixed in welcome
//     ("version"); a peer with no version in common fails with VERSION
//     rather than a timeout.
//  5. Every completion answers a fresh challenge: the welcome we accept,
//     and the acknowledgement of the port we offered, must be addressed
//     ("to") to the nonce we drew for this very attempt. A message
//     recorded in an earlier session cannot name it, so it cannot finish
//     a handshake, however many sessions ago it was recorded.
//  6. A hello from a new session of the configured window, while a
//     session is live, never ends the live session by itself. It starts a
//     candidate: we offer a port addressed to that session only (a live
//     peer refuses a welcome addressed to someone else) and ask the live
//     peer, on its private port, to answer a probe. If the candidate
//     completes, it was a real new page (a reload or navigation back): the
//     live session ends, pending requests fail with CLOSED, traffic moves
//     to the new port. If the live peer answers the probe first, the hello
//     was a replay: it is refused as REPLAY and nothing else changes. If
//     neither answers within the timeout, the live peer is gone: its
//     session ends and the channel waits, as after an unload, for a page
//     that can finish a handshake.
//  7. Memory stays bounded: one attempt at a time, and a short list of
//     ended sessions (retired) only to refuse their messages at once; 5
//     and 6 hold without it.

import (
	"github.com/postbridge/postbridge/wasm/clock"

	"github.com/postbridge/postbridge/wasm/envelope"
)

const (
	firstRetry = 20 * clock.Millisecond
	maxRetry   = 500 * clock.Millisecond
)

var (
	helloPayload   = []byte(`{"versions":[1],"caps":["port"]}`)
	welcomePayload = []byte(`{"version":1}`)
)

// attempt is a handshake in progress.
type attempt struct {
	active    bool
	candidate bool   // beside a live session: offer only, never post hello
	ours      string // our nonce for this attempt
	peer      string // the peer session we answer, once one said hello
	origin    string // the origin that session showed (our offer's target)
	peerSeq   uint64 // the last hello sequence number of peer
	sendSeq   uint64 // our window messages of this attempt
	offered   Port   // the port we offered, awaiting its acknowledgement
	offeredTo string
	offerGen  int
	backoff   clock.Duration
	nextHello clock.Duration // zero: post no more hellos
	deadline  clock.Duration
}

// begin starts a fresh attempt; the caller holds mu.
func (c *Channel) begin(now clock.Duration, candidate bool) {
	c.dropOffer()
	c.hs = attempt{active: true, candidate: candidate, ours: c.nonce(), deadline: now + c.s.Timeout}
	c.wantAt(c.hs.deadline)
}

// start opens the first handshake; the caller holds mu.
func (c *Channel) start() effects {
	now := c.r.opt.Now()
	c.begin(now, false)
	c.hs.backoff = firstRetry
	c.postHello(now)
	return nil
}

// postHello posts a hello of the attempt and schedules the next one.
func (c *Channel) postHello(now clock.Duration) {
	c.hs.sendSeq++
	e := envelope.Envelope{Channel: c.s.Channel, Session: c.hs.ours, Seq: c.hs.sendSeq, Kind: envelope.KindHello, Payload: c.s.hello}
	if data, err := e.Append(c.buf[:0], c.s.Limits); err == nil {
		c.buf = data
		switch o := c.hs.origin; {
		case c.s.null:
			// A sandboxed peer can be reached only with '*': whatever
			// document its window shows gets this, so it holds nothing
			// but our session and versions (never the secret), and is
			// the only message we post to that window.
			c.win.Post(data, "*")
		case o != "":
			c.win.Post(data, o)
		case c.live.origin != "":
			c.win.Post(data, c.live.origin)
		default: // each allowed origin: the browser delivers the one the window shows
			for _, o := range c.s.origins {
				c.win.Post(data, o)
			}
		}
	}
	if c.hs.backoff == 0 {
		c.hs.backoff = firstRetry
	}
	c.hs.nextHello = now + c.hs.backoff
	c.hs.backoff = min(c.hs.backoff*2, maxRetry)
	c.wantAt(c.hs.nextHello)
}

// offer creates a MessageChannel and posts welcome to the attempt's peer;
// the caller holds mu.
func (c *Channel) offer() {
	c.dropOffer()
	c.hs.sendSeq++
	e := envelope.Envelope{Channel: c.s.Channel, Session: c.hs.ours, To: c.hs.peer, Seq: c.hs.sendSeq, Kind: envelope.KindWelcome, Payload: c.s.welcome}
	data, err := e.Append(c.buf[:0], c.s.Limits)
	if err != nil {
		return
	}
	c.buf = data
	port, err := c.win.Offer(data, c.hs.origin)
	if err != nil {
		return
	}
	c.portGen++
	gen := c.portGen
	c.hs.offered, c.hs.offeredTo, c.hs.offerGen = port, c.hs.peer, gen
	port.Start(func(data []byte, kind DataKind) { c.fromPort(gen, data, kind) })
}

// dropOffer closes a port we offered and nobody took; the caller holds mu.
func (c *Channel) dropOffer() {
	if c.hs.offered != nil {
		c.hs.offered.Close()
		c.hs.offered, c.hs.offeredTo = nil, ""
	}
}

// versionRefused fails a first handshake in progress when the peer's
// envelopes carry a version we do not speak.
func (c *Channel) versionRefused(err error) {
	c.mu.Lock()
	fx := c.finishIfHandshaking(err)
	c.mu.Unlock()
	fx.run()
}

// finishIfHandshaking fails a first handshake in progress with VERSION;
// the caller holds mu and runs the returned effects after unlocking.
func (c *Channel) finishIfHandshaking(err error) effects {
	if c.state != handshaking {
		return nil
	}
	return c.finish(newError(CodeVersion, err.Error()))
}

// fromWindow handles an envelope that passed the origin, source and
// channel checks. It reports whether it took the transferred port.
func (c *Channel) fromWindow(v *view, origin string, port Port) (took bool) {
	var fx effects
	defer func() { fx.run() }()
	c.mu.Lock()
	defer c.mu.Unlock()
	refuse := func(code Code, detail string) { c.refuseLater(&fx, code, detail, v) }
	switch {
	case c.state == closed:
		refuse(CodeState, "the channel is closed")
		return false
	case string(v.Session) == c.hs.ours && c.hs.active, string(v.Session) == c.live.ours && c.state == connected:
		refuse(CodeReplay, "the message carries our own session: a reflection")
		return false
	case c.retired.has(string(v.Session)):
		refuse(CodeReplay, "the message belongs to an ended session of the peer")
		return false
	case c.s.null && !c.proves(v.Payload):
		refuse(CodeOriginRefused, `a message from origin "null" without the channel's secret`)
		return false
	}
	switch v.Kind {
	case envelope.KindHello:
		c.hello(v, origin, &fx, refuse)
		return false
	case envelope.KindWelcome:
		return c.welcome(v, origin, port, &fx, refuse)
	}
	refuse(CodeState, string(v.Kind)+" messages travel only on the MessageChannel port, never on the window")
	return false
}

// hello handles a hello; the caller holds mu.
func (c *Channel) hello(v *view, origin string, fx *effects, refuse func(Code, string)) {
	if err := checkHello(v.Payload); err != nil {
		*fx = append(*fx, c.finishIfHandshaking(err)...)
		refuse(CodeVersion, err.Error())
		return
	}
	switch {
	case c.state == connected && string(v.Session) == c.live.peer:
		c.retry(&c.live.winSeq, v, refuse)
		return
	case c.hs.active && string(v.Session) == c.hs.peer:
		c.retry(&c.hs.peerSeq, v, refuse)
		return
	}
	now := c.r.opt.Now()
	if c.state == connected {
		// 6: a candidate beside the live session.
		if c.hs.active && c.hs.peer != "" {
			c.retired.add(c.hs.peer)
		}
		c.begin(now, true)
		c.hs.peer, c.hs.peerSeq, c.hs.origin = string(v.Session), v.Seq, origin
		if c.s.null {
			c.postHello(now) // the sandboxed side offers the port
		} else {
			c.offer()
		}
		c.sendProbe(now)
		c.acceptLater(fx, "hello", "a new session: the live one continues until this one completes the handshake", v)
		return
	}
	if !c.hs.active { // waiting after an unload: a new attempt
		c.begin(now, false)
	}
	if c.hs.peer != "" {
		c.retired.add(c.hs.peer) // superseded by a newer page of the window
	}
	c.hs.peer, c.hs.peerSeq, c.hs.origin = string(v.Session), v.Seq, origin
	c.acceptLater(fx, "hello", "", v)
	if c.offers() {
		c.offer()
		return
	}
	c.dropOffer()
	c.postHello(now)
}

// retry checks the sequence number of a hello already answered.
func (c *Channel) retry(last *uint64, v *view, refuse func(Code, string)) {
	if v.Seq <= *last {
		refuse(CodeReplay, "hello sequence number "+itoa(int(v.Seq))+" was already seen")
		return
	}
	*last = v.Seq
}

// welcome handles a welcome posted to the window; the caller holds mu.
func (c *Channel) welcome(v *view, origin string, port Port, fx *effects, refuse func(Code, string)) bool {
	switch {
	case c.s.Sandboxed:
		refuse(CodeState, "between a sandboxed frame and its embedder, only the sandboxed frame offers the port")
	case port == nil:
		refuse(CodeEnvelope, "welcome without a transferred port")
	case c.hs.origin != "" && origin != c.hs.origin:
		refuse(CodeOriginRefused, "welcome from "+quote(origin)+" while answering a page of "+c.hs.origin)
	case !c.hs.active || string(v.To) != c.hs.ours:
		refuse(CodeReplay, "welcome addressed to another session")
	case c.hs.peer != "" && string(v.Session) != c.hs.peer:
		refuse(CodeReplay, "welcome from session "+quote(string(v.Session))+" while answering "+quote(c.hs.peer))
	case c.hs.offered != nil && c.hs.offeredTo == string(v.Session) && c.hs.ours < string(v.Session):
		refuse(CodeState, "welcome from the follower while our own offer is out")
	case checkWelcome(v.Payload) != nil:
		refuse(CodeVersion, "welcome names no version we speak")
	default:
		c.portGen++
		s := session{ours: c.hs.ours, peer: string(v.Session), origin: origin, port: port, gen: c.portGen, winSeq: v.Seq}
		c.adopt(&s)
		c.replaceLive(s, fx)
		c.postPort(draft{kind: envelope.KindWelcome, payload: welcomePayload}, fx)
		c.complete(fx)
		c.acceptLater(fx, "welcome", "", v)
		return true
	}
	return false
}

// adopt starts delivery on the port of s.
func (c *Channel) adopt(s *session) {
	gen := s.gen
	s.port.Start(func(data []byte, kind DataKind) { c.fromPort(gen, data, kind) })
}

// acked completes the attempt whose offered port got its
// acknowledgement; the caller holds mu.
func (c *Channel) acked(v *view, fx *effects) {
	s := session{ours: c.hs.ours, peer: c.hs.offeredTo, origin: c.hs.origin, port: c.hs.offered, gen: c.hs.offerGen, recvSeq: 1, winSeq: c.hs.peerSeq}
	c.hs.offered = nil
	c.replaceLive(s, fx)
	c.complete(fx)
	c.acceptLater(fx, "welcome", "", v)
}

// complete makes c.live the live session and sends what waited for it;
// the caller holds mu and has set c.live.
func (c *Channel) complete(fx *effects) {
	c.dropOffer()
	c.hs = attempt{}
	c.probe = 0
	c.state = connected
	peer := c.live.peer
	for _, f := range c.onSess {
		fx.add(func() { f(peer) })
	}
	c.flush(fx)
	if !isClosed(c.ready) {
		close(c.ready)
		cbs := c.onReady
		c.onReady = nil
		for _, f := range cbs {
			fx.add(func() { f(nil) })
		}
		c.r.opt.Notify()
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
