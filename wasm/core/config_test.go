package core_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/postbridge/postbridge/wasm/clock"
	"github.com/postbridge/postbridge/wasm/core"
)

// badConfigs are refused by Open before anything is posted.
var badConfigs = []struct {
	name string
	cfg  core.Config
}{
	{"wildcard origin", core.Config{Origin: "*", Channel: "chat"}},
	{"null origin", core.Config{Origin: "null", Channel: "chat"}},
	{"wildcard host", core.Config{Origin: "https://*.example.com", Channel: "chat"}},
	{"origin with path", core.Config{Origin: "http://a.example/path", Channel: "chat"}},
	{"empty origin", core.Config{Origin: "", Channel: "chat"}},
	{"two origins", core.Config{Origin: "http://a.example http://b.example", Channel: "chat"}},
	{"file origin", core.Config{Origin: "file://", Channel: "chat"}},
	{"origin with space", core.Config{Origin: " http://a.example", Channel: "chat"}},
	{"empty channel", core.Config{Origin: mainOrigin, Channel: ""}},
	{"proto channel", core.Config{Origin: mainOrigin, Channel: "__proto__"}},
	{"channel with space", core.Config{Origin: mainOrigin, Channel: "my chat"}},
	{"channel starting with digit", core.Config{Origin: mainOrigin, Channel: "1chat"}},
	{"channel too long", core.Config{Origin: mainOrigin, Channel: strings.Repeat("c", 65)}},
	{"negative timeout", core.Config{Origin: mainOrigin, Channel: "chat", Timeout: clock.Duration(-time.Second)}},
	{"negative handler timeout", core.Config{Origin: mainOrigin, Channel: "chat", HandlerTimeout: -1}},
	{"negative max pending", core.Config{Origin: mainOrigin, Channel: "chat", MaxPending: -1}},
	{"negative max queue", core.Config{Origin: mainOrigin, Channel: "chat", MaxQueue: -1}},
}

func TestBadConfig(t *testing.T) {
	t.Parallel()
	b := newBrowser()
	t.Cleanup(b.close)
	main := b.page("main", mainOrigin)
	peer := b.page("peer", "")
	peer.raw(mainOrigin, nil)
	for _, tc := range badConfigs {
		c, err := main.Router().Open(tc.cfg, main.window(peer, "*"))
		if !errors.Is(err, core.ErrBadConfig) || c != nil {
			t.Errorf("Open(%s: %+v): got channel %t, %v; want none, BAD_CONFIG", tc.name, tc.cfg, c != nil, err)
			if c != nil {
				c.Close()
			}
		}
	}
	if c, err := main.Router().Open(config(widgetOrigin, nil), nil); !errors.Is(err, core.ErrBadConfig) || c != nil {
		t.Errorf("Open(nil window): got channel %t, %v; want none, BAD_CONFIG", c != nil, err)
	}
	if n := len(peer.receivedMessages()); n != 0 {
		t.Errorf("bad configurations posted %d messages", n)
	}
}

// valueWindow is a Window that == cannot compare (it holds a func).
type valueWindow struct{ post func([]byte) error }

func (w valueWindow) Post(data []byte, _ string) error        { return w.post(data) }
func (w valueWindow) Offer([]byte, string) (core.Port, error) { return nil, errors.New("no") }
func (w valueWindow) Is(any) bool                             { return false }

func TestOpenUncomparableWindow(t *testing.T) {
	t.Parallel()
	r := core.NewRouter(nil)
	w := valueWindow{post: func([]byte) error { return nil }}
	for i := range 2 {
		c, err := r.Open(config(widgetOrigin, nil), w)
		if !errors.Is(err, core.ErrBadConfig) {
			t.Fatalf("Open #%d of a window of an uncomparable type: got channel %t, %v; want BAD_CONFIG", i+1, c != nil, err)
		}
	}
}

func TestOpenTwiceRefused(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	win := w.main.window(w.widget, widgetOrigin)
	c, err := w.main.Router().Open(config(widgetOrigin, nil), win)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = w.main.Router().Open(config("HTTP://WIDGET.LOCALHOST:8081", nil), win)
	wantCode(t, "second Open of the same channel, origin and window", err, core.ErrBadConfig)
	other, err := w.main.Router().Open(config(widgetOrigin, func(c *core.Config) { c.Channel = "other" }), win)
	if err != nil {
		t.Fatalf("Open of another channel name on the same window: %v", err)
	}
	other.Close()
}

func TestConfigDefaultsAndCanonicalOrigin(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	c := mustOpen(t, w.main, config("HTTP://Widget.Localhost:8081", nil), w.widget)
	if c.Origin() != widgetOrigin || c.Name() != "chat" || c.Timeout() != core.DefaultTimeout {
		t.Errorf("Open(HTTP://Widget.Localhost:8081): got origin %q, name %q, timeout %v; want %q, chat, %v",
			c.Origin(), c.Name(), c.Timeout(), widgetOrigin, core.DefaultTimeout)
	}
	wc := mustOpen(t, w.widget, config(mainOrigin, nil), w.main)
	waitReady(t, c, "main configured in upper case")
	waitReady(t, wc, "widget")
}

// Before the handshake, messages queue up to MaxQueue.
func TestMaxQueue(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	c := mustOpen(t, w.main, config(widgetOrigin, func(c *core.Config) { c.MaxQueue = 3 }), w.widget)
	for i := range 3 {
		if err := c.Emit("n", nil); err != nil {
			t.Fatalf("Emit #%d: %v", i+1, err)
		}
	}
	wantCode(t, "Emit over MaxQueue", c.Emit("n", nil), core.ErrLimit)
}

func TestErrorMatching(t *testing.T) {
	t.Parallel()
	err := error(&core.Error{Code: core.CodeTimeout, Message: "no answer"})
	if !errors.Is(err, core.ErrTimeout) || errors.Is(err, core.ErrClosed) {
		t.Errorf("errors.Is(%v): matches the wrong sentinels", err)
	}
	if got, want := err.Error(), "postbridge: TIMEOUT: no answer"; got != want {
		t.Errorf("Error(): got %q; want %q", got, want)
	}
	if got, want := core.ErrClosed.Error(), "postbridge: CLOSED"; got != want {
		t.Errorf("Error(): got %q; want %q", got, want)
	}
	if errors.Is(errors.New("postbridge: TIMEOUT"), core.ErrTimeout) {
		t.Error("a plain error with the same text matched ErrTimeout")
	}
}
