package core

import (
	"errors"
	"sync"
	"time"

	"github.com/postbridge/postbridge/wasm/envelope"
)

// Verdict says what became of a message.
type Verdict string

// Verdicts reported to the observer.
const (
	Sent     Verdict = "sent"
	Accepted Verdict = "accepted"
	Refused  Verdict = "refused"
)

// Decision is one thing the bridge did with one message, for onReject
// and the debug tap.
type Decision struct {
	Time    time.Time
	Verdict Verdict
	// Reason is the refusal code; empty unless Verdict is Refused.
	Reason Code
	// Detail says more, for a person reading the dashboard.
	Detail string
	// Origin is the peer's origin: where an inbound message came from,
	// or where an outbound one went.
	Origin  string
	Channel string
	Kind    string
	Type    string
	// Latency is the time from a request to its answer, on responses.
	Latency time.Duration
	// Payload is the raw JSON payload, when there is one.
	Payload []byte
}

// Router receives every message event of a page's window and hands each
// to the one channel it belongs to, refusing the rest. It is the single
// place where the order of checks is fixed: origin, source, envelope,
// channel; then the channel checks session, sequence and schema.
type Router struct {
	observe func(Decision)

	mu       sync.Mutex
	channels []*Channel
}

// NewRouter returns a router that reports every decision to observe,
// which may be nil. observe is never called with a lock held.
func NewRouter(observe func(Decision)) *Router {
	if observe == nil {
		observe = func(Decision) {}
	}
	return &Router{observe: observe}
}

func (r *Router) report(d Decision) {
	if d.Time.IsZero() {
		d.Time = time.Now()
	}
	r.observe(d)
}

func (r *Router) refuse(code Code, detail, origin, channel string) {
	r.report(Decision{Verdict: Refused, Reason: code, Detail: detail, Origin: origin, Channel: channel})
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
		if c.s.Channel == s.Channel && c.s.origin == s.origin && c.win == w {
			r.mu.Unlock()
			return nil, newError(CodeBadConfig, "channel "+quote(s.Channel)+" to "+s.origin.String()+" is already open on this window")
		}
	}
	c := newChannel(r, s, w)
	// Once registered, the channel can get messages from Dispatch on
	// another goroutine: it must post its first hello before it handles
	// any, or that hello would take a sequence number of the port.
	c.mu.Lock()
	r.channels = append(r.channels, c)
	r.mu.Unlock()
	c.start()
	c.mu.Unlock()
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

// Dispatch handles one message event of the window. A refused message
// never reaches a channel; a transferred port that nobody takes is closed.
func (r *Router) Dispatch(m Inbound) {
	taken := false
	defer func() {
		if !taken && m.Port != nil {
			m.Port.Close()
		}
	}()
	r.mu.Lock()
	var byOrigin, bySource []*Channel
	for _, c := range r.channels {
		if c.s.allow.Allows(m.Origin) {
			byOrigin = append(byOrigin, c)
		}
	}
	for _, c := range byOrigin {
		if m.From != nil && m.From(c.win) {
			bySource = append(bySource, c)
		}
	}
	r.mu.Unlock()
	switch {
	case len(byOrigin) == 0:
		r.refuse(CodeOriginRefused, "origin "+quote(m.Origin)+" is not the configured origin of any channel", m.Origin, "")
		return
	case len(bySource) == 0:
		r.refuse(CodeSourceRefused, "the message came from a window other than the configured one", m.Origin, "")
		return
	case !m.IsString:
		r.refuse(CodeEnvelope, "event.data is not a string", m.Origin, "")
		return
	}
	env, err := envelope.Decode(m.Data, bySource[0].s.Limits)
	if err != nil {
		code := decodeCode(err)
		if code == CodeVersion {
			for _, c := range bySource {
				c.versionRefused(err)
			}
		}
		r.refuse(code, err.Error(), m.Origin, "")
		return
	}
	for _, c := range bySource {
		if c.s.Channel == env.Channel {
			taken = c.fromWindow(env, m.Port)
			return
		}
	}
	r.refuse(CodeChannel, "no channel "+quote(env.Channel)+" is open to this window", m.Origin, env.Channel)
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
	var ve *envelope.VersionError
	switch {
	case errors.As(err, &ve) || errors.Is(err, envelope.ErrVersion):
		return CodeVersion
	case errors.Is(err, envelope.ErrTooLarge), errors.Is(err, envelope.ErrTooDeep):
		return CodeTooLarge
	}
	return CodeEnvelope
}
