package core_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/postbridge/postbridge/wasm/core"
	"github.com/postbridge/postbridge/wasm/envelope"
)

// The origins of the tests, as in the demo server.
const (
	mainOrigin   = "http://main.localhost:8080"
	widgetOrigin = "http://widget.localhost:8081"
	evilOrigin   = "http://main.localhost.evil.localhost:8082"
)

// patience bounds every wait for something that must happen; nothing in
// these tests should come close to it.
const patience = 5 * time.Second

// recorder keeps the decisions a page's Routers report.
type recorder struct {
	off     bool // record nothing
	mu      sync.Mutex
	ds      []core.Decision
	changed chan struct{}
}

func newRecorder() *recorder { return &recorder{changed: make(chan struct{})} }

func (r *recorder) add(d core.Decision) {
	if r.off {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ds = append(r.ds, d)
	close(r.changed)
	r.changed = make(chan struct{})
}

// count returns how many decisions so far match.
func (r *recorder) count(match func(core.Decision) bool) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, d := range r.ds {
		if match(d) {
			n++
		}
	}
	return n
}

// wait returns the first decision that matches, waiting for it if needed.
func (r *recorder) wait(t testing.TB, what string, match func(core.Decision) bool) core.Decision {
	t.Helper()
	return r.waitN(t, what, 1, match)
}

// waitN waits until n decisions match and returns the nth.
func (r *recorder) waitN(t testing.TB, what string, n int, match func(core.Decision) bool) core.Decision {
	t.Helper()
	timeout := time.NewTimer(patience)
	defer timeout.Stop()
	for {
		r.mu.Lock()
		k := 0
		for _, d := range r.ds {
			if match(d) {
				if k++; k == n {
					r.mu.Unlock()
					return d
				}
			}
		}
		changed := r.changed
		r.mu.Unlock()
		select {
		case <-changed:
		case <-timeout.C:
			t.Fatalf("%d decisions %s: only %d within %v; decisions:\n%s", n, what, k, patience, r.dump())
		}
	}
}

func (r *recorder) dump() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	for _, d := range r.ds {
		b.WriteString("  " + string(d.Verdict) + " " + string(d.Reason) + " " + d.Kind + " " + d.Type + ": " + d.Detail + "\n")
	}
	return b.String()
}

// refused matches refusals for code.
func refused(code core.Code) func(core.Decision) bool {
	return func(d core.Decision) bool { return d.Verdict == core.Refused && d.Reason == code }
}

// accepted matches accepted messages of a kind and type.
func accepted(kind, typ string) func(core.Decision) bool {
	return func(d core.Decision) bool { return d.Verdict == core.Accepted && d.Kind == kind && d.Type == typ }
}

// recv returns the next value of ch, failing after patience.
func recv[T any](t testing.TB, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(patience):
		t.Fatalf("%s: nothing within %v", what, patience)
		panic("unreachable")
	}
}

// closes fails unless ch closes within patience.
func closes(t testing.TB, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(patience):
		t.Fatalf("%s: not closed within %v", what, patience)
	}
}

// wantCode fails unless err matches the sentinel of code.
func wantCode(t testing.TB, what string, err error, want *core.Error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: got %v; want %s", what, err, want.Code)
	}
}

// world is a browser with the main page and a widget frame in it.
type world struct {
	b            *browser
	main, widget *page
}

func newWorld(t testing.TB) *world {
	b := newBrowser()
	t.Cleanup(b.close)
	w := &world{b: b, main: b.page("main", mainOrigin), widget: b.page("widget", widgetOrigin)}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("main's decisions:\n%s\nwidget's decisions:\n%s", w.main.rec.dump(), w.widget.rec.dump())
			for _, p := range []*page{w.main, w.widget} {
				for _, m := range p.receivedMessages() {
					t.Logf("window message to %s: %s", p.name, m)
				}
			}
		}
	})
	return w
}

