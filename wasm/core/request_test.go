package core_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/postbridge/postbridge/wasm/clock"
	"github.com/postbridge/postbridge/wasm/core"
	"github.com/postbridge/postbridge/wasm/envelope"
)

// handle registers a request handler or fails the test.
func handle(t testing.TB, c *core.Channel, typ string, f core.RequestFunc) {
	t.Helper()
	if err := c.Handle(typ, f); err != nil {
		t.Fatalf("Handle(%q): %v", typ, err)
	}
}

func request(c *core.Channel, typ, payload string, timeout time.Duration) ([]byte, error) {
	var p []byte
	if payload != "" {
		p = []byte(payload)
	}
	return c.Request(context.Background(), typ, p, timeout)
}

// handlerErrors: what a handler returns, and what the requester gets. A
// peer may pass on the codes that describe a request's fate, but not the
// ones that describe our own security checks.
var handlerErrors = []struct {
	name    string
	err     error
	want    *core.Error
	message string
}{
	{"plain error", errors.New("disk full"), core.ErrHandler, "disk full"},
	{"wrapped error", errors.Join(errors.New("step 2"), errors.New("disk full")), core.ErrHandler, "disk full"},
	{"schema", &core.Error{Code: core.CodeSchema, Message: "bad n"}, core.ErrSchema, "bad n"},
	{"unknown type", &core.Error{Code: core.CodeUnknownType, Message: "gone"}, core.ErrUnknownType, "gone"},
	{"limit", &core.Error{Code: core.CodeLimit, Message: "busy"}, core.ErrLimit, "busy"},
	{"origin refused is not the peer's to say", &core.Error{Code: core.CodeOriginRefused, Message: "x"}, core.ErrHandler, "x"},
	{"bad config is not the peer's to say", &core.Error{Code: core.CodeBadConfig, Message: "x"}, core.ErrHandler, "x"},
	{"replay is not the peer's to say", &core.Error{Code: core.CodeReplay, Message: "x"}, core.ErrHandler, "x"},
	{"long message is cut", errors.New(strings.Repeat("é", 800)), core.ErrHandler, strings.Repeat("é", 512)},
}

func TestRequestHandlerErrors(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	mc, wc := w.connect(t, nil)
	for _, tc := range handlerErrors {
		handle(t, wc, "fail", func(context.Context, []byte, core.Meta) ([]byte, error) { return nil, tc.err })
		resp, err := request(mc, "fail", "", patience)
		if !errors.Is(err, tc.want) || resp != nil {
			t.Errorf("%s: Request: got %s, %v; want %s", tc.name, resp, err, tc.want.Code)
			continue
		}
		var be *core.Error
		if !errors.As(err, &be) || !strings.Contains(be.Message, tc.message) || len(be.Message) > envelope.MaxFaultMessage {
			t.Errorf("%s: message: got %q; want it to contain %.40q and fit %d bytes", tc.name, be.Message, tc.message, envelope.MaxFaultMessage)
		}
	}
}

func TestRequestPayloads(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	mc, wc := w.connect(t, nil)
	handle(t, wc, "echo", func(_ context.Context, p []byte, m core.Meta) ([]byte, error) {
		if m.Type != "echo" || m.Origin != mainOrigin || m.Channel != "chat" {
			return nil, errors.New("bad meta")
		}
		return p, nil
	})
	for _, p := range []string{`{"a":[1,2,{"b":null}]}`, `"text with \"quotes\" and é"`, `0`, `null`, ``} {
		resp, err := request(mc, "echo", p, patience)
		if err != nil || string(resp) != p {
			t.Errorf("Request(echo, %q): got %q, %v; want %q, nil", p, resp, err, p)
		}
	}
}

