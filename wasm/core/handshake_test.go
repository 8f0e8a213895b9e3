package core_test

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/postbridge/postbridge/wasm/clock"
	"github.com/postbridge/postbridge/wasm/core"
)

// The three ways two pages meet: the parent first with the frame loading
// later, the frame first, or both at once.
var handshakeOrders = []struct {
	name                string
	mainLate, frameLate time.Duration // how long after the start each side opens
}{
	{"parent first, frame loads 200ms later", 0, 200 * time.Millisecond},
	{"frame first, parent opens 200ms later", 200 * time.Millisecond, 0},
	{"both at once", 0, 0},
}

func TestHandshakeOrders(t *testing.T) {
	t.Parallel()
	for _, tc := range handshakeOrders {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := newBrowser()
			t.Cleanup(b.close)
			main := b.page("main", "")
			frame := b.page("frame", "") // about:blank until it loads
			type result struct {
				c   *core.Channel
				err error
			}
			opened := make(chan result, 2)
			start := func(p *page, origin, peerOrigin string, peer *page, after time.Duration) {
				time.Sleep(after) // setting the scene, not an assertion
				p.load(origin)
				c, err := p.open(config(peerOrigin, nil), peer)
				opened <- result{c, err}
			}
			go start(main, mainOrigin, widgetOrigin, frame, tc.mainLate)
			go start(frame, widgetOrigin, mainOrigin, main, tc.frameLate)
			var chs []*core.Channel
			for range 2 {
				r := recv(t, opened, "Open")
				if r.err != nil {
					t.Fatalf("Open: %v", r.err)
				}
				t.Cleanup(func() { r.c.Close() })
				chs = append(chs, r.c)
			}
			a, c := chs[0], chs[1]
			waitReady(t, a, "first opened")
			waitReady(t, c, "second opened")
			exchange(t, a, c)
			exchange(t, c, a)
		})
	}
}

// exchange checks that an event and a request go from a to b.
func exchange(t *testing.T, a, b *core.Channel) {
	t.Helper()
	got := make(chan core.Meta, 1)
	payloads := make(chan string, 1)
	if err := b.On("ping", func(p []byte, m core.Meta) { payloads <- string(p); got <- m }); err != nil {
		t.Fatalf("On: %v", err)
	}
	if err := a.Emit("ping", []byte(`{"n":1}`)); err != nil {
		t.Fatalf("Emit: %v", err)
	}
	if p := recv(t, payloads, "event ping"); p != `{"n":1}` {
		t.Fatalf("event payload: got %s; want {\"n\":1}", p)
	}
	m := recv(t, got, "event meta")
	// b is configured with a's origin, the only one it accepts.
	if m.Origin != b.Origin() || m.Channel != "chat" || m.Type != "ping" || m.Session == "" {
		t.Fatalf("event meta: got %+v; want origin %s, channel chat, type ping, a session", m, b.Origin())
	}
	err := b.Handle("double", func(_ context.Context, p []byte, _ core.Meta) ([]byte, error) {
		n, err := strconv.Atoi(string(p))
		return []byte(strconv.Itoa(2 * n)), err
	})
	if err != nil {
		t.Fatalf("Handle: %v", err)
	}
	resp, err := a.Request(context.Background(), "double", []byte("21"), patience)
	if err != nil || string(resp) != "42" {
		t.Fatalf("Request(double, 21): got %s, %v; want 42, nil", resp, err)
	}
}

func TestEventsQueuedBeforeHandshakeKeepOrder(t *testing.T) {
	t.Parallel()
	b := newBrowser()
	t.Cleanup(b.close)
	main := b.page("main", mainOrigin)
	frame := b.page("frame", "")
	mc := mustOpen(t, main, config(widgetOrigin, nil), frame)
	for i := 1; i <= 3; i++ {
		if err := mc.Emit("n", []byte(strconv.Itoa(i))); err != nil {
			t.Fatalf("Emit before the handshake: %v", err)
		}
	}
	frame.load(widgetOrigin)
	release := frame.hold() // register the handler before any message runs
	fc := mustOpen(t, frame, config(mainOrigin, nil), main)
	got := collect(t, fc, "n")
	release()
	for i := 1; i <= 3; i++ {
		if p := recv(t, got, "queued event"); p != strconv.Itoa(i) {
			t.Fatalf("queued event %d: got %s; want %d", i, p, i)
		}
	}
}

