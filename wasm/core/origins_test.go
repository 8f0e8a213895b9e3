package core_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/postbridge/postbridge/wasm/core"
	"github.com/postbridge/postbridge/wasm/envelope"
)

// A widget embedded by several sites lists their exact origins.
const shopOrigin = "http://shop.localhost:8083"

var badOrigins = []struct {
	name, want string
	cfg        core.Config
}{
	{"both origin and origins", "not both", core.Config{Origin: mainOrigin, Origins: []string{shopOrigin}, Channel: "chat"}},
	{"empty list", "origins is empty", core.Config{Origins: []string{}, Channel: "chat"}},
	{"wildcard entry", "origins[1]", core.Config{Origins: []string{mainOrigin, "*"}, Channel: "chat"}},
	{"null entry", "origins[0]", core.Config{Origins: []string{"null", mainOrigin}, Channel: "chat"}},
	{"subdomain pattern", "origins[1]", core.Config{Origins: []string{mainOrigin, "https://*.shop.example"}, Channel: "chat"}},
	{"path", "origins[1]", core.Config{Origins: []string{mainOrigin, "https://shop.example/cart"}, Channel: "chat"}},
	{"duplicate by case", "origins[1]: repeats", core.Config{Origins: []string{mainOrigin, "HTTP://Main.Localhost:8080"}, Channel: "chat"}},
	{"duplicate by default port", "origins[1]", core.Config{Origins: []string{"https://shop.example", "https://shop.example:443"}, Channel: "chat"}},
	{"65 entries", "at most 64", core.Config{Origins: manyOrigins(65), Channel: "chat"}},
}

func manyOrigins(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "https://shop" + itoa(i) + ".example"
	}
	return out
}

func TestOriginsBadConfig(t *testing.T) {
	t.Parallel()
	b := newBrowser()
	t.Cleanup(b.close)
	main := b.page("main", mainOrigin)
	peer := b.page("peer", widgetOrigin)
	for _, tc := range badOrigins {
		c, err := main.Router().Open(tc.cfg, main.window(peer, widgetOrigin))
		if !errors.Is(err, core.ErrBadConfig) || c != nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got channel %t, %v; want BAD_CONFIG naming %q", tc.name, c != nil, err, tc.want)
		}
	}
	if c, err := main.Router().Open(core.Config{Origins: manyOrigins(64), Channel: "chat"}, main.window(peer, widgetOrigin)); err != nil {
		t.Errorf("64 origins: %v; want a channel", err)
	} else {
		c.Close()
	}
}

// openWidget opens the widget's channel to main allowing two parent
// origins, and main's to the widget.
func openWidget(t *testing.T, w *world) (mc, wc *core.Channel) {
	t.Helper()
	wc = mustOpen(t, w.widget, core.Config{Origins: []string{mainOrigin, shopOrigin}, Channel: "chat"}, w.main)
	mc = mustOpen(t, w.main, config(widgetOrigin, nil), w.widget)
	return mc, wc
}

// The widget connects to a parent showing either allowed origin, says
// which, and names it to its handlers; before that it names none.
func TestOriginsConnectToEither(t *testing.T) {
	t.Parallel()
	for _, parent := range []string{mainOrigin, shopOrigin} {
		w := newWorld(t)
		w.main.load(parent)
		mc, wc := openWidget(t, w)
		waitReady(t, mc, "parent")
		waitReady(t, wc, "widget")
		if got := wc.Origin(); got != parent {
			t.Errorf("parent %s: widget's Origin() = %q", parent, got)
		}
		metas := make(chan core.Meta, 1)
		handle(t, wc, "who", func(_ context.Context, _ []byte, m core.Meta) ([]byte, error) {
			metas <- m
			return []byte(`"ok"`), nil
		})
		if _, err := request(mc, "who", "", patience); err != nil {
			t.Fatalf("parent %s: request: %v", parent, err)
		}
		if m := recv(t, metas, "handler meta"); m.Origin != parent {
			t.Errorf("parent %s: meta.Origin = %q", parent, m.Origin)
		}
	}
}

