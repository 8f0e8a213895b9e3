package boundary_test

import (
	"strings"
	"testing"

	"github.com/postbridge/postbridge/wasm/boundary"
	"github.com/postbridge/postbridge/wasm/clock"
	"github.com/postbridge/postbridge/wasm/core"
)

// pair connects "chat" between a main page and a widget through two hosts
// and the fake loader.
func pair(t *testing.T) (b *fakeBrowser, main, widget *fakePage, mc, wc uint32) {
	b = &fakeBrowser{clock: &fakeClock{now: clock.Second}}
	main, widget = newPage(t, b, mainOrigin), newPage(t, b, widgetOrigin)
	mc = main.open(widget, nil)
	wc = widget.open(main, nil)
	b.pump()
	if main.connect[mc] == "" || widget.connect[wc] == "" {
		t.Fatalf("no handshake: main %v, widget %v", main.connect, widget.connect)
	}
	return
}

// typed writes a type and a payload into the inbox, as the shell does.
func (p *fakePage) typed(typ, payload string) (int, int) {
	n := p.put(0, typ)
	if payload == "" {
		return n, -1
	}
	return n, p.put(n, payload)
}

// A request from the JavaScript API reaches the peer's JavaScript handler
// as a CALL, its answer comes back as a SETTLE, and an event as an EVENT:
// the whole JS API path through the wire format.
func TestRequestAndEventThroughTheOutbox(t *testing.T) {
	b, main, widget, mc, wc := pair(t)
	h := widget.put(0, "sum")
	hid := widget.h.Handle(wc, h, true)
	if hid <= 0 {
		t.Fatalf("Handle: %d %s", hid, widget.h.Result())
	}
	tl, pl := main.typed("sum", `[1,2]`)
	rid := main.h.Request(mc, tl, pl, 1000)
	main.drain()
	if rid <= 0 {
		t.Fatalf("Request: %d %s", rid, main.h.Result())
	}
	b.pump()
	if len(widget.calls) != 1 || widget.calls[0].payload != `[1,2]` || widget.calls[0].handler != uint32(hid) {
		t.Fatalf("calls = %+v; want one CALL of handler %d with [1,2]", widget.calls, hid)
	}
	c := widget.calls[0]
	n := widget.put(0, "3")
	widget.h.Answer(c.ch, c.id, true, n, 0)
	widget.drain()
	b.pump()
	if got := main.settled[uint32(rid)]; got != "3" {
		t.Fatalf("settled = %v; want request %d answered 3", main.settled, rid)
	}

	eh := main.h.On(mc, main.put(0, "note"), true)
	tl, pl = widget.typed("note", `"hi"`)
	if r := widget.h.Emit(wc, tl, pl); r != 0 {
		t.Fatalf("Emit: %s", widget.h.Result())
	}
	widget.drain()
	b.pump()
	if len(main.events) != 1 || main.events[0] != itoa(int(eh))+`:"hi"` {
		t.Fatalf("events = %v", main.events)
	}
	// The payloads went by reference to the loader's own strings: posted
	// as head + the caller's JSON + tail, delivered as slices of the
	// message received.
	for _, c := range []struct {
		p  *fakePage
		op boundary.Op
	}{{main, boundary.OpPostSplice}, {widget, boundary.OpCallAt}, {widget, boundary.OpPostSplice}, {main, boundary.OpSettleAt}, {main, boundary.OpEventAt}} {
		if c.p.ops[c.op] == 0 {
			t.Errorf("%s never used op %d", c.p.origin, c.op)
		}
	}
}

// A handler that never settles holds nothing once its time limit passes:
// the requester is told TIMEOUT and a late answer is ignored.
func TestNeverSettlingHandlerIsReleased(t *testing.T) {
	b, main, widget, mc, wc := pair(t)
	widget.h.Handle(wc, widget.put(0, "stuck"), true)
	const n = 200
	for range n {
		tl, pl := main.typed("stuck", `{}`)
		main.h.Request(mc, tl, pl, 60000)
		main.drain()
	}
	b.pump()
	if len(widget.calls) != n {
		t.Fatalf("%d calls reached the handler; want %d", len(widget.calls), n)
	}
	widget.tick(6 * clock.Second) // past the 5 s handler time limit
	b.pump()
	fails := 0
	for _, s := range main.settled {
		if s == "!TIMEOUT" {
			fails++
		}
	}
	if fails != n {
		t.Fatalf("%d requests failed with TIMEOUT; want %d (settled %v)", fails, n, main.settled)
	}
	c := widget.calls[0]
	widget.h.Answer(c.ch, c.id, true, widget.put(0, "1"), 0) // too late
	widget.drain()
	b.pump()
	widget.h.Stats()
	if s := string(widget.h.Result()); !strings.Contains(s, `"inflight":0`) {
		t.Errorf("stats after the deadline: %s; want nothing in flight", s)
	}
}

