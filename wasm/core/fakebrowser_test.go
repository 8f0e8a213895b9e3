package core_test

// A fake browser for testing the protocol without one. It keeps the
// properties of window.postMessage that the core relies on or defends
// against:
//
//   - delivery is asynchronous: Post only queues a task;
//   - each page has one event loop that runs its tasks one at a time, in
//     the order they were queued (window messages and port messages alike);
//   - a window message is delivered only if the target origin named by the
//     sender ("*" or an exact origin) equals the origin the target window
//     shows when the task runs, as the browser does: a frame still loading
//     or navigated elsewhere drops it;
//   - event.origin is the sender's origin when it posted, and event.source
//     is the sender's window, the same object across reloads;
//   - a MessageChannel delivers in order, buffers until Start, and stops
//     at Close; a document that goes away (reload, navigation) closes its
//     ports and can no longer post.

import (
	"sync"

	"github.com/postbridge/postbridge/wasm/core"
	"github.com/postbridge/postbridge/wasm/origin"
)

// browser holds the pages of one test.
type browser struct {
	// ignorePortClose makes Port.Close keep delivering, to check that the
	// core itself ignores ports of ended sessions.
	ignorePortClose bool
	// quiet drops the decisions instead of recording them (benchmarks).
	quiet bool

	mu    sync.Mutex
	pages []*page
}

func newBrowser() *browser { return &browser{} }

// close stops every page's event loop.
func (b *browser) close() {
	b.mu.Lock()
	ps := b.pages
	b.pages = nil
	b.mu.Unlock()
	for _, p := range ps {
		p.loop.stop()
	}
}

// page is one browser window (top-level or frame). Its identity survives
// reloads and navigations; its document, origin and Router do not.
type page struct {
	b    *browser
	name string
	loop *loop
	rec  *recorder // the observer of every Router this window gets

	mu       sync.Mutex
	origin   string // "" while nothing is loaded
	gen      int    // document generation, +1 on each load
	router   *core.Router
	handle   func(core.Inbound) // the document's message listener, or nil
	ports    []*port            // ports owned by the current document
	received [][]byte           // every window message posted to this window
}

// page opens a window showing origin with a Router listening, or a blank
// window when origin is "".
func (b *browser) page(name, origin string) *page {
	p := &page{b: b, name: name, loop: newLoop(), rec: newRecorder()}
	p.rec.off = b.quiet
	b.mu.Lock()
	b.pages = append(b.pages, p)
	b.mu.Unlock()
	if origin != "" {
		p.load(origin)
	}
	return p
}

// load replaces the document with a new one at origin, with a new Router
// listening for messages: a first load, a reload or a navigation.
func (p *page) load(origin string) *core.Router {
	r := core.NewRouter(p.rec.add)
	p.replace(origin, r, r.Dispatch)
	return r
}

// reload loads a new document at the same origin.
func (p *page) reload() *core.Router { return p.load(p.currentOrigin()) }

// raw replaces the document with one at origin whose only listener is
// handle (nil for none): an attacker's page or a page without Postbridge.
func (p *page) raw(origin string, handle func(core.Inbound)) {
	p.replace(origin, nil, handle)
}

func (p *page) replace(origin string, r *core.Router, handle func(core.Inbound)) {
	p.mu.Lock()
	old := p.ports
	p.ports = nil
	p.origin, p.router, p.handle = origin, r, handle
	p.gen++
	p.mu.Unlock()
	for _, x := range old {
		x.Close()
	}
}

func (p *page) currentOrigin() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.origin
}

// Router returns the current document's Router.
func (p *page) Router() *core.Router {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.router
}

// own records a port end as owned by the current document, reporting
// false if that document is gone.
func (p *page) own(x *port, gen int) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if gen != p.gen {
		return false
	}
	p.ports = append(p.ports, x)
	x.mu.Lock()
	x.owner = p
	x.mu.Unlock()
	return true
}

