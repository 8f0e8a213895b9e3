package core_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/postbridge/postbridge/wasm/clock"
	"github.com/postbridge/postbridge/wasm/core"
	"github.com/postbridge/postbridge/wasm/envelope"
)

// firstHello returns the first hello p received from session-holder
// sender, as recorded by the fake browser.
func firstHello(t *testing.T, p *page) []byte {
	t.Helper()
	for _, m := range p.receivedMessages() {
		if e, err := envelope.Decode(m, envelope.Limits{}); err == nil && e.Kind == envelope.KindHello {
			return m
		}
	}
	t.Fatal("no hello was received")
	return nil
}

// A recorded hello of the peer's first session, replayed through the
// peer's window after more reloads than the channel remembers sessions,
// neither ends the live session nor fails a pending request: the live
// peer answers the probe on its port, and the hello is refused as REPLAY
// with that reason. A request recorded from the first session, posted
// through the window, is refused too.
func TestReplayedHelloAfterManyReloads(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	mc, wc := w.connect(t, nil)
	old := firstHello(t, w.main)
	got := collect(t, wc, "chat")
	if err := mc.Emit("chat", []byte(`1`)); err != nil {
		t.Fatal(err)
	}
	recv(t, got, "event of the first session")
	oldRequest := lastEnvelope(t, lastPort(t, w.main))
	oldRequest.Kind, oldRequest.Type, oldRequest.ID = envelope.KindRequest, "echo", 1

	const reloads = 70 // more than the 64 sessions the channel remembers
	for range reloads {
		wc = w.reopen(t, nil, nil)
		waitReady(t, wc, "reloaded widget")
	}
	waitReady(t, mc, "main")
	entered := make(chan struct{}, 1)
	release := make(chan struct{})
	handle(t, wc, "wait", func(ctx context.Context, _ []byte, _ core.Meta) ([]byte, error) {
		entered <- struct{}{}
		<-release
		return []byte(`"done"`), nil
	})
	pending := make(chan error, 1)
	go func() { _, err := request(mc, "wait", "", patience); pending <- err }()
	recv(t, entered, "the live handler")

	before := w.main.rec.count(refused(core.CodeReplay))
	w.widget.postRaw(w.main, mainOrigin, old, true)
	d := w.main.rec.waitN(t, "refusing the replayed hello", before+1, refused(core.CodeReplay))
	if d.Kind != "hello" || !strings.Contains(d.Detail, "replay") {
		t.Errorf("refusal: %+v; want a hello refused as a replay, saying why", d)
	}
	w.widget.postRaw(w.main, mainOrigin, encode(t, oldRequest), true)
	w.main.rec.wait(t, "refusing the replayed request", func(d core.Decision) bool {
		return d.Verdict == core.Refused && d.Kind == "request" && (d.Reason == core.CodeState || d.Reason == core.CodeReplay)
	})
	close(release)
	if err := recv(t, pending, "the pending request"); err != nil {
		t.Fatalf("the pending request: %v; want its answer (the live session kept)", err)
	}
	fromMain := collect(t, wc, "after")
	if err := mc.Emit("after", []byte(`2`)); err != nil {
		t.Fatal(err)
	}
	if p := recv(t, fromMain, "event after the replay"); p != "2" {
		t.Fatalf("event after the replay: %s", p)
	}
	select {
	case <-mc.Done():
		t.Fatalf("the replay closed the channel: %v", mc.Err())
	default:
	}
}

// A hello from a new session while the live peer is busy: messages sent
// meanwhile wait until the probe settles which session is live, and then
// reach the live peer in order.
func TestSendsWaitForTheProbe(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	mc, wc := w.connect(t, nil)
	got := collect(t, wc, "n")
	release := w.widget.hold() // the live peer cannot answer yet
	w.widget.postRaw(w.main, mainOrigin, hello(t, attacker, 1, helloV1), true)
	w.main.rec.wait(t, "the candidate's hello", accepted("hello", ""))
	for i := range 20 {
		if err := mc.Emit("n", []byte(itoa(i))); err != nil {
			t.Fatal(err)
		}
	}
	release()
	for i := range 20 {
		if p := recv(t, got, "event"); p != itoa(i) {
			t.Fatalf("event %d: got %s", i, p)
		}
	}
	w.main.rec.wait(t, "refusing the candidate", refused(core.CodeReplay))
}

// The live peer never answers and the new session never completes: the
// channel ends rather than keep a dead session forever.
func TestDeadPeerAndSilentCandidate(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	mc, _ := w.connectEach(t, func(c *core.Config) { c.Timeout = clock.Duration(200 * time.Millisecond) }, nil)
	w.widget.raw(widgetOrigin, nil) // the live page is gone, without unloading
	w.widget.postRaw(w.main, mainOrigin, hello(t, attacker, 1, helloV1), true)
	closes(t, mc.Done(), "Done after a dead peer")
	wantCode(t, "Err", mc.Err(), core.ErrClosed)
}

func itoa(i int) string { return string(appendInt(nil, i)) }

func appendInt(b []byte, i int) []byte {
	if i >= 10 {
		b = appendInt(b, i/10)
	}
	return append(b, byte('0'+i%10))
}