// A parent of a third origin, even one whose name starts like an allowed
// one, never connects: refused by origin, posted nothing but hellos to the
// allowed origins (which the browser does not deliver to it).
func TestOriginsRefuseAThird(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.main.load(evilOrigin)
	wc := mustOpen(t, w.widget, core.Config{Origins: []string{mainOrigin, shopOrigin}, Channel: "chat", Timeout: 200e6}, w.main)
	mustOpen(t, w.main, config(widgetOrigin, func(c *core.Config) { c.Timeout = 200e6 }), w.widget)
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	wantCode(t, "widget's connect to an evil parent", wc.Wait(ctx), core.ErrTimeout)
	w.widget.rec.wait(t, "ORIGIN_REFUSED of the evil parent", func(d core.Decision) bool {
		return d.Reason == core.CodeOriginRefused && d.Origin == evilOrigin
	})
	if wc.Origin() != "" {
		t.Errorf("Origin() = %q after a failed connect; want \"\"", wc.Origin())
	}
}

// A reload of the parent that shows the other allowed origin is a new
// session: pending requests fail CLOSED, and the channel then talks to
// the new origin only.
func TestOriginsReloadToTheOther(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.main.load(shopOrigin)
	mc, wc := openWidget(t, w)
	waitReady(t, wc, "widget")
	entered := make(chan struct{}, 1)
	handle(t, mc, "wait", func(ctx context.Context, _ []byte, _ core.Meta) ([]byte, error) {
		entered <- struct{}{}
		<-ctx.Done()
		return nil, ctx.Err()
	})
	pending := make(chan error, 1)
	go func() { _, err := request(wc, "wait", "", patience); pending <- err }()
	recv(t, entered, "the parent's handler")

	w.main.load(mainOrigin)
	mc2 := mustOpen(t, w.main, config(widgetOrigin, nil), w.widget)
	wantCode(t, "request pending across the reload", recv(t, pending, "pending request"), core.ErrClosed)
	waitReady(t, mc2, "the reloaded parent")
	if got := wc.Origin(); got != mainOrigin {
		t.Errorf("after the reload Origin() = %q; want %s", got, mainOrigin)
	}
	_ = mc
}

// While no session is live, the hello goes to every listed origin: a
// parent showing the second one hears it even if it never speaks first.
func TestOriginsHelloToEach(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	heard := make(chan []byte, 16)
	w.main.raw(shopOrigin, func(m core.Inbound) {
		select {
		case heard <- append([]byte(nil), m.Data...):
		default:
		}
	})
	mustOpen(t, w.widget, core.Config{Origins: []string{mainOrigin, shopOrigin}, Channel: "chat"}, w.main)
	if e, err := envelope.Decode(recv(t, heard, "the widget's hello at the second origin"), envelope.Limits{}); err != nil || e.Kind != envelope.KindHello {
		t.Fatalf("the second origin heard %v, %v; want a hello", e.Kind, err)
	}
}

// A handshake answers one page: a welcome showing another listed origin
// than the hello it answers (the window navigated meanwhile) is refused.
func TestOriginsWelcomeFromAnotherOrigin(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	heard := make(chan []byte, 64)
	record := func(m core.Inbound) {
		select {
		case heard <- append([]byte(nil), m.Data...):
		default:
		}
	}
	w.main.raw(mainOrigin, record)
	wc := mustOpen(t, w.widget, core.Config{Origins: []string{mainOrigin, shopOrigin}, Channel: "chat", Timeout: 500e6}, w.main)
	h, err := envelope.Decode(recv(t, heard, "the widget's hello"), envelope.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	const peer = "----------------first" // sorts before any nonce: the widget waits for its welcome
	w.main.postRaw(w.widget, widgetOrigin, hello(t, peer, 1, helloV1), true)
	w.widget.rec.wait(t, "the widget accepting the hello", func(d core.Decision) bool { return d.Verdict == core.Accepted && d.Kind == "hello" })
	w.main.raw(shopOrigin, record) // the window navigates to the other listed origin
	welcome := encode(t, envelope.Envelope{Channel: "chat", Session: peer, To: h.Session, Seq: 2, Kind: envelope.KindWelcome, Payload: []byte(`{"version":1}`)})
	_, theirs := newMessageChannel()
	w.main.window(w.widget, widgetOrigin).post(welcome, true, theirs)
	w.widget.rec.wait(t, "the welcome from the other origin refused", refused(core.CodeOriginRefused))
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	wantCode(t, "the widget's connect", wc.Wait(ctx), core.ErrTimeout)
}