func TestHandlerTimeout(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	mc := mustOpen(t, w.main, config(widgetOrigin, nil), w.widget)
	wc := mustOpen(t, w.widget, config(mainOrigin, func(c *core.Config) { c.HandlerTimeout = clock.Duration(50 * time.Millisecond) }), w.main)
	waitReady(t, mc, "main")
	ended := make(chan error, 1)
	handle(t, wc, "slow", func(ctx context.Context, _ []byte, _ core.Meta) ([]byte, error) {
		<-ctx.Done()
		ended <- ctx.Err()
		return []byte(`"too late"`), nil
	})
	_, err := request(mc, "slow", "", patience)
	wantCode(t, "Request(slow)", err, core.ErrTimeout)
	if !strings.Contains(err.Error(), "handler") {
		t.Errorf("handler timeout: got %q; want it to name the handler", err)
	}
	if e := recv(t, ended, "handler's context"); !errors.Is(e, context.DeadlineExceeded) {
		t.Errorf("handler ctx: got %v; want DeadlineExceeded", e)
	}
}

// The peer takes the request and never answers in time: the requester
// gives up, and the late answer is refused as no longer pending.
func TestRequestTimeout(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	mc, wc := w.connect(t, func(c *core.Config) { c.Timeout = clock.Duration(time.Minute) })
	release := make(chan struct{})
	handle(t, wc, "stuck", func(ctx context.Context, _ []byte, _ core.Meta) ([]byte, error) {
		<-release
		return []byte(`"late"`), nil
	})
	start := time.Now()
	_, err := request(mc, "stuck", "", 100*time.Millisecond)
	wantCode(t, "Request(stuck)", err, core.ErrTimeout)
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("request timeout after %v; want at least 100ms", d)
	}
	close(release)
	w.main.rec.wait(t, "refusing the late answer", refused(core.CodeState))

	// A request whose context has already ended is not sent at all.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = mc.Request(ctx, "stuck", nil, 0)
	wantCode(t, "Request(cancelled ctx)", err, core.ErrTimeout)
	handle(t, wc, "ping", func(context.Context, []byte, core.Meta) ([]byte, error) { return nil, nil })
	if _, err := request(mc, "ping", "", patience); err != nil {
		t.Fatalf("Request(ping): %v", err)
	}
	if n := w.widget.rec.count(accepted("request", "stuck")); n != 1 {
		t.Errorf("the peer received %d stuck requests; want 1 (the cancelled one not sent)", n)
	}
}

func TestMaxPending(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	mc, wc := w.connect(t, func(c *core.Config) { c.MaxPending = 2 })
	entered := make(chan struct{}, 8)
	release := make(chan struct{})
	handle(t, wc, "wait", func(ctx context.Context, _ []byte, _ core.Meta) ([]byte, error) {
		entered <- struct{}{}
		<-release
		return []byte(`"done"`), nil
	})
	results := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := request(mc, "wait", "", patience)
			results <- err
		}()
	}
	recv(t, entered, "first handler")
	recv(t, entered, "second handler")
	_, err := request(mc, "wait", "", patience)
	wantCode(t, "third Request with MaxPending 2", err, core.ErrLimit)
	close(release)
	for range 2 {
		if err := recv(t, results, "pending request"); err != nil {
			t.Errorf("pending request: got %v; want nil", err)
		}
	}
	if _, err := request(mc, "wait", "", patience); err != nil {
		t.Errorf("Request after the others ended: got %v; want nil", err)
	}
}

// The handling side bounds the handlers it runs at once, whatever the
// requester's own limit: a flood of requests is answered with LIMIT.
func TestMaxHandling(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	mc := mustOpen(t, w.main, config(widgetOrigin, nil), w.widget)
	wc := mustOpen(t, w.widget, config(mainOrigin, func(c *core.Config) { c.MaxPending = 1 }), w.main)
	waitReady(t, mc, "main")
	entered := make(chan struct{}, 1)
	release := make(chan struct{})
	handle(t, wc, "wait", func(ctx context.Context, _ []byte, _ core.Meta) ([]byte, error) {
		entered <- struct{}{}
		<-release
		return nil, nil
	})
	first := make(chan error, 1)
	go func() { _, err := request(mc, "wait", "", patience); first <- err }()
	recv(t, entered, "first handler")
	_, err := request(mc, "wait", "", patience)
	wantCode(t, "second request while the peer handles one", err, core.ErrLimit)
	close(release)
	if err := recv(t, first, "first request"); err != nil {
		t.Errorf("first request: got %v; want nil", err)
	}
}

