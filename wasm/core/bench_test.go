package core_test

import (
	"context"
	"testing"

	"github.com/postbridge/postbridge/wasm/core"
)

// benchPayload is a typical small event payload.
var benchPayload = []byte(`{"text":"hello there","author":"alice","n":3}`)

// benchWorld is a connected pair of pages that record no decisions.
func benchWorld(b *testing.B) (mc, wc *core.Channel) {
	br := newBrowser()
	br.quiet = true
	b.Cleanup(br.close)
	w := &world{b: br, main: br.page("main", mainOrigin), widget: br.page("widget", widgetOrigin)}
	return w.connect(b, nil)
}

// fakeRoundTrip is the baseline: a message of an envelope's size to the
// other page's event loop and back, on the fake MessageChannel alone.
func fakeRoundTrip(b *testing.B) {
	br := newBrowser()
	b.Cleanup(br.close)
	p1, p2 := br.page("p1", mainOrigin), br.page("p2", widgetOrigin)
	a, z := newMessageChannel()
	p1.own(a, 1)
	p2.own(z, 1)
	back := make(chan struct{}, 1)
	z.Start(func(data []byte, _ core.DataKind) { z.Post(data) })
	a.Start(func([]byte, core.DataKind) { back <- struct{}{} })
	msg := []byte(`{"postbridge":1,"channel":"chat","session":"alice-session-0001","to":"bob-session-000002","seq":42,"kind":"event","type":"ping","payload":` + string(benchPayload) + `}`)
	b.ReportAllocs()
	for b.Loop() {
		a.Post(msg)
		<-back
	}
}

// BenchmarkEventRoundTrip: an event to the peer, whose handler answers
// with an event. Compare core with fake-only for the core's overhead.
func BenchmarkEventRoundTrip(b *testing.B) {
	b.Run("fake-only", fakeRoundTrip)
	b.Run("core", func(b *testing.B) {
		mc, wc := benchWorld(b)
		back := make(chan struct{}, 1)
		wc.On("ping", func(p []byte, _ core.Meta) { wc.Emit("pong", p) })
		mc.On("pong", func([]byte, core.Meta) { back <- struct{}{} })
		b.ReportAllocs()
		for b.Loop() {
			if err := mc.Emit("ping", benchPayload); err != nil {
				b.Fatal(err)
			}
			<-back
		}
	})
}

// BenchmarkRequest: a request answered by an echo handler.
func BenchmarkRequest(b *testing.B) {
	b.Run("fake-only", fakeRoundTrip)
	b.Run("core", func(b *testing.B) {
		mc, wc := benchWorld(b)
		wc.Handle("echo", func(_ context.Context, p []byte, _ core.Meta) ([]byte, error) { return p, nil })
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := mc.Request(ctx, "echo", benchPayload, 0); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRequestAsync is the round trip of the browser's message path:
// a request answered by an echo handler that replies at once, with no
// goroutine anywhere, on the synchronous fake browser.
func BenchmarkRequestAsync(b *testing.B) {
	w, mc, wc := syncPair(nil)
	wc.HandleAsync("echo", func(in core.Incoming, p []byte, _ core.Meta) { in.Reply(p, nil) })
	var s settled
	b.ReportAllocs()
	for b.Loop() {
		if _, err := mc.RequestAsync("echo", benchPayload, 0, &s, 1); err != nil {
			b.Fatal(err)
		}
		w.pump()
	}
	if s.n == 0 || s.err != nil {
		b.Fatalf("settled %d times, last error %v", s.n, s.err)
	}
}

// BenchmarkEventAsync is one event one way on the same message path.
func BenchmarkEventAsync(b *testing.B) {
	w, mc, wc := syncPair(nil)
	n := 0
	wc.On("ping", func([]byte, core.Meta) { n++ })
	b.ReportAllocs()
	for b.Loop() {
		if err := mc.Emit("ping", benchPayload); err != nil {
			b.Fatal(err)
		}
		w.pump()
	}
	if n == 0 {
		b.Fatal("no event arrived")
	}
}
