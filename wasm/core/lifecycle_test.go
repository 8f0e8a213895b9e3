package core_test

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/postbridge/postbridge/wasm/clock"
	"github.com/postbridge/postbridge/wasm/core"
	"github.com/postbridge/postbridge/wasm/envelope"
)

// reopen reloads the widget and opens its channel again, registering
// handlers before any message of the new document runs.
func (w *world) reopen(t testing.TB, edit func(*core.Config), setup func(c *core.Channel)) *core.Channel {
	t.Helper()
	w.widget.reload()
	release := w.widget.hold()
	defer release()
	wc := mustOpen(t, w.widget, config(mainOrigin, edit), w.main)
	if setup != nil {
		setup(wc)
	}
	return wc
}

func TestPeerReloadEndsSessionThenReconnects(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	mc, wc := w.connect(t, nil)
	entered := make(chan struct{}, 1)
	handle(t, wc, "wait", func(ctx context.Context, _ []byte, _ core.Meta) ([]byte, error) {
		entered <- struct{}{}
		<-ctx.Done()
		return nil, ctx.Err()
	})
	pending := make(chan error, 1)
	go func() { _, err := request(mc, "wait", "", patience); pending <- err }()
	recv(t, entered, "handler of the old page")

	var fromMain <-chan string
	wc2 := w.reopen(t, nil, func(c *core.Channel) { fromMain = collect(t, c, "chat") })
	wantCode(t, "request pending across the reload", recv(t, pending, "pending request"), core.ErrClosed)
	waitReady(t, wc2, "reloaded widget")

	fromWidget := collect(t, mc, "chat")
	if err := mc.Emit("chat", []byte(`"to the new page"`)); err != nil {
		t.Fatalf("Emit after the reload: %v", err)
	}
	if p := recv(t, fromMain, "event to the new page"); p != `"to the new page"` {
		t.Fatalf("event to the new page: got %s", p)
	}
	if err := wc2.Emit("chat", []byte(`"from the new page"`)); err != nil {
		t.Fatalf("Emit from the new page: %v", err)
	}
	if p := recv(t, fromWidget, "event from the new page"); p != `"from the new page"` {
		t.Fatalf("event from the new page: got %s", p)
	}
	select {
	case <-mc.Done():
		t.Fatalf("the reload closed the channel: %v", mc.Err())
	default:
	}
}

// After a reload, the old session is over: neither its window messages
// nor a message still travelling on its port reach a handler, even if the
// glue failed to stop the old port.
func TestOldSessionRefusedAfterReload(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.b.ignorePortClose = true
	mc, wc := w.connect(t, nil)
	got := collect(t, mc, "chat")
	if err := wc.Emit("chat", []byte(`"old"`)); err != nil {
		t.Fatal(err)
	}
	recv(t, got, "event of the old session")
	oldPort := lastPort(t, w.widget)
	old := lastEnvelope(t, oldPort)

	wc2 := w.reopen(t, nil, nil)
	waitReady(t, wc2, "reloaded widget")
	waitReady(t, mc, "main")

	next := old
	next.Seq++
	next.Payload = []byte(`"stale port"`)
	oldPort.Post(encode(t, next))
	w.widget.postRaw(w.main, mainOrigin, hello(t, old.Session, 99, helloV1), true)
	d := w.main.rec.wait(t, "refusing a hello of the old session", refused(core.CodeReplay))
	if d.Kind != string(envelope.KindHello) {
		t.Errorf("refused kind: got %q; want hello", d.Kind)
	}
	if err := wc2.Emit("chat", []byte(`"new"`)); err != nil {
		t.Fatal(err)
	}
	if p := recv(t, got, "event of the new session"); p != `"new"` {
		t.Fatalf("after the reload: got %s; want \"new\"", p)
	}
}

func TestCloseTellsPeer(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	mc, wc := w.connect(t, nil)
	closed := make(chan error, 1)
	wc.OnClose(func(err error) { closed <- err })
	handle(t, mc, "wait", func(ctx context.Context, _ []byte, _ core.Meta) ([]byte, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	})
	pending := make(chan error, 1)
	go func() { _, err := request(wc, "wait", "", patience); pending <- err }()
	w.main.rec.wait(t, "the request arriving", accepted("request", "wait"))

	if err := mc.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	closes(t, mc.Done(), "main's Done after Close")
	wantCode(t, "main's Err", mc.Err(), core.ErrClosed)
	wantCode(t, "peer's OnClose", recv(t, closed, "peer's OnClose"), core.ErrClosed)
	closes(t, wc.Done(), "peer's Done")
	wantCode(t, "peer's Err", wc.Err(), core.ErrClosed)
	wantCode(t, "peer's pending request", recv(t, pending, "peer's pending request"), core.ErrClosed)

	wantCode(t, "Emit after Close", mc.Emit("chat", nil), core.ErrClosed)
	_, err := request(mc, "wait", "", patience)
	wantCode(t, "Request after Close", err, core.ErrClosed)
	if err := mc.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	late := make(chan error, 1)
	mc.OnClose(func(err error) { late <- err })
	wantCode(t, "OnClose after Close", recv(t, late, "late OnClose"), core.ErrClosed)

	// The router forgets a closed channel: the same one opens again.
	again := mustOpen(t, w.main, config(widgetOrigin, nil), w.widget)
	if again == mc {
		t.Fatal("Open returned the closed channel")
	}
}