// The gate judges a window message by origin, source and isTrusted alone:
// a look-alike origin, a twin window, a null source and an event that
// script dispatched (right origin, right window) are refused and counted
// before any data is read, and with no listener nothing is reported at all.
func TestGate(t *testing.T) {
	b, main, widget, _, _ := pair(t)
	evil := newPage(t, b, evilOrigin)
	twin := newPage(t, b, widgetOrigin)
	src := main.windowID(widget)
	for _, tc := range []struct {
		origin    string
		source    uint32
		untrusted bool
		ok        bool
	}{
		{widgetOrigin, src, false, true},
		{evilOrigin, src, false, false},
		{widgetOrigin, main.windowID(twin), false, false},
		{widgetOrigin, 0, false, false},
		{widgetOrigin + ".evil.example", src, false, false},
		{widgetOrigin, src, true, false},
		{widgetOrigin, src, true, false},
		{"null", src, false, false},
	} {
		if ok := main.h.Gate(tc.source, main.put(0, tc.origin), !tc.untrusted); ok != tc.ok {
			t.Errorf("Gate(%q, %d, untrusted %t) = %t; want %t", tc.origin, tc.source, tc.untrusted, ok, tc.ok)
		}
	}
	// "The same origin as the previous gate" is the evil origin again, and
	// is refused and counted as such.
	if main.h.Gate(src, boundary.SameOrigin, true) {
		t.Error("Gate(SameOrigin) after a refused origin passed")
	}
	main.drain()
	if len(main.ds) != 0 {
		t.Errorf("decisions reported with nobody listening: %v", main.ds)
	}
	main.h.Stats()
	if s := string(main.h.Result()); !strings.Contains(s, `"ORIGIN_REFUSED":4`) || !strings.Contains(s, `"SOURCE_REFUSED":2`) || !strings.Contains(s, `"UNTRUSTED":2`) {
		t.Errorf("stats: %s; want 4 ORIGIN_REFUSED, 2 SOURCE_REFUSED and 2 UNTRUSTED counted", s)
	}
	_ = evil
	main.h.Observe(core.ObserveRefusals)
	main.h.Gate(src, main.put(0, evilOrigin), true)
	main.h.Gate(src, main.put(0, widgetOrigin), false)
	main.drain()
	if len(main.ds) != 2 || main.ds[0]["reason"] != "ORIGIN_REFUSED" || main.ds[0]["origin"] != evilOrigin ||
		main.ds[1]["reason"] != "UNTRUSTED" || main.ds[1]["origin"] != widgetOrigin {
		t.Errorf("with onReject: %v; want one ORIGIN_REFUSED from the evil origin, one UNTRUSTED claiming the widget's", main.ds)
	}
}

// A string that cannot fit the limit is refused as TOO_LARGE without the
// loader copying it, on the window and on the port, and the channel still
// answers afterwards.
func TestTooLongNeverCopied(t *testing.T) {
	b := &fakeBrowser{clock: &fakeClock{now: clock.Second}}
	main, widget := newPage(t, b, mainOrigin), newPage(t, b, widgetOrigin)
	mc := main.open(widget, nil)
	wc := widget.open(main, map[string]any{"maxPayload": 1 << 20})
	b.pump()
	main.h.Observe(core.ObserveRefusals)
	src := main.windowID(widget)
	n := main.put(0, widgetOrigin)
	main.h.Window(src, n, core.DataTooLong, 0, 256<<20, 0)
	main.drain()
	// The widget allows itself bigger messages than main does: main's
	// loader cannot fit this one, and says so instead of copying it.
	if !widget.h.Reserve(400 << 10) {
		t.Fatal("Reserve")
	}
	big := `"` + strings.Repeat("x", 300<<10) + `"`
	tl, pl := widget.typed("note", big)
	if r := widget.h.Emit(wc, tl, pl); r != 0 {
		t.Fatalf("Emit: %s", widget.h.Result())
	}
	widget.drain()
	b.pump()
	if len(main.ds) != 2 || main.ds[0]["reason"] != "TOO_LARGE" || main.ds[1]["reason"] != "TOO_LARGE" {
		t.Fatalf("decisions: %v; want two TOO_LARGE", main.ds)
	}
	widget.h.Handle(wc, widget.put(0, "ping"), true)
	tl, pl = main.typed("ping", "1")
	rid := main.h.Request(mc, tl, pl, 1000)
	main.drain()
	b.pump()
	c := widget.calls[len(widget.calls)-1]
	widget.h.Answer(c.ch, c.id, true, widget.put(0, "2"), 0)
	widget.drain()
	b.pump()
	if main.settled[uint32(rid)] != "2" {
		t.Fatalf("after the refusals: %v", main.settled)
	}
}

// A call a handler makes while the loader carries out commands is nested:
// its commands run after others, when the loader's strings of the call
// are gone, so they carry their payload instead of naming a string.
func TestNestedCallsCarryPayloads(t *testing.T) {
	b, main, widget, _, wc := pair(t)
	got := map[string]int{}
	main.h.On(1, main.put(0, "n"), true)
	main.drain()
	for _, nested := range []bool{false, true} {
		before := widget.ops[boundary.OpPostSplice]
		tl, pl := widget.typed("n", `{"nested":true}`)
		widget.h.SetNested(nested)
		if r := widget.h.Emit(wc, tl, pl); r != 0 {
			t.Fatalf("Emit: %s", widget.h.Result())
		}
		widget.h.SetNested(false)
		widget.drain()
		got[map[bool]string{false: "top", true: "nested"}[nested]] = widget.ops[boundary.OpPostSplice] - before
	}
	b.pump()
	if got["top"] != 1 || got["nested"] != 0 {
		t.Errorf("splices: %v; want one for the top-level call and none for the nested one", got)
	}
	if len(main.events) != 2 {
		t.Errorf("events delivered: %v; want both", main.events)
	}
}
