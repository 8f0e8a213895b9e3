package boundary

import (
	"github.com/postbridge/postbridge/wasm/clock"

	"github.com/postbridge/postbridge/wasm/core"
	"github.com/postbridge/postbridge/wasm/envelope"
	"github.com/postbridge/postbridge/wasm/tap"
)

// Host is the Go side of the boundary. It owns the buffers the loader
// writes (the inbox) and reads (the outbox, the result), maps the small
// ids the loader knows to Go objects, and runs the core. Its methods are
// the exported functions of exports_js.go, one for one, so that they are
// tested natively against a fake loader. A Host is used from one thread
// (the page's); the Go API may call it from goroutines, which the js/wasm
// scheduler runs one at a time.
type Host struct {
	in     []byte
	res    []byte
	Out    Outbox
	router *core.Router

	windows  map[uint32]*window
	ports    map[uint32]*port
	nextPort uint32
	channels map[uint32]*jsChannel
	nextCh   uint32
	nextFn   uint32
	nextReq  uint32

	jsLevel, goLevel core.Level
	goObserve        func(core.Decision)
	tap              *tap.Tap
	self, page       string
	origins          [4]string // recent event.origin strings, reused
	lastGate         string    // the origin of the last pb_gate call
	types            map[string]string

	depth  int    // calls from the loader in progress
	flush  func() // carries out the outbox when Go writes outside a call
	resume bool   // a goroutine of the Go API may run
	now    func() clock.Duration
	// armedAt is when the loader's one timer fires (0: not armed); tapAt
	// when the tap wants its next step.
	armedAt, tapAt clock.Duration
	// During a call: where the loader's strings are in the inbox (args),
	// and for a port message how long it is and whether it is all ASCII
	// (then its byte offsets are the JavaScript string's offsets too).
	args     [2]span
	nested   bool
	msgLen   int
	msgASCII bool
}

// span is a range of the inbox.
type span struct{ off, n int }

// Options set a Host up.
type Options struct {
	// Now is a monotonic clock (default: time since the host started).
	Now func() clock.Duration
	// Random fills b with secure random bytes (default: the core's).
	Random func(b []byte)
}

// minInbox is the smallest inbox: a default message and some room.
const minInbox = envelope.DefaultMaxPayload + envelope.Overhead + 1024

// maxInbox bounds the inbox: the largest message limit a channel may set
// (16 MiB of payload), its overhead, and room for an origin.
const maxInbox = 16<<20 + envelope.Overhead + 1024

// New returns a host with an empty page.
func New(o Options) *Host {
	h := &Host{
		in:       make([]byte, minInbox),
		windows:  map[uint32]*window{},
		ports:    map[uint32]*port{},
		channels: map[uint32]*jsChannel{},
		types:    map[string]string{},
		now:      o.Now,
	}
	if h.now == nil {
		h.now = clock.Now
	}
	h.router = core.NewRouterWith(core.Options{
		Observe: h.observe,
		Level:   core.ObserveNone,
		Now:     h.now,
		Wake:    h.wake,
		Random:  o.Random,
		Notify:  func() { h.resume = true },
	})
	h.router.SetLevel(core.ObserveNone)
	return h
}

// Router returns the host's router, for the Go API.
func (h *Host) Router() *core.Router { return h.router }

// In returns the inbox, where the loader writes a call's strings.
func (h *Host) In() []byte { return h.in }

// Result returns the text of the last call's result: an error as
// "CODE\x00message", or a string the call returns.
func (h *Host) Result() []byte { return h.res }

// TakeResume reports, once, whether a goroutine of the Go API became
// runnable: the loader then gives Go's scheduler a turn. Only a Go page
// (one that set a flush function) has such goroutines; the module has
// none, and no syscall/js to resume with.
func (h *Host) TakeResume() bool {
	r := h.resume && h.flush != nil
	h.resume = false
	return r
}

// Enter and Leave bracket every call from the loader; Go code that runs
// outside one (a goroutine of the Go API) has its output carried out at
// once through the flush function.
func (h *Host) Enter() {
	h.depth++
	h.args = [2]span{{-1, 0}, {-1, 0}}
	h.msgLen, h.msgASCII = 0, false
}

// Leave ends a call from the loader.
func (h *Host) Leave() { h.depth-- }

// SetFlush sets the function that carries out the outbox when Go writes
// to it outside a call from the loader (a Go page's goroutines).
func (h *Host) SetFlush(f func()) { h.flush = f }

// wrote carries out the outbox now if no call from the loader will.
func (h *Host) wrote() {
	if h.depth == 0 && h.flush != nil {
		h.flush()
	}
}

