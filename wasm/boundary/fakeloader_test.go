package boundary_test

// A fake loader: two pages, each a Host, wired the way shell.js wires a
// host to the browser. It writes the inbox as the shell does and reads
// every outbox command back with boundary.Reader, so the wire format and
// the host's decisions are tested together without a browser.

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/postbridge/postbridge/wasm/boundary"
	"github.com/postbridge/postbridge/wasm/clock"
	"github.com/postbridge/postbridge/wasm/core"
)

const (
	mainOrigin   = "http://main.localhost:8080"
	widgetOrigin = "http://widget.localhost:8081"
	evilOrigin   = "http://main.localhost.evil.localhost:8082"
)

// clock is a fake monotonic clock shared by the pages.
type fakeClock struct{ now clock.Duration }

func (c *fakeClock) Now() clock.Duration { return c.now }

// fakePage is one page: its host and what the shell would hold.
type fakePage struct {
	t       testing.TB
	h       *boundary.Host
	origin  string
	b       *fakeBrowser
	windows map[uint32]*fakePage // window id → the page it shows
	ports   map[uint32]*fakePort
	taken   *fakePort // event.ports[0] of the window message being handled
	events  []string  // "handler:payload"
	calls   []call
	settled map[uint32]string // request id → payload or "!CODE"
	connect map[uint32]string // channel id → session
	closed  map[uint32]string // channel id → code
	ds      []map[string]any
	armed   clock.Duration // -1: no timer
	entered bool           // inside a call (Enter without Leave)
	args    []string       // the strings of the current call
	msg     string         // the port message being handled
	ops     map[boundary.Op]int
	dropped int // OpDropPorts seen
}

type call struct {
	handler, ch uint32
	id          float64
	payload     string
}

// fakePort is one end of a MessageChannel, held by a page under an id.
type fakePort struct {
	owner *fakePage
	id    uint32
	peer  *fakePort
}

type task struct {
	to   *fakePage
	from *fakePage
	data string
	port *fakePort // transferred
	on   *fakePort // a port message (to its owner)
}

type fakeBrowser struct {
	clock *fakeClock
	queue []task
}

func newPage(t testing.TB, b *fakeBrowser, origin string) *fakePage {
	p := &fakePage{
		t: t, b: b, origin: origin,
		h:       boundary.New(boundary.Options{Now: b.clock.Now}),
		windows: map[uint32]*fakePage{}, ports: map[uint32]*fakePort{},
		settled: map[uint32]string{}, connect: map[uint32]string{}, closed: map[uint32]string{},
		armed: -1,
	}
	self, page := p.put(0, origin), p.put(len(origin), origin+"/")
	p.h.Init(self, page)
	p.drain()
	return p
}

// put writes s into the inbox at off, as the shell's put does. A put at
// offset 0 starts a call: the host is entered (as the exported functions
// do) until drain, and the strings of the call are kept, as the shell
// keeps them for OpPostSplice.
func (p *fakePage) put(off int, s string) int {
	if off == 0 {
		if !p.entered {
			p.h.Enter()
			p.entered = true
		}
		p.args = p.args[:0]
	}
	p.args = append(p.args, s)
	in := p.h.In()
	if len(s) > len(in)-off {
		return -2
	}
	return copy(in[off:], s)
}

// windowID is the shell's window registry: the id this page knows to.
func (p *fakePage) windowID(to *fakePage) uint32 {
	for id, w := range p.windows {
		if w == to {
			return id
		}
	}
	id := uint32(len(p.windows) + 1)
	p.windows[id] = to
	return id
}

// open is pb.connect: it returns the channel id, or fails the test.
func (p *fakePage) open(to *fakePage, cfg map[string]any) uint32 {
	id, err := p.tryOpen(to, cfg)
	if err != "" {
		p.t.Fatalf("open: %s", err)
	}
	return id
}

func (p *fakePage) tryOpen(to *fakePage, cfg map[string]any) (uint32, string) {
	c := map[string]any{"window": map[string]any{"$window": p.windowID(to)}, "origin": to.origin, "channel": "chat"}
	for k, v := range cfg {
		c[k] = v
	}
	// As the loader does: each host as written, mapped by the URL parser.
	idna := map[string]any{}
	origins, _ := c["origin"].([]string)
	if o, ok := c["origin"].(string); ok {
		origins = []string{o}
	}
	for _, o := range origins {
		if u, err := url.Parse(o); err == nil {
			idna[u.Hostname()] = strings.ToLower(u.Hostname())
		}
	}
	text, _ := json.Marshal(map[string]any{"config": c, "idna": idna})
	n := p.put(0, string(text))
	id := p.h.Open(n)
	p.drain()
	if id < 0 {
		return 0, string(p.h.Result())
	}
	return uint32(id), ""
}

// drain carries out the outbox, as the shell does.
func (p *fakePage) drain() {
	if p.entered {
		p.h.Leave()
		p.entered = false
	}
	out := p.h.Out.Bytes()
	r := boundary.NewReader(append([]byte(nil), out...))
	p.h.Out.Truncate(0)
	for r.More() {
		p.exec(r)
	}
	if r.Bad() {
		p.t.Fatalf("outbox ends in the middle of a command: %x", out)
	}
}

