package core

import (
	"sync"

	"github.com/postbridge/postbridge/wasm/clock"

	"github.com/postbridge/postbridge/wasm/envelope"
)

// state is where a channel is in its life.
type state int

const (
	handshaking state = iota // the first handshake: no session yet
	connected                // a live session: traffic flows on its port
	waiting                  // the live session ended (the peer unloaded); waiting for the next
	closed                   // for good
)

// Meta describes an accepted inbound message to its handler.
type Meta struct {
	Origin  string // the peer's origin (always the configured one)
	Channel string
	Type    string
	Session string // the peer's session nonce
}

// EventFunc handles an event. It runs in message order and should return
// quickly; payload is only valid during the call.
type EventFunc func(payload []byte, meta Meta)

// Channel is one bridge to one peer window. Its methods are safe for
// concurrent use.
type Channel struct {
	r   *Router
	s   settings
	win Window

	mu       sync.Mutex
	state    state
	live     session // valid while connected
	hs       attempt // the handshake in progress, if any
	retired  retired // the peer's ended sessions, for quick REPLAY verdicts
	portGen  int
	queue    []draft
	nextID   uint64
	pending  map[uint64]pendingCall
	probe    uint64         // id of the liveness probe in flight on the live port
	probeBy  clock.Duration // its deadline
	nextCall uint64
	inflight map[uint64]inflightCall
	events   map[string]eventEntry
	handlers map[string]handlerEntry
	ready    chan struct{}
	readyErr error
	done     chan struct{}
	doneErr  error
	onReady  []func(error)
	onSess   []func(string)
	onClose  []func(error)
	buf      []byte // encoding scratch, reused
}

// session is the live pairing of our nonce and the peer's on one port.
type session struct {
	ours, peer string
	origin     string // the origin the peer showed, canonical
	port       Port
	gen        int
	sendSeq    uint64 // last sequence number sent on the port
	recvSeq    uint64 // last sequence number received on it
	winSeq     uint64 // last hello sequence number of the peer's session
}

type eventEntry struct {
	typ string
	f   EventFunc
}

type handlerEntry struct {
	typ string
	f   AsyncHandler
}

// draft is an outbound message waiting for a session.
type draft struct {
	kind    envelope.Kind
	typ     string
	id      uint64
	payload []byte
	fault   *envelope.Fault
	valid   bool // payload already passed prepare's checks
}

func newChannel(r *Router, s settings, w Window) *Channel {
	return &Channel{
		r:        r,
		s:        s,
		win:      w,
		pending:  map[uint64]pendingCall{},
		inflight: map[uint64]inflightCall{},
		events:   map[string]eventEntry{},
		handlers: map[string]handlerEntry{},
		ready:    make(chan struct{}),
		done:     make(chan struct{}),
	}
}

// nonce draws a fresh session nonce: 16 random bytes, base64url (22
// characters).
func (c *Channel) nonce() string {
	var b [16]byte
	c.r.opt.Random(b[:])
	return base64url(b[:])
}

// base64url encodes b without padding, as base64.RawURLEncoding does; a
// loop of its own keeps encoding/base64 out of the module.
func base64url(b []byte) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	out := make([]byte, 0, (len(b)*8+5)/6)
	var acc uint
	bits := 0
	for _, c := range b {
		acc, bits = acc<<8|uint(c), bits+8
		for bits >= 6 {
			bits -= 6
			out = append(out, alphabet[acc>>uint(bits)&63])
		}
	}
	if bits > 0 {
		out = append(out, alphabet[acc<<uint(6-bits)&63])
	}
	return string(out)
}

// Name returns the channel name.
func (c *Channel) Name() string { return c.s.Channel }

// Origin returns the peer's canonical origin: the configured one, or,
// when several are allowed, the one of the live session ("" while none
// is live).
func (c *Channel) Origin() string {
	if c.s.originStr != "" {
		return c.s.originStr
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.live.origin
}

// peerOrigin is the origin decisions name: the live session's, the one
// the handshake answers, or the configured one; the caller holds mu.
func (c *Channel) peerOrigin() string {
	switch {
	case c.s.originStr != "":
		return c.s.originStr
	case c.live.origin != "":
		return c.live.origin
	}
	return c.hs.origin
}

// Timeout returns the channel's default request timeout.
func (c *Channel) Timeout() clock.Duration { return c.s.Timeout }

// Session returns the peer's session nonce, or "" when no session is live.
func (c *Channel) Session() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state != connected {
		return ""
	}
	return c.live.peer
}

// Pending returns how many requests of ours await an answer, and how many
// of the peer's are being handled.
func (c *Channel) Pending() (requests, handling int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pending), len(c.inflight)
}

// Ready returns a channel closed when the first handshake completes or
// fails; Wait tells which.
func (c *Channel) Ready() <-chan struct{} { return c.ready }

// OnReady registers f to run once when the first handshake completes
// (nil) or fails, without a goroutine waiting for it.
func (c *Channel) OnReady(f func(error)) {
	c.mu.Lock()
	if !isClosed(c.ready) {
		c.onReady = append(c.onReady, f)
		c.mu.Unlock()
		return
	}
	err := c.readyErr
	c.mu.Unlock()
	f(err)
}

// OnSession registers f to run each time a session becomes live, with the
// peer's session nonce: after the first handshake, and after each reload
// of the peer.
func (c *Channel) OnSession(f func(session string)) {
	c.mu.Lock()
	c.onSess = append(c.onSess, f)
	peer, live := c.live.peer, c.state == connected
	c.mu.Unlock()
	if live {
		f(peer)
	}
}

// Done returns a channel closed when the channel closes for good.
func (c *Channel) Done() <-chan struct{} { return c.done }

// Err returns why the channel closed, or nil while it is open.
func (c *Channel) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.doneErr
}

// OnClose registers f to run once when the channel closes, with the
// reason (ErrClosed for a local or peer close).
func (c *Channel) OnClose(f func(error)) {
	c.mu.Lock()
	if c.state != closed {
		c.onClose = append(c.onClose, f)
		c.mu.Unlock()
		return
	}
	err := c.doneErr
	c.mu.Unlock()
	f(err)
}

// On registers the handler of an event type, replacing any earlier one;
// nil removes it. Dispatch is by exact name: "__proto__" or "toString" are
// names like any other.
func (c *Channel) On(typ string, f EventFunc) error {
	if err := c.checkType(typ); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if f == nil {
		delete(c.events, typ)
	} else {
		c.events[typ] = eventEntry{typ: typ, f: f}
	}
	return nil
}

func (c *Channel) checkType(typ string) error {
	if err := checkName(typ); err != nil {
		return err
	}
	if c.s.Schemas != nil && !c.s.Schemas.Has(typ) {
		return newError(CodeUnknownType, "type "+quote(typ)+" has no schema on this channel")
	}
	return nil
}

// Close ends the channel and tells the peer. Pending requests fail with
// CLOSED. Closing twice is harmless.
func (c *Channel) Close() error {
	c.mu.Lock()
	if c.state == connected {
		c.postPort(draft{kind: envelope.KindClose}, nil)
	}
	fx := c.finish(newError(CodeClosed, "closed"))
	c.mu.Unlock()
	fx.run()
	return nil
}

// effects are calls made after the lock is released: handlers and the
// observer may call back into the channel. Only the rare paths (session
// changes, closing) use them; the message path calls its one handler
// directly after unlocking.
type effects []func()

func (fx *effects) add(f func()) { *fx = append(*fx, f) }

func (fx effects) run() {
	for _, f := range fx {
		f()
	}
}

func isClosed(ch chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}
