package boundary

import (
	"github.com/postbridge/postbridge/wasm/clock"

	"github.com/postbridge/postbridge/wasm/core"
	"github.com/postbridge/postbridge/wasm/tap"
)

// Observe is pb_observe: level is what the page's JavaScript listeners
// want (onReject: refusals; onDecision: everything). With no listener and
// no tap, no decision is built at all.
func (h *Host) Observe(level core.Level) {
	h.jsLevel = level
	h.relevel()
}

// SetGoObserver sets the Go API's observer and what it wants.
func (h *Host) SetGoObserver(level core.Level, f func(core.Decision)) {
	h.goLevel, h.goObserve = level, f
	h.relevel()
}

func (h *Host) relevel() {
	l := max(h.jsLevel, h.goLevel)
	if h.tap != nil {
		l = core.ObserveAll
	}
	h.router.SetLevel(l)
}

// observe receives the router's decisions.
func (h *Host) observe(d core.Decision) {
	if h.tap != nil {
		h.tap.Observe(d)
		if h.tapAt == 0 {
			h.tapAt = h.now() + 100*clock.Millisecond
			h.schedule(h.tapAt)
		}
	}
	if h.goObserve != nil && (h.goLevel >= core.ObserveAll || d.Verdict == core.Refused && h.goLevel >= core.ObserveRefusals) {
		h.goObserve(d)
	}
	if h.jsLevel >= core.ObserveAll || d.Verdict == core.Refused && h.jsLevel >= core.ObserveRefusals {
		h.writeDecision(d)
	}
}

// writeDecision writes OpDecision: verdict u32 (0 sent, 1 accepted, 2
// refused), time f64 (ms since the epoch), latency f64 (ms, -1 for none),
// count u32, summary u32, then reason, detail, origin, channel, kind and
// type as str, and the payload as opt.
func (h *Host) writeDecision(d core.Decision) {
	o := &h.Out
	o.op(OpDecision)
	switch d.Verdict {
	case core.Sent:
		o.u32(0)
	case core.Accepted:
		o.u32(1)
	default:
		o.u32(2)
	}
	o.f64(float64(d.Time) / 1000)
	if d.Latency > 0 {
		o.f64(d.Latency.Milliseconds())
	} else {
		o.f64(-1)
	}
	o.u32(uint32(d.Count))
	summary := uint32(0)
	if d.Summary {
		summary = 1
	}
	o.u32(summary)
	o.str(string(d.Reason))
	o.str(d.Detail)
	o.str(d.Origin)
	o.str(d.Channel)
	o.str(d.Kind)
	o.str(d.Type)
	o.opt(d.Payload)
	h.wrote()
}

// StartTap is pb_tap: stream every decision to the relay at the absolute
// ws: or wss: URL in the first n bytes of the inbox. A second call does
// nothing.
func (h *Host) StartTap(n int) int32 {
	b, ok := h.slice(0, n)
	if !ok {
		return h.fail(badConfig("tap URL does not fit the buffer"))
	}
	if err := h.StartTapURL(string(b)); err != nil {
		return h.fail(err)
	}
	return 0
}

// StartTapURL starts the tap, as StartTap does, for the Go API.
func (h *Host) StartTapURL(url string) error {
	if h.tap != nil {
		return nil
	}
	var id [8]byte
	core.Random(id[:])
	t, err := tap.New(url, h.page, h.self, tap.SourceID(id))
	if err != nil {
		return badConfig(err.Error())
	}
	h.tap = t
	h.relevel()
	h.tapStep()
	return nil
}

// TapFrame is pb_tap_frame: the relay sent the tap the text frame in the
// first n bytes of the inbox.
func (h *Host) TapFrame(n int) {
	if b, ok := h.slice(0, n); ok && h.tap != nil {
		h.tap.Received(b)
	}
}

// TapState is pb_tap_state: the tap's socket opened (open) or closed, and
// how many bytes it has not sent yet.
func (h *Host) TapState(open bool, buffered int) {
	if h.tap == nil {
		return
	}
	if open {
		h.tap.Opened()
	} else {
		h.tap.Closed(h.now())
	}
	h.tap.Buffered(buffered)
	h.tapStep()
}

// tapStep does what the tap says: open its socket, send frames.
func (h *Host) tapStep() {
	if h.tap == nil {
		return
	}
	h.tapAt = 0
	open, frames, next := h.tap.Step(h.now())
	if open {
		h.Out.op(OpTapOpen)
		h.Out.str(h.tap.URL())
	}
	for _, f := range frames {
		h.Out.op(OpTapSend)
		h.Out.bytes(f)
	}
	if next != 0 {
		h.tapAt = next
		h.schedule(next)
	}
	h.wrote()
}

// schedule asks the loader for a pb_tick at time at, unless one is due
// no later: the router and the tap share the loader's one timer.
func (h *Host) schedule(at clock.Duration) {
	if h.armedAt != 0 && h.armedAt <= at {
		return
	}
	h.armedAt = at
	d := at - h.now()
	h.Out.op(OpArm)
	h.Out.f64(float64(max(d, 0)) / float64(clock.Millisecond))
	h.wrote()
}