func TestTenThousandEventsInOrder(t *testing.T) {
	t.Parallel()
	const n = 10000
	w := newWorld(t)
	mc, wc := w.connect(t, nil)
	got := collect(t, wc, "n")
	go func() {
		for i := range n {
			if err := mc.Emit("n", []byte(strconv.Itoa(i))); err != nil {
				t.Errorf("Emit(%d): %v", i, err)
				return
			}
		}
	}()
	for i := range n {
		if p := recv(t, got, "event "+strconv.Itoa(i)); p != strconv.Itoa(i) {
			t.Fatalf("event %d: got %s; want %d", i, p, i)
		}
	}
}

func TestHandshakeTimeout(t *testing.T) {
	t.Parallel()
	b := newBrowser()
	t.Cleanup(b.close)
	main := b.page("main", mainOrigin)
	frame := b.page("frame", "") // never loads
	c := mustOpen(t, main, config(widgetOrigin, func(c *core.Config) { c.Timeout = clock.Duration(100 * time.Millisecond) }), frame)
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	wantCode(t, "Wait", c.Wait(ctx), core.ErrTimeout)
	closes(t, c.Done(), "Done after the handshake timeout")
	wantCode(t, "Err", c.Err(), core.ErrTimeout)
	wantCode(t, "Emit after the timeout", c.Emit("n", nil), core.ErrClosed)
}

func TestWaitContextEnds(t *testing.T) {
	t.Parallel()
	b := newBrowser()
	t.Cleanup(b.close)
	main := b.page("main", mainOrigin)
	c := mustOpen(t, main, config(widgetOrigin, nil), b.page("frame", ""))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	wantCode(t, "Wait(cancelled)", c.Wait(ctx), core.ErrTimeout)
	select {
	case <-c.Done():
		t.Fatal("a cancelled Wait closed the channel")
	default:
	}
}

// recordingWindow logs what a channel posts: "hello" for Post (only
// hellos go there in these tests) and "offer" for Offer.
type recordingWindow struct {
	mu      sync.Mutex
	log     []string
	offered chan struct{}
}

func (w *recordingWindow) Is(source any) bool { return source == any(w) }

func (w *recordingWindow) Post([]byte, string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.log = append(w.log, "hello")
	return nil
}

func (w *recordingWindow) Offer([]byte, string) (core.Port, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.log = append(w.log, "offer")
	close(w.offered)
	_, mine := newMessageChannel()
	return mine, nil
}

// A peer's hello may be dispatched while Open is still running, on
// another goroutine. The channel must post its own first hello before it
// handles anything: a hello posted after the welcome would take sequence
// number 1 of the port, and every later message would be refused as
// REPLAY by the peer.
func TestDispatchDuringOpen(t *testing.T) {
	t.Parallel()
	const late = "zzzzzzzzzzzzzzzzzzzzzz" // sorts after our session: we lead
	data := hello(t, late, 1, helloV1)
	trials := 300
	if testing.Short() {
		trials = 30
	}
	for range trials {
		r := core.NewRouter(nil)
		w := &recordingWindow{offered: make(chan struct{})}
		stop, done := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(done)
			for {
				select {
				case <-stop:
					return
				default:
				}
				r.Dispatch(core.Inbound{Origin: widgetOrigin, Source: w, Data: data, Kind: core.DataString})
				runtime.Gosched()
			}
		}()
		c, err := r.Open(config(widgetOrigin, nil), w)
		if err != nil {
			t.Fatal(err)
		}
		closes(t, w.offered, "Offer after the peer's hello")
		close(stop)
		<-done
		c.Close()
		w.mu.Lock()
		log := strings.Join(w.log, " ")
		w.mu.Unlock()
		if !strings.HasPrefix(log, "hello ") || strings.Contains(log, "offer hello") {
			t.Fatalf("posted %q; want our hello first and none after the offer", log)
		}
	}
}