// The peer says it is unloading, then shows another origin: its hellos
// are refused, and the channel, waiting for the peer's next session, ends
// after Timeout with CLOSED.
func TestPeerNavigatesToAnotherOrigin(t *testing.T) {
	t.Parallel()
	const timeout = time.Second
	w := newWorld(t)
	mc, _ := w.connectEach(t, func(c *core.Config) { c.Timeout = clock.Duration(timeout) }, nil)
	start := time.Now()
	w.widget.Router().Unload()
	w.main.rec.wait(t, "accepting the unload", accepted("close", ""))
	if err := mc.Emit("chat", []byte(`"queued while waiting"`)); err != nil {
		t.Fatalf("Emit while waiting: %v", err)
	}
	w.widget.load(evilOrigin)
	mustOpen(t, w.widget, config(mainOrigin, nil), w.main)
	w.main.rec.wait(t, "refusing the new page's hello", refused(core.CodeOriginRefused))
	closes(t, mc.Done(), "Done after the peer went away")
	wantCode(t, "Err", mc.Err(), core.ErrClosed)
	if d := time.Since(start); d < timeout {
		t.Errorf("closed after %v; want at least Timeout %v", d, timeout)
	}
}

// A request made while the peer reloads is sent to the next page once it
// says hello: it is neither lost nor failed.
func TestRequestDuringPeerReload(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	mc, _ := w.connect(t, nil)
	w.widget.Router().Unload()
	w.main.rec.wait(t, "accepting the unload", accepted("close", ""))
	release := w.main.hold() // the new page's hello waits behind this
	result := make(chan error, 1)
	go func() {
		resp, err := request(mc, "echo", `"hi"`, patience)
		if err == nil && string(resp) != `"hi"` {
			err = errors.New("wrong answer " + string(resp))
		}
		result <- err
	}()
	// Give the request time to be queued before the hello runs. Either
	// order must end with the answer; this one is the one that matters.
	time.Sleep(20 * time.Millisecond)
	runs := make(chan struct{}, 2)
	w.reopen(t, nil, func(c *core.Channel) {
		handle(t, c, "echo", func(_ context.Context, p []byte, _ core.Meta) ([]byte, error) {
			runs <- struct{}{}
			return p, nil
		})
	})
	release()
	if err := recv(t, result, "request made during the reload"); err != nil {
		t.Fatalf("request made during the reload: got %v; want the answer", err)
	}
	recv(t, runs, "handler run")
}

// A reload starts a new handshake; if the new page goes away before it
// completes, the channel must still end, not wait forever.
func TestHandshakeAfterReloadHasDeadline(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	mc, _ := w.connectEach(t, func(c *core.Config) { c.Timeout = clock.Duration(time.Second) }, nil)
	w.widget.reload()
	release := w.widget.hold()
	mustOpen(t, w.widget, config(mainOrigin, nil), w.main)
	w.widget.raw(evilOrigin, nil) // navigates away before our answer runs
	release()
	closes(t, mc.Done(), "Done after the new page left mid-handshake")
	if err := mc.Err(); !errors.Is(err, core.ErrTimeout) && !errors.Is(err, core.ErrClosed) {
		t.Errorf("Err: got %v; want TIMEOUT or CLOSED", err)
	}
}

// Sending while the peer reloads again and again is safe: run with -race.
// The invalid payload is refused before any lock is taken, which is where
// a read of the session state would race with the reload.
func TestEmitDuringReloads(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	mc, _ := w.connect(t, nil)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	send := func(payload string, ok func(error) bool) {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if err := mc.Emit("chat", []byte(payload)); !ok(err) {
				t.Errorf("Emit(%s) during reloads: %v", payload, err)
				return
			}
			runtime.Gosched() // js/wasm switches goroutines only here
		}
	}
	wg.Add(2)
	go send(`[1,2`, func(err error) bool { return errors.Is(err, core.ErrEnvelope) })
	go send(`[1,2]`, func(err error) bool { return err == nil || errors.Is(err, core.ErrLimit) })
	for range 5 {
		wc := w.reopen(t, nil, nil)
		waitReady(t, wc, "reloaded widget")
	}
	close(stop)
	wg.Wait()
}
