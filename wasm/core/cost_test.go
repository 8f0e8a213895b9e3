package core_test

import (
	"runtime"
	"testing"

	"github.com/postbridge/postbridge/wasm/clock"
	"github.com/postbridge/postbridge/wasm/core"
)

// The message path costs no allocation, goroutine or timer: a request
// answered by an asynchronous handler, and an event, on the synchronous
// fake browser (the browser's own set-up: one thread, no Go timers).
func TestMessagePathCost(t *testing.T) {
	w, mc, wc := syncPair(nil)
	wc.HandleAsync("echo", func(in core.Incoming, p []byte, _ core.Meta) { in.Reply(p, nil) })
	wc.On("ping", func([]byte, core.Meta) {})
	var s settled
	request := func() {
		if _, err := mc.RequestAsync("echo", benchPayload, 0, &s, 1); err != nil {
			t.Fatal(err)
		}
		w.pump()
	}
	event := func() {
		if err := mc.Emit("ping", benchPayload); err != nil {
			t.Fatal(err)
		}
		w.pump()
	}
	request() // warm the maps and buffers
	event()
	goroutines := runtime.NumGoroutine()
	if !raceEnabled { // the race detector allocates on its own
		if n := testing.AllocsPerRun(200, request); n != 0 {
			t.Errorf("a request round trip allocates %.1f times; want 0", n)
		}
		if n := testing.AllocsPerRun(200, event); n != 0 {
			t.Errorf("an event allocates %.1f times; want 0", n)
		}
	}
	for range 1000 {
		request()
	}
	if s.n < 1000 || s.err != nil || string(s.resp) != string(benchPayload) {
		t.Fatalf("settled %d times, last %q, %v", s.n, s.resp, s.err)
	}
	if g := runtime.NumGoroutine(); g > goroutines {
		t.Errorf("%d goroutines after 1000 requests; %d before", g, goroutines)
	}
}

// A thousand requests arm the wake-up once, not once each: every request's
// deadline is later than the first one's, and the sweep finds them.
func TestOneWakeForManyRequests(t *testing.T) {
	clk := newFakeClock()
	w := &syncWorld{}
	mainR := core.NewRouterWith(core.Options{Now: clk.Now, Wake: clk.Wake})
	widgetR := core.NewRouterWith(core.Options{Now: clk.Now, Wake: func(clock.Duration) {}})
	mainSelf, widgetSelf := new(int), new(int)
	mc, _ := mainR.Open(core.Config{Origin: widgetOrigin, Channel: "chat"}, &syncWin{w: w, to: widgetR, origin: mainOrigin, self: mainSelf, peer: widgetSelf})
	wc, _ := widgetR.Open(core.Config{Origin: mainOrigin, Channel: "chat"}, &syncWin{w: w, to: mainR, origin: widgetOrigin, self: widgetSelf, peer: mainSelf})
	w.pump()
	if mc.Session() == "" {
		t.Fatal("no handshake")
	}
	wc.HandleAsync("echo", func(in core.Incoming, p []byte, _ core.Meta) { in.Reply(p, nil) })
	var s settled
	before := clk.wakes
	for range 1000 {
		clk.advance(clock.Millisecond)
		mc.RequestAsync("echo", benchPayload, 0, &s, 1)
		w.pump()
	}
	if n := clk.wakes - before; n > 1 {
		t.Errorf("1000 requests asked for %d wake-ups; want at most 1", n)
	}
	// A request whose handler never answers times out through the sweep.
	wc.HandleAsync("never", func(core.Incoming, []byte, core.Meta) {})
	var lost settled
	mc.RequestAsync("never", nil, clock.Second, &lost, 2)
	w.pump()
	clk.advance(2 * clock.Second)
	mainR.Tick()
	if lost.n != 1 || lost.err == nil {
		t.Fatalf("a request nobody answers: settled %d times with %v; want TIMEOUT once", lost.n, lost.err)
	}
}