// Init records the page's own origin (self.origin) and URL, both in the
// inbox: selfLen bytes, then hrefLen.
func (h *Host) Init(selfLen, hrefLen int) {
	self, ok := h.slice(0, selfLen)
	href, ok2 := h.slice(selfLen, hrefLen)
	if ok && ok2 {
		h.self, h.page = string(self), string(href)
	}
}

// SetPage records the page's own origin and URL, as Init does, for the
// Go API (which knows them before the shell runs Init).
func (h *Host) SetPage(self, href string) { h.self, h.page = self, href }

// Reserve grows the inbox towards n bytes, for a call whose strings did
// not fit, up to the largest message a channel may allow. It reports
// whether the inbox grew.
func (h *Host) Reserve(n int) bool {
	n = min(n, maxInbox)
	if n <= len(h.in) {
		return false
	}
	h.in = make([]byte, n)
	return true
}

// SetNested tells the host that the current call comes from a handler the
// loader is running while it carries out commands: commands written now
// run after others, when the loader's strings of this call are gone, so
// they must carry their payloads.
func (h *Host) SetNested(n bool) { h.nested = n }

// arg records that the loader wrote its k-th string of this call at
// in[off:off+n].
func (h *Host) arg(k, off, n int) { h.args[k] = span{off, n} }

// argIndex finds the loader's string that p is, exactly.
func (h *Host) argIndex(p []byte) (int, bool) {
	if h.depth == 0 || h.nested {
		return 0, false
	}
	off, ok := within(h.in, p)
	for k, a := range h.args {
		if ok && a.off == off && a.n == len(p) {
			return k, true
		}
	}
	return 0, false
}

// messageRange finds p in the port message of this call, when that
// message is ASCII: start and end are then offsets into its string.
func (h *Host) messageRange(p []byte) (start, end int, ok bool) {
	if !h.msgASCII || h.depth == 0 {
		return 0, 0, false
	}
	off, ok := within(h.in, p)
	if !ok || off+len(p) > h.msgLen {
		return 0, 0, false
	}
	return off, off + len(p), true
}

// within reports where p starts in in, if p is a part of it.
func within(in, p []byte) (int, bool) {
	if len(p) == 0 || cap(p) > cap(in) {
		return 0, false
	}
	off := cap(in) - cap(p)
	if off+len(p) > len(in) || &in[off] != &p[0] {
		return 0, false
	}
	return off, true
}

// slice returns in[off:off+n] when the loader's numbers are in bounds.
func (h *Host) slice(off, n int) ([]byte, bool) {
	if off < 0 || n < 0 || off > len(h.in) || n > len(h.in)-off {
		return nil, false
	}
	return h.in[off : off+n], true
}

// originString returns the origin in b as a string, reusing one of the
// last few: a flood from one origin costs no allocation per message.
func (h *Host) originString(b []byte) string {
	for _, s := range h.origins {
		if s == string(b) {
			return s
		}
	}
	s := string(b)
	copy(h.origins[1:], h.origins[:])
	h.origins[0] = s
	return s
}

// intern returns the message type in b as a string, reusing earlier ones.
func (h *Host) intern(b []byte) string {
	if s, ok := h.types[string(b)]; ok {
		return s
	}
	s := string(b)
	if len(h.types) < 1024 {
		h.types[s] = s
	}
	return s
}

// Tick is pb_tick: the timer the host asked for fired.
func (h *Host) Tick() {
	h.armedAt = 0
	h.router.Tick()
	if h.tapAt != 0 && h.now() >= h.tapAt {
		h.tapStep()
	} else if h.tapAt != 0 {
		h.schedule(h.tapAt)
	}
}

// wake is the router's Options.Wake: one pb_tick after d.
func (h *Host) wake(d clock.Duration) {
	if d >= 0 {
		h.schedule(h.now() + d)
	}
}

// Unload is pb_unload: the page is going away (pagehide).
func (h *Host) Unload() { h.router.Unload() }

// fail stores err as the call's result and returns -1, the loader's cue
// to read it.
func (h *Host) fail(err error) int32 {
	be, ok := err.(*core.Error)
	if !ok {
		be = &core.Error{Code: core.CodeBadConfig, Message: err.Error()}
	}
	h.res = append(h.res[:0], be.Code...)
	h.res = append(h.res, 0)
	h.res = append(h.res, be.Error()...)
	return -1
}

// result stores s as the call's result.
func (h *Host) result(s string) { h.res = append(h.res[:0], s...) }
