package core_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/postbridge/postbridge/wasm/core"
	"github.com/postbridge/postbridge/wasm/envelope"
)

// A sandboxed frame (origin "null") is admitted only with a secret: the
// embedder sets origin "null" and the secret, the frame its parent's
// exact origin and the same secret.
const (
	secret      = "s3cr3t-0123456789_abcdefghijklmnopqrstuvwxy" // 43 characters
	otherSecret = "0therSecret-0123456789_abcdefghijklmnopqrst"
)

func embedder(edit func(*core.Config)) core.Config {
	return config("null", func(c *core.Config) {
		c.Secret = secret
		if edit != nil {
			edit(c)
		}
	})
}

func sandboxed(secret string) core.Config {
	return config(mainOrigin, func(c *core.Config) { c.Secret, c.Sandboxed = secret, true })
}

func TestSandboxBadConfig(t *testing.T) {
	t.Parallel()
	b := newBrowser()
	t.Cleanup(b.close)
	main := b.page("main", mainOrigin)
	frame := b.page("frame", "null")
	cases := []struct {
		name string
		cfg  core.Config
		want string
	}{
		{"null without a secret", config("null", nil), "needs a secret"},
		{"null from a sandboxed page", embedder(func(c *core.Config) { c.Sandboxed = true }), "talks only to a page with a real origin"},
		{"sandboxed page without a secret", config(mainOrigin, func(c *core.Config) { c.Sandboxed = true }), "connect with the secret"},
		{"a secret between real origins", config(widgetOrigin, func(c *core.Config) { c.Secret = secret }), "both of these are real origins"},
		{"a short secret", embedder(func(c *core.Config) { c.Secret = secret[:42] }), "43 characters"},
		{"a long secret", embedder(func(c *core.Config) { c.Secret = secret + "z" }), "43 characters"},
		{"a secret with '+'", embedder(func(c *core.Config) { c.Secret = "+" + secret[1:] }), "43 characters"},
		{"a secret with '='", embedder(func(c *core.Config) { c.Secret = secret[:42] + "=" }), "43 characters"},
		{"null in a list", config("", func(c *core.Config) { c.Origins = []string{mainOrigin, "null"}; c.Secret = secret }), "origins[1]"},
	}
	for _, tc := range cases {
		c, err := main.Router().Open(tc.cfg, main.window(frame, "*"))
		if !errors.Is(err, core.ErrBadConfig) || c != nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got channel %t, %v; want BAD_CONFIG with %q", tc.name, c != nil, err, tc.want)
			continue
		}
		if strings.Contains(err.Error(), secret[1:42]) {
			t.Errorf("%s: the error shows the secret: %v", tc.name, err)
		}
	}
}

// noSecretIn fails if the secret shows in any decision either page saw.
func noSecretIn(t *testing.T, pages ...*page) {
	t.Helper()
	for _, p := range pages {
		p.rec.mu.Lock()
		for _, d := range p.rec.ds {
			if strings.Contains(string(d.Payload), secret) || strings.Contains(d.Detail, secret) {
				t.Errorf("%s's decision %s %s %s shows the secret", p.name, d.Verdict, d.Kind, d.Reason)
			}
		}
		p.rec.mu.Unlock()
	}
}

// The frame and its embedder connect and talk both ways; the embedder's
// window messages (its hellos, posted with '*') never hold the secret,
// and no decision shows it.
func TestSandboxConnects(t *testing.T) {
	t.Parallel()
	b := newBrowser()
	t.Cleanup(b.close)
	main, frame := b.page("main", mainOrigin), b.page("frame", "null")
	mc := mustOpen(t, main, embedder(nil), frame)
	fc := mustOpen(t, frame, sandboxed(secret), main)
	waitReady(t, mc, "embedder")
	waitReady(t, fc, "sandboxed frame")
	if mc.Origin() != "null" || fc.Origin() != mainOrigin {
		t.Errorf("Origin(): embedder %q, frame %q", mc.Origin(), fc.Origin())
	}
	echo := func(_ context.Context, p []byte, _ core.Meta) ([]byte, error) { return p, nil }
	handle(t, mc, "echo", echo)
	handle(t, fc, "echo", echo)
	for who, c := range map[string]*core.Channel{"embedder": mc, "frame": fc} {
		if got, err := request(c, "echo", `"hi"`, patience); err != nil || string(got) != `"hi"` {
			t.Errorf("%s's request: %s, %v", who, got, err)
		}
	}
	for _, m := range frame.receivedMessages() {
		if strings.Contains(string(m), secret) {
			t.Errorf("the sandboxed window received the secret: %s", m)
		}
	}
	noSecretIn(t, main, frame)
}

