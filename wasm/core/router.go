package core

import (
	"github.com/postbridge/postbridge/wasm/clock"

	"sync"

	"github.com/postbridge/postbridge/wasm/envelope"
)

// Router receives every message event of a page's window and hands each
// to the one channel it belongs to, refusing the rest. It is the single
// place where the order of checks is fixed: origin, source, envelope,
// channel; then the channel checks session, sequence and schema.
//
// A Router starts no goroutine and arms no timer of its own for messages:
// every deadline of every channel (handshake retries, request and handler
// time limits) is kept in one sweep, and the Router asks its Options.Wake
// to call Tick once, at the earliest of them.
type Router struct {
	opt Options

	mu       sync.Mutex
	channels []*Channel

	lmu   sync.Mutex // level
	level Level

	wmu   sync.Mutex // the wake-up
	armed clock.Duration
	timer wakeTimer

	refusals refusals
}

// NewRouter returns a router that reports every decision to observe,
// which may be nil. observe is never called with a lock held. Deadlines
// are kept with one time.Timer; see NewRouterWith for the browser's
// single-threaded set-up.
func NewRouter(observe func(Decision)) *Router {
	return NewRouterWith(Options{Observe: observe})
}

// NewRouterWith returns a router set up by o.
func NewRouterWith(o Options) *Router {
	r := &Router{opt: o}
	if r.opt.Observe == nil {
		r.opt.Observe = func(Decision) {}
	} else if r.opt.Level == ObserveNone {
		r.level = ObserveAll
	}
	if o.Level != ObserveNone {
		r.level = o.Level
	}
	if r.opt.Now == nil {
		r.opt.Now = clock.Now
	}
	if r.opt.Wall == nil {
		r.opt.Wall = clock.Wall
	}
	if r.opt.Wake == nil {
		r.opt.Wake = r.timerWake
	}
	if r.opt.Random == nil {
		r.opt.Random = randomBytes
	}
	if r.opt.Burst <= 0 {
		r.opt.Burst = DefaultBurst
	}
	if r.opt.Notify == nil {
		r.opt.Notify = func() {}
	}
	r.refusals.init()
	return r
}

// SetLevel changes which decisions are built and reported. With
// ObserveNone nothing is built and the clock is not read for reports.
func (r *Router) SetLevel(l Level) {
	r.lmu.Lock()
	r.level = l
	r.lmu.Unlock()
}

func (r *Router) observing(l Level) bool {
	r.lmu.Lock()
	defer r.lmu.Unlock()
	return r.level >= l
}

// report hands d to the observer, if it observes decisions of its kind.
// Refusals go through the flood coalescer first.
func (r *Router) report(d Decision) {
	if d.Verdict == Refused {
		r.refused(d)
		return
	}
	if !r.observing(ObserveAll) {
		return
	}
	if d.Time == 0 {
		d.Time = r.opt.Wall()
	}
	if d.Count == 0 {
		d.Count = 1
	}
	r.opt.Observe(d)
}

// Open validates cfg and starts the handshake with the peer behind w.
// Bad configuration fails at once with BAD_CONFIG.
func (r *Router) Open(cfg Config, w Window) (*Channel, error) {
	if w == nil {
		return nil, newError(CodeBadConfig, "no peer window")
	}
	if !canCompare(w) {
		return nil, newError(CodeBadConfig, "the window's type cannot be compared with ==; pass a pointer")
	}
	s, err := cfg.validate()
	if err != nil {
		return nil, err
	}
	r.mu.Lock()
	for _, c := range r.channels {
		if c.s.Channel == s.Channel && c.win == w && c.s.overlaps(&s) {
			r.mu.Unlock()
			return nil, newError(CodeBadConfig, "channel "+quote(s.Channel)+" to "+s.describe()+" is already open on this window")
		}
	}
	c := newChannel(r, s, w)
	// Once registered, the channel can get messages from Dispatch on
	// another goroutine: it must post its first hello before it handles
	// any, or that hello would take a sequence number of the window.
	c.mu.Lock()
	r.channels = append(r.channels, c)
	r.mu.Unlock()
	fx := c.start()
	c.mu.Unlock()
	fx.run()
	return c, nil
}

func (r *Router) remove(c *Channel) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, x := range r.channels {
		if x == c {
			r.channels = append(r.channels[:i], r.channels[i+1:]...)
			return
		}
	}
}

// match finds the channels whose origin is origin and whose window is
// source. It reports how many have the origin at all.
func (r *Router) match(origin string, source any, into []*Channel) (byOrigin int, bySource []*Channel) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.channels {
		if !c.s.allows(origin) {
			continue
		}
		byOrigin++
		if source != nil && c.win.Is(source) {
			into = append(into, c)
		}
	}
	return byOrigin, into
}