func (p *fakePage) exec(r *boundary.Reader) {
	op := r.Op()
	if p.ops == nil {
		p.ops = map[boundary.Op]int{}
	}
	p.ops[op]++
	switch op {
	case boundary.OpPostWindow:
		w, origin, data := r.U32(), r.Str(), r.Str()
		p.post(w, origin, data, nil)
	case boundary.OpOffer:
		w, id, origin, data := r.U32(), r.U32(), r.Str(), r.Str()
		mine, theirs := &fakePort{owner: p, id: id}, &fakePort{}
		mine.peer, theirs.peer = theirs, mine
		p.ports[id] = mine
		p.post(w, origin, data, theirs)
	case boundary.OpAdopt:
		id := r.U32()
		if p.taken == nil {
			p.t.Fatalf("ADOPT %d without a transferred port", id)
		}
		p.taken.owner, p.taken.id = p, id
		p.ports[id] = p.taken
		p.taken = nil
	case boundary.OpPostPort:
		id, data := r.U32(), r.Str()
		if x := p.ports[id]; x != nil && x.peer.owner != nil {
			p.b.queue = append(p.b.queue, task{on: x.peer, data: data})
		}
	case boundary.OpPostSplice:
		id, head, k, tail := r.U32(), r.Str(), r.U32(), r.Str()
		if int(k) >= len(p.args) {
			p.t.Fatalf("POST_SPLICE of argument %d; the call had %d", k, len(p.args))
		}
		if x := p.ports[id]; x != nil && x.peer.owner != nil {
			p.b.queue = append(p.b.queue, task{on: x.peer, data: head + p.args[k] + tail})
		}
	case boundary.OpEventAt:
		h, start, end := r.U32(), r.U32(), r.U32()
		p.events = append(p.events, itoa(int(h))+":"+p.msg[start:end])
	case boundary.OpCallAt:
		h, ch, id, start, end := r.U32(), r.U32(), r.F64(), r.U32(), r.U32()
		p.calls = append(p.calls, call{h, ch, id, p.msg[start:end]})
	case boundary.OpSettleAt:
		id, start, end := r.U32(), r.U32(), r.U32()
		p.settled[id] = p.msg[start:end]
	case boundary.OpClosePort:
		delete(p.ports, r.U32())
	case boundary.OpEvent:
		h := r.U32()
		payload, _ := r.Opt()
		p.events = append(p.events, itoa(int(h))+":"+string(payload))
	case boundary.OpCall:
		h, ch, id := r.U32(), r.U32(), r.F64()
		payload, _ := r.Opt()
		p.calls = append(p.calls, call{h, ch, id, string(payload)})
	case boundary.OpSettle:
		id := r.U32()
		payload, _ := r.Opt()
		p.settled[id] = string(payload)
	case boundary.OpFail:
		id, code, _ := r.U32(), r.Str(), r.Str()
		p.settled[id] = "!" + code
	case boundary.OpConnected:
		ch, s, _ := r.U32(), r.Str(), r.Str()
		p.connect[ch] = s
	case boundary.OpClosed:
		ch, code, _ := r.U32(), r.Str(), r.Str()
		p.closed[ch] = code
	case boundary.OpDecision:
		d := map[string]any{"verdict": []string{"sent", "accepted", "refused"}[r.U32()%3]}
		r.F64()
		r.F64()
		d["count"], d["summary"] = r.U32(), r.U32()
		for _, k := range []string{"reason", "detail", "origin", "channel", "kind", "type"} {
			d[k] = r.Str()
		}
		r.Opt()
		p.ds = append(p.ds, d)
	case boundary.OpArm:
		ms := r.F64()
		p.armed = clock.Duration(ms * float64(clock.Millisecond))
	case boundary.OpTapOpen, boundary.OpTapSend:
		r.Str()
	case boundary.OpForgetWindow:
		delete(p.windows, r.U32())
	case boundary.OpDropHandler:
		r.U32()
	case boundary.OpDropPorts:
		p.dropped++
	default:
		p.t.Fatalf("unknown op %d", op)
	}
}

// post queues a window message to the page shown in window w, which the
// browser drops unless that page's origin is targetOrigin.
func (p *fakePage) post(w uint32, targetOrigin, data string, port *fakePort) {
	to := p.windows[w]
	if to == nil {
		p.t.Fatalf("post to unknown window %d", w)
	}
	if to.origin != targetOrigin {
		return
	}
	p.b.queue = append(p.b.queue, task{to: to, from: p, data: data, port: port})
}

// deliver runs one window message as the shell's message listener does.
func (p *fakePage) deliver(from *fakePage, origin, data string, port *fakePort) {
	src := uint32(0)
	for id, w := range p.windows {
		if w == from {
			src = id
		}
	}
	n := p.put(0, origin)
	if !p.h.Gate(src, n, true) {
		p.drain()
		return
	}
	kind, dn, length := core.DataString, p.put(n, data), 0
	if dn < 0 {
		kind, dn, length = core.DataTooLong, 0, len(data)
	}
	ports := 0
	if port != nil {
		ports, p.taken = 1, port
	}
	p.h.Window(src, n, kind, dn, length, ports)
	p.drain()
	p.taken = nil
}

// pump runs queued messages until none is left.
func (b *fakeBrowser) pump() {
	for len(b.queue) > 0 {
		k := b.queue[0]
		b.queue = b.queue[1:]
		if k.on != nil {
			p := k.on.owner
			n := p.put(0, k.data)
			p.msg = k.data
			kind := core.DataString
			if n < 0 {
				kind, n = core.DataTooLong, 0
			}
			p.h.Port(k.on.id, kind, n, len(k.data))
			p.drain()
			continue
		}
		k.to.deliver(k.from, k.from.origin, k.data, k.port)
	}
}

// tick advances the clock by d and fires the page's timer if it is due.
func (p *fakePage) tick(d clock.Duration) {
	p.b.clock.now += d
	p.h.Tick()
	p.drain()
}

func itoa(n int) string { return strconv.Itoa(n) }
