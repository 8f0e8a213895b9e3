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
	z.Start(func(data []byte, _ bool) { z.Post(data) })
	a.Start(func([]byte, bool) { back <- struct{}{} })
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