// Admit decides a message event from its origin and the identity of its
// source alone, before anything else of it is read: true when some
// channel has that exact origin and that window. A refused event is
// counted and reported here; Dispatch checks both again.
func (r *Router) Admit(origin string, source any) bool {
	var buf [4]*Channel
	n, ok := r.match(origin, source, buf[:0])
	switch {
	case n == 0:
		r.refuseOrigin(origin)
		return false
	case len(ok) == 0:
		r.refuse(CodeSourceRefused, origin, "", "the message came from a window other than the configured one")
		return false
	}
	return true
}

// Untrusted refuses a message event that page script dispatched itself
// (event.isTrusted false): whatever origin, source and data it claims,
// the browser did not deliver it, so none of it is looked at. It is
// counted under CodeUntrusted, apart from every other refusal.
func (r *Router) Untrusted(origin string) {
	if r.hold(CodeUntrusted, origin) {
		r.opt.Observe(Decision{Time: r.opt.Wall(), Count: 1, Verdict: Refused, Reason: CodeUntrusted, Origin: origin,
			Detail: "the message event was dispatched by script (isTrusted false), not delivered by the browser"})
	}
}

func (r *Router) refuseOrigin(origin string) {
	if r.hold(CodeOriginRefused, origin) {
		r.opt.Observe(Decision{Time: r.opt.Wall(), Count: 1, Verdict: Refused, Reason: CodeOriginRefused, Origin: origin,
			Detail: "origin " + quote(origin) + " is not the configured origin of any channel"})
	}
}

// refuse reports a refusal that belongs to no channel.
func (r *Router) refuse(code Code, origin, channel, detail string) {
	r.report(Decision{Verdict: Refused, Reason: code, Detail: detail, Origin: origin, Channel: channel})
}

// Dispatch handles one message event of the window. A refused message
// never reaches a channel. A port transferred with an envelope for one of
// the router's channels that the channel does not take is closed; a port
// transferred with anything else is left alone: it may belong to another
// library, or another Postbridge, on the page. Nothing of m is kept after
// Dispatch returns.
func (r *Router) Dispatch(m Inbound) {
	ours, taken := false, false
	defer func() {
		if ours && !taken && m.Port != nil {
			m.Port.Close()
		}
	}()
	var buf [4]*Channel
	n, bySource := r.match(m.Origin, m.Source, buf[:0])
	switch {
	case n == 0:
		r.refuseOrigin(m.Origin)
		return
	case len(bySource) == 0:
		r.refuse(CodeSourceRefused, m.Origin, "", "the message came from a window other than the configured one")
		return
	case m.Kind == DataTooLong:
		r.refuse(CodeTooLarge, m.Origin, "", "the message is a string of "+itoa(m.Length)+" UTF-16 code units, over the size limit; it was not read")
		return
	case m.Kind != DataString:
		r.refuse(CodeEnvelope, m.Origin, "", "event.data is not a string")
		return
	}
	var v view
	if err := v.decode(m.Data, bySource[0].s.Limits); err != nil {
		code := decodeCode(err)
		if code == CodeVersion {
			for _, c := range bySource {
				c.versionRefused(err)
			}
		}
		r.refuse(code, m.Origin, "", err.Error())
		return
	}
	for _, c := range bySource {
		if c.s.Channel == string(v.Channel) {
			ours = true
			taken = c.fromWindow(&v, m.Origin, m.Port)
			return
		}
	}
	r.refuse(CodeChannel, m.Origin, string(v.Channel), "no channel "+quote(string(v.Channel))+" is open to this window")
}

// Unload tells every connected peer that this page is going away, so it
// waits for the page's next session instead of closing.
func (r *Router) Unload() {
	r.mu.Lock()
	cs := append([]*Channel(nil), r.channels...)
	r.mu.Unlock()
	for _, c := range cs {
		c.unload()
	}
}

// canCompare reports whether == works on w: the router compares windows,
// and == panics on a dynamic type such as a struct holding a func.
func canCompare(w Window) (ok bool) {
	defer func() { _ = recover() }()
	_ = w == w
	return true
}

// decodeCode maps an envelope decoding error to the refusal code.
func decodeCode(err error) Code {
	switch {
	case is(err, envelope.ErrVersion): // a *VersionError unwraps to it
		return CodeVersion
	case is(err, envelope.ErrTooLarge), is(err, envelope.ErrTooDeep):
		return CodeTooLarge
	}
	return CodeEnvelope
}