// An answer to an id we never asked about is refused.
func TestUnknownResponseRefused(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	mc, wc := w.connect(t, nil)
	got := collect(t, mc, "chat")
	if err := wc.Emit("chat", []byte(`1`)); err != nil {
		t.Fatal(err)
	}
	recv(t, got, "real event")
	wp := lastPort(t, w.widget)
	e := lastEnvelope(t, wp)
	e.Seq++
	e.Kind, e.ID, e.Payload = envelope.KindResponse, 999, []byte(`"unasked"`)
	wp.Post(encode(t, e))
	d := w.main.rec.wait(t, "refusing the unasked answer", refused(core.CodeState))
	if d.Kind != string(envelope.KindResponse) {
		t.Errorf("refused kind: got %q; want response", d.Kind)
	}
}

// Handlers are found by exact name in a map of our own: names that are
// properties of every JavaScript object are ordinary names here.
func TestDispatchByOwnNames(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	mc, wc := w.connect(t, nil)
	valueOf := collect(t, wc, "valueOf")
	handle(t, wc, "valueOf", func(context.Context, []byte, core.Meta) ([]byte, error) { return []byte(`1`), nil })
	for _, name := range []string{"constructor", "toString", "hasOwnProperty", "prototype", "Object"} {
		_, err := request(mc, name, "", patience)
		wantCode(t, "Request("+name+") with no handler", err, core.ErrUnknownType)
		if err := mc.Emit(name, nil); err != nil {
			t.Fatalf("Emit(%s): %v", name, err)
		}
		d := w.widget.rec.wait(t, "accepting event "+name, accepted("event", name))
		if !strings.Contains(d.Detail, "no handler") {
			t.Errorf("event %s: detail %q; want it to say there is no handler", name, d.Detail)
		}
	}
	if len(valueOf) != 0 {
		t.Errorf("the valueOf handler ran for another name")
	}
	if resp, err := request(mc, "valueOf", "", patience); err != nil || string(resp) != "1" {
		t.Errorf("Request(valueOf): got %s, %v; want 1, nil", resp, err)
	}
	for _, name := range []string{"__proto__", "", "9lives", "a b", strings.Repeat("x", 65)} {
		wantCode(t, "Emit("+name+")", mc.Emit(name, nil), core.ErrBadConfig)
		_, err := request(mc, name, "", patience)
		wantCode(t, "Request("+name+")", err, core.ErrBadConfig)
		wantCode(t, "On("+name+")", mc.On(name, func([]byte, core.Meta) {}), core.ErrBadConfig)
		wantCode(t, "Handle("+name+")", mc.Handle(name, nil), core.ErrBadConfig)
	}
}

// A request that timed out while waiting for the handshake is not sent
// once the handshake completes: nobody would read the answer.
func TestAbandonedQueuedRequestNotSent(t *testing.T) {
	t.Parallel()
	b := newBrowser()
	t.Cleanup(b.close)
	main := b.page("main", mainOrigin)
	frame := b.page("frame", "")
	mc := mustOpen(t, main, config(widgetOrigin, nil), frame)
	_, err := request(mc, "slow", "", 50*time.Millisecond)
	wantCode(t, "Request before the peer loads", err, core.ErrTimeout)

	frame.load(widgetOrigin)
	release := frame.hold()
	fc := mustOpen(t, frame, config(mainOrigin, nil), main)
	for _, typ := range []string{"slow", "ping"} {
		handle(t, fc, typ, func(context.Context, []byte, core.Meta) ([]byte, error) { return nil, nil })
	}
	release()
	waitReady(t, mc, "main")
	if _, err := request(mc, "ping", "", patience); err != nil {
		t.Fatalf("Request(ping): %v", err)
	}
	if n := frame.rec.count(accepted("request", "slow")); n != 0 {
		t.Errorf("the abandoned request reached the peer %d times; want 0", n)
	}
}