// A frame with another secret never connects; the embedder refuses it
// by origin and says so without showing either secret.
func TestSandboxWrongSecret(t *testing.T) {
	t.Parallel()
	b := newBrowser()
	t.Cleanup(b.close)
	main, frame := b.page("main", mainOrigin), b.page("frame", "null")
	mc := mustOpen(t, main, embedder(func(c *core.Config) { c.Timeout = 300e6 }), frame)
	mustOpen(t, frame, sandboxed(otherSecret), main)
	d := main.rec.wait(t, "the embedder refusing the frame", refused(core.CodeOriginRefused))
	if strings.Contains(d.Detail, otherSecret) || strings.Contains(d.Detail, secret) {
		t.Errorf("the refusal shows a secret: %s", d.Detail)
	}
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	wantCode(t, "embedder's connect", mc.Wait(ctx), core.ErrTimeout)
	noSecretIn(t, main)
}

// A second sandboxed frame that knows the secret is still another
// window: refused by source.
func TestSandboxOtherWindow(t *testing.T) {
	t.Parallel()
	b := newBrowser()
	t.Cleanup(b.close)
	main, frame, second := b.page("main", mainOrigin), b.page("frame", "null"), b.page("second", "null")
	frame.raw("null", nil) // the configured frame runs no Postbridge
	mc := mustOpen(t, main, embedder(func(c *core.Config) { c.Timeout = 300e6 }), frame)
	mustOpen(t, second, sandboxed(secret), main)
	main.rec.wait(t, "the embedder refusing the second frame", refused(core.CodeSourceRefused))
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	wantCode(t, "embedder's connect", mc.Wait(ctx), core.ErrTimeout)
}

// The frame's window shows a document that runs no Postbridge and
// records everything (the frame navigated, or was never ours): it learns
// the embedder's session from its hello, and a welcome it forges with
// that session and a port, but without the secret, is refused.
func TestSandboxRecorderLearnsNothing(t *testing.T) {
	t.Parallel()
	b := newBrowser()
	t.Cleanup(b.close)
	main, frame := b.page("main", mainOrigin), b.page("frame", "null")
	seen := make(chan []byte, 64)
	frame.raw("null", func(m core.Inbound) {
		select {
		case seen <- append([]byte(nil), m.Data...):
		default:
		}
	})
	mc := mustOpen(t, main, embedder(func(c *core.Config) { c.Timeout = 500e6 }), frame)
	first := recv(t, seen, "the embedder's hello")
	if strings.Contains(string(first), secret) {
		t.Fatalf("the embedder posted the secret to the sandboxed window: %s", first)
	}
	h, err := envelope.Decode(first, envelope.Limits{})
	if err != nil || h.Kind != envelope.KindHello {
		t.Fatalf("the embedder's first message: %v, %s", err, first)
	}
	forged := encode(t, envelope.Envelope{Channel: "chat", Session: "forged-session-0123456789", To: h.Session, Seq: 1,
		Kind: envelope.KindWelcome, Payload: []byte(`{"version":1,"proof":"` + otherSecret + `"}`)})
	_, theirs := newMessageChannel()
	frame.window(main, mainOrigin).post(forged, true, theirs)
	main.rec.wait(t, "the forged welcome refused", refused(core.CodeOriginRefused))
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	wantCode(t, "embedder's connect", mc.Wait(ctx), core.ErrTimeout)
}

// A reload of the sandboxed frame (same secret, from the same fragment)
// is a new session: the pending request fails CLOSED, and the channel
// talks to the new page.
func TestSandboxReload(t *testing.T) {
	t.Parallel()
	b := newBrowser()
	t.Cleanup(b.close)
	main, frame := b.page("main", mainOrigin), b.page("frame", "null")
	mc := mustOpen(t, main, embedder(nil), frame)
	fc := mustOpen(t, frame, sandboxed(secret), main)
	waitReady(t, fc, "frame")
	entered := make(chan struct{}, 1)
	handle(t, fc, "wait", func(ctx context.Context, _ []byte, _ core.Meta) ([]byte, error) {
		entered <- struct{}{}
		<-ctx.Done()
		return nil, ctx.Err()
	})
	pending := make(chan error, 1)
	go func() { _, err := request(mc, "wait", "", patience); pending <- err }()
	recv(t, entered, "the frame's handler")

	frame.reload()
	fc2 := mustOpen(t, frame, sandboxed(secret), main)
	wantCode(t, "request pending across the reload", recv(t, pending, "pending request"), core.ErrClosed)
	waitReady(t, fc2, "reloaded frame")
	handle(t, fc2, "echo", func(_ context.Context, p []byte, _ core.Meta) ([]byte, error) { return p, nil })
	if got, err := request(mc, "echo", `"again"`, patience); err != nil || string(got) != `"again"` {
		t.Errorf("request to the reloaded frame: %s, %v", got, err)
	}
	noSecretIn(t, main, frame)
}