// currentPorts returns the ports the current document owns.
func (p *page) currentPorts() []*port {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]*port(nil), p.ports...)
}

// window returns the current document's handle on the window to, posting
// with target as targetOrigin: what the glue gives Router.Open.
func (p *page) window(to *page, target string) *window {
	p.mu.Lock()
	defer p.mu.Unlock()
	return &window{from: p, to: to, target: target, gen: p.gen}
}

// open opens a channel of the current document to the window to, posting
// with the canonical form of cfg.Origin as targetOrigin, as the glue does.
func (p *page) open(cfg core.Config, to *page) (*core.Channel, error) {
	target := cfg.Origin
	if o, err := origin.Parse(cfg.Origin); err == nil {
		target = o.String()
	}
	return p.Router().Open(cfg, p.window(to, target))
}

// postRaw posts data from this window's current document to the window
// to, as any script could: the attacker's primitive.
func (p *page) postRaw(to *page, target string, data []byte, isString bool) {
	p.window(to, target).post(data, isString, nil)
}

// window is a core.Window: one document's reference to another window.
type window struct {
	from, to *page
	target   string
	gen      int // the generation of from's document that holds it
}

// Is implements core.Window: source is the sending page, the same
// object across its reloads, as event.source is.
func (w *window) Is(source any) bool { return source == any(w.to) }

// dataKind is the kind of a message the fake delivers.
func dataKind(isString bool) core.DataKind {
	if isString {
		return core.DataString
	}
	return core.DataOther
}

// Post implements core.Window: the channel names the target origin,
// which must be exact ("*" is dropped like a mismatch: the fake's way of
// failing a core that would post to anyone).
func (w *window) Post(data []byte, target string) error {
	w.postTo(data, target, true, nil)
	return nil
}

func (w *window) Offer(data []byte, target string) (core.Port, error) {
	mine, theirs := newMessageChannel()
	if !w.from.own(mine, w.gen) {
		return mine, nil // a dead document: nothing happens
	}
	w.postTo(data, target, true, theirs)
	return mine, nil
}

// post queues a message event with the window's own target, as a test's
// raw sender does.
func (w *window) post(data []byte, isString bool, transfer *port) {
	w.postTo(data, w.target, isString, transfer)
}

// postTo queues a message event on the target window's event loop.
func (w *window) postTo(data []byte, target string, isString bool, transfer *port) {
	from, to := w.from, w.to
	from.mu.Lock()
	srcOrigin, alive := from.origin, from.gen == w.gen
	from.mu.Unlock()
	if !alive {
		return // a document that went away runs no more scripts
	}
	data = append([]byte(nil), data...) // structured clone
	to.mu.Lock()
	to.received = append(to.received, data)
	to.mu.Unlock()
	to.loop.post(func() {
		to.mu.Lock()
		origin, gen, handle := to.origin, to.gen, to.handle
		to.mu.Unlock()
		if target != "*" && target != origin || handle == nil {
			if transfer != nil {
				transfer.Close()
			}
			return
		}
		m := core.Inbound{
			Origin: srcOrigin,
			Source: from,
			Data:   data,
			Kind:   dataKind(isString),
		}
		if transfer != nil {
			if !to.own(transfer, gen) {
				transfer.Close()
				return
			}
			m.Port = transfer
		}
		if !isString {
			m.Data = nil
		}
		handle(m)
	})
}

// hold stops the page's event loop after the tasks already queued, until
// release is called: the test then runs "inside" the page, the way a script
// runs to completion before the next message event.
func (p *page) hold() (release func()) {
	gate := make(chan struct{})
	p.loop.post(func() { <-gate })
	var once sync.Once
	return func() { once.Do(func() { close(gate) }) }
}

// receivedMessages returns every window message posted to p so far,
// delivered or dropped.
func (p *page) receivedMessages() [][]byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([][]byte(nil), p.received...)
}
