package core

import (
	"github.com/postbridge/postbridge/wasm/clock"
)

// Level says which decisions a Router builds and reports to its observer.
// Decisions nobody observes are never built: no clock read, no copy.
type Level int

// The levels, each including the ones before it.
const (
	ObserveNone     Level = iota // count refusals, report nothing
	ObserveRefusals              // report refusals (coalesced under floods)
	ObserveAll                   // report every decision: sent, accepted, refused
)

// DefaultBurst is how many refusals per second and per origin are
// reported one by one before the rest of that second is summed up.
const DefaultBurst = 100

// Options set a Router up. The zero value is a router for native Go: a
// time.Timer keeps the deadlines and crypto/rand draws the nonces.
type Options struct {
	// Observe receives decisions; nil observes nothing. It is never
	// called with a lock held. Decision.Payload is only valid during the
	// call.
	Observe func(Decision)
	// Level is what Observe gets; zero means ObserveAll when Observe is
	// set. SetLevel changes it later.
	Level Level
	// Now reads a monotonic clock (default clock.Now). It is read only
	// when a time is needed: a deadline to set, or a decision someone
	// observes.
	Now func() clock.Duration
	// Wall reads the wall clock in microseconds since the Unix epoch
	// (default clock.Wall), for decisions someone observes.
	Wall func() int64
	// Wake asks for one call of Router.Tick after d, replacing any earlier
	// request; d < 0 cancels. The router asks only when its earliest
	// deadline moves earlier, never once per message.
	Wake func(d clock.Duration)
	// Random fills b with cryptographically secure random bytes, for
	// session nonces.
	Random func(b []byte)
	// Burst bounds the refusals reported one by one per origin and second
	// (default DefaultBurst); beyond it, one summary per second and
	// reason carries the exact count.
	Burst int
	// Notify is called when a goroutine of the Go API may have become
	// runnable: a handler goroutine started, a blocking Request answered,
	// a channel connected or closed. The browser glue uses it to give Go's
	// scheduler a turn; nil does nothing.
	Notify func()
}

// Random fills b with cryptographically secure random bytes: crypto/rand
// natively, crypto.getRandomValues in a browser.
func Random(b []byte) { randomBytes(b) }

// Tick runs every deadline that has passed and asks Wake for the next
// one. It is safe to call at any time; an early call does no harm.
func (r *Router) Tick() {
	now := r.opt.Now()
	r.wmu.Lock()
	r.armed = 0
	r.wmu.Unlock()
	r.mu.Lock()
	cs := append([]*Channel(nil), r.channels...)
	r.mu.Unlock()
	next := r.refusals.flushDue(r, now)
	for _, c := range cs {
		if t := c.sweep(now); t != 0 && (next == 0 || t < next) {
			next = t
		}
	}
	if next != 0 {
		r.want(next)
	}
}

// want asks for a Tick at time at (on the Now clock), unless one is
// already due no later than that.
func (r *Router) want(at clock.Duration) {
	r.wmu.Lock()
	defer r.wmu.Unlock()
	if r.armed != 0 && r.armed <= at {
		return
	}
	r.armed = at
	d := at - r.opt.Now()
	if d < 0 {
		d = 0
	}
	r.opt.Wake(d)
}