// config returns a channel "chat" to origin with edit applied.
func config(origin string, edit func(*core.Config)) core.Config {
	c := core.Config{Origin: origin, Channel: "chat"}
	if edit != nil {
		edit(&c)
	}
	return c
}

// mustOpen opens a channel of p to peer, closing it at the end of the test.
func mustOpen(t testing.TB, p *page, cfg core.Config, peer *page) *core.Channel {
	t.Helper()
	c, err := p.open(cfg, peer)
	if err != nil {
		t.Fatalf("Open(%+v): %v", cfg, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// waitReady fails unless c's handshake completes.
func waitReady(t testing.TB, c *core.Channel, who string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	if err := c.Wait(ctx); err != nil {
		t.Fatalf("%s: Wait: got %v; want nil", who, err)
	}
}

// connect opens "chat" both ways and waits for the handshake: mc is the
// main page's channel to the widget, wc the widget's to the main page.
func (w *world) connect(t testing.TB, edit func(*core.Config)) (mc, wc *core.Channel) {
	t.Helper()
	return w.connectEach(t, edit, edit)
}

// connectEach is connect with a configuration for each side.
func (w *world) connectEach(t testing.TB, mainEdit, widgetEdit func(*core.Config)) (mc, wc *core.Channel) {
	t.Helper()
	mc = mustOpen(t, w.main, config(widgetOrigin, mainEdit), w.widget)
	wc = mustOpen(t, w.widget, config(mainOrigin, widgetEdit), w.main)
	waitReady(t, mc, "main")
	waitReady(t, wc, "widget")
	return mc, wc
}

// collect registers an event handler for typ that sends each payload on
// the returned channel.
func collect(t testing.TB, c *core.Channel, typ string) <-chan string {
	t.Helper()
	ch := make(chan string, 16384)
	if err := c.On(typ, func(p []byte, _ core.Meta) { ch <- string(p) }); err != nil {
		t.Fatalf("On(%q): %v", typ, err)
	}
	return ch
}

// lastPort returns the port end p's current document owns, newest first.
func lastPort(t testing.TB, p *page) *port {
	t.Helper()
	ps := p.currentPorts()
	if len(ps) == 0 {
		t.Fatalf("page %s owns no port", p.name)
	}
	return ps[len(ps)-1]
}

// lastEnvelope decodes the last message posted through x.
func lastEnvelope(t testing.TB, x *port) envelope.Envelope {
	t.Helper()
	sent := x.posted()
	if len(sent) == 0 {
		t.Fatal("nothing was posted on the port")
	}
	e, err := envelope.Decode(sent[len(sent)-1], envelope.Limits{})
	if err != nil {
		t.Fatalf("Decode(%q): %v", sent[len(sent)-1], err)
	}
	return e
}

// encode is envelope.Encode for envelopes the test knows to be valid.
func encode(t testing.TB, e envelope.Envelope) []byte {
	t.Helper()
	data, err := envelope.Encode(e, envelope.Limits{})
	if err != nil {
		t.Fatalf("Encode(%+v): %v", e, err)
	}
	return data
}

// hello returns a hello of session on channel "chat".
func hello(t testing.TB, session string, seq uint64, payload string) []byte {
	return encode(t, envelope.Envelope{Channel: "chat", Session: session, Seq: seq, Kind: envelope.KindHello, Payload: []byte(payload)})
}

const helloV1 = `{"versions":[1],"caps":["port"]}`

// fakeSchemas checks payloads with one function per type.
type fakeSchemas map[string]func(payload []byte) error

func (s fakeSchemas) Has(typ string) bool { _, ok := s[typ]; return ok }

func (s fakeSchemas) Check(typ string, payload []byte) error { return s[typ](payload) }

// digits accepts a JSON number written as plain digits.
func digits(p []byte) error {
	if len(p) == 0 || strings.Trim(string(p), "0123456789") != "" {
		return errors.New("want a whole number")
	}
	return nil
}

// anything accepts every payload.
func anything([]byte) error { return nil }
