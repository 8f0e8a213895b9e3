package core

import (
	"context"
	"encoding/base64"
	"sync"
	"time"

	"github.com/postbridge/postbridge/wasm/envelope"
)

// state is where a channel is in its life.
type state int

const (
	handshaking state = iota // posting hello, waiting for the peer
	offered                  // leader: welcome and port sent, waiting for the ack on the port
	connected                // traffic flows on the port
	waiting                  // the peer page unloaded; waiting for its next session
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
// quickly.
type EventFunc func(payload []byte, meta Meta)

// RequestFunc answers a request with a JSON payload or an error. It runs
// on its own goroutine; ctx ends at the handler time limit or when the
// session ends. An *Error keeps its code across the wire (UNKNOWN_TYPE,
// SCHEMA, …); any other error travels as HANDLER_ERROR with its message.
type RequestFunc func(ctx context.Context, payload []byte, meta Meta) ([]byte, error)

// Channel is one bridge to one peer window. Its methods are safe for
// concurrent use.
type Channel struct {
	r   *Router
	s   settings
	win Window

	mu       sync.Mutex
	state    state
	session  string   // ours, new for every handshake
	peer     string   // the peer's, once known
	retired  []string // the peer's earlier sessions, refused from now on
	sendSeq  uint64
	recvSeq  uint64 // last sequence number on the current port
	winSeq   uint64 // last sequence number of the peer's window messages
	port     Port
	portGen  int
	queue    []draft
	nextID   uint64
	pending  map[uint64]*call
	handling int
	events   map[string]EventFunc
	handlers map[string]RequestFunc
	ready    chan struct{}
	readyErr error
	done     chan struct{}
	doneErr  error
	onClose  []func(error)
	retry    *time.Timer
	deadline *time.Timer
	backoff  time.Duration
	ctx      context.Context // ends with the session
	cancel   context.CancelFunc
}

// draft is an outbound message waiting for the handshake.
type draft struct {
	kind    envelope.Kind
	typ     string
	id      uint64
	payload []byte
	fault   *envelope.Fault
}

func newChannel(r *Router, s settings, w Window) *Channel {
	c := &Channel{
		r:        r,
		s:        s,
		win:      w,
		pending:  map[uint64]*call{},
		events:   map[string]EventFunc{},
		handlers: map[string]RequestFunc{},
		ready:    make(chan struct{}),
		done:     make(chan struct{}),
	}
	c.newSession()
	return c
}

// newSession draws a fresh session nonce; the caller holds mu.
func (c *Channel) newSession() {
	var b [16]byte
	randomBytes(b[:])
	c.session = base64.RawURLEncoding.EncodeToString(b[:])
	c.sendSeq = 0
	if c.cancel != nil {
		c.cancel()
	}
	c.ctx, c.cancel = context.WithCancel(context.Background())
}

// Name returns the channel name.
func (c *Channel) Name() string { return c.s.Channel }

// Origin returns the peer's canonical origin.
func (c *Channel) Origin() string { return c.s.origin.String() }

// Timeout returns the channel's default request timeout.
func (c *Channel) Timeout() time.Duration { return c.s.Timeout }

// Ready returns a channel closed when the first handshake completes or
// fails; Wait tells which.
func (c *Channel) Ready() <-chan struct{} { return c.ready }

// Wait blocks until the first handshake completes (nil), fails (TIMEOUT,
// VERSION, CLOSED) or ctx ends.
func (c *Channel) Wait(ctx context.Context) error {
	select {
	case <-c.ready:
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.readyErr
	case <-ctx.Done():
		return newError(CodeTimeout, "handshake: "+ctx.Err().Error())
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
		c.events[typ] = f
	}
	return nil
}

// Handle registers the handler of a request type, replacing any earlier
// one; nil removes it.
func (c *Channel) Handle(typ string, f RequestFunc) error {
	if err := c.checkType(typ); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if f == nil {
		delete(c.handlers, typ)
	} else {
		c.handlers[typ] = f
	}
	return nil
}

func (c *Channel) checkType(typ string) error {
	if !envelope.ValidName(typ) {
		return newError(CodeBadConfig, "type "+quote(typ)+" must match [A-Za-z][A-Za-z0-9._:-]{0,63}")
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
// observer may call back into the channel.
type effects []func()

func (fx *effects) add(f func()) { *fx = append(*fx, f) }

func (fx effects) run() {
	for _, f := range fx {
		f()
	}
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
		p.settle(nil, reason)
	}
	c.state = closed
	c.doneErr = reason
	c.stopTimers()
	c.queue = nil
	if c.readyErr == nil && !isClosed(c.ready) {
		c.readyErr = reason
		close(c.ready)
	}
	close(c.done)
	cbs := c.onClose
	c.onClose = nil
	fx.add(func() { c.r.remove(c) })
	for _, f := range cbs {
		fx.add(func() { f(reason) })
	}
	return fx
}

// endSession fails what belongs to the current session and drops its
// port; the caller holds mu.
func (c *Channel) endSession(reason error, fx *effects) {
	for id, p := range c.pending {
		if p.queued {
			continue // never sent: it goes to the next session
		}
		delete(c.pending, id)
		p.settle(nil, reason)
	}
	if c.port != nil {
		c.port.Close()
		c.port = nil
	}
	c.portGen++
	c.recvSeq = 0
	c.handling = 0
	if c.peer != "" {
		c.retired = append(c.retired, c.peer)
		if len(c.retired) > 16 {
			c.retired = c.retired[1:]
		}
		c.peer = ""
	}
	c.cancel()
}

func (c *Channel) stopTimers() {
	if c.retry != nil {
		c.retry.Stop()
	}
	if c.deadline != nil {
		c.deadline.Stop()
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
