//go:build js && wasm

package bridge

import (
	"context"
	"sync"
	"syscall/js"
	"time"

	"github.com/postbridge/postbridge/wasm/browser"
	"github.com/postbridge/postbridge/wasm/core"
	"github.com/postbridge/postbridge/wasm/envelope"
	"github.com/postbridge/postbridge/wasm/tap"
)

// Config describes a channel to a peer window.
type Config struct {
	// Window is the peer: a frame's contentWindow, window.parent,
	// window.opener or a popup.
	Window js.Value
	// Origin is the peer's exact origin, the only one accepted and sent to.
	Origin string
	// Channel names the channel; both sides use the same.
	Channel string
	// Timeout bounds the handshake and is the default request timeout
	// (default 5 s).
	Timeout time.Duration
	// HandlerTimeout bounds a request handler (default Timeout).
	HandlerTimeout time.Duration
	// Limits bounds payload size and depth (default 64 KiB, 32).
	Limits envelope.Limits
	// MaxPending bounds pending requests each way (default 256).
	MaxPending int
	// MaxQueue bounds messages sent before the handshake completes
	// (default 1024), as maxQueue does in the JS API.
	MaxQueue int
	// Schemas, when set, restricts the channel to the types it knows
	// (see package schema).
	Schemas core.Schemas
}

// page is the page-wide state: one router on the window's message events.
var page struct {
	once    sync.Once
	router  *core.Router
	mu      sync.Mutex
	rejects []func(Decision)
	tap     *tap.Tap
}

func router() *core.Router {
	page.once.Do(func() {
		page.router = core.NewRouter(func(d core.Decision) {
			page.mu.Lock()
			fs, t := page.rejects, page.tap
			page.mu.Unlock()
			if t != nil {
				t.Observe(d)
			}
			if d.Verdict == core.Refused {
				for _, f := range fs {
					f(d)
				}
			}
		})
		browser.Listen(page.router)
	})
	return page.router
}

// Connect opens a channel and waits for the handshake. Bad configuration
// fails at once with ErrBadConfig; no peer within Timeout gives ErrTimeout.
func Connect(ctx context.Context, cfg Config) (*Channel, error) {
	c, err := browser.Open(router(), core.Config{
		Origin: cfg.Origin, Channel: cfg.Channel, Timeout: cfg.Timeout,
		HandlerTimeout: cfg.HandlerTimeout, Limits: cfg.Limits,
		MaxPending: cfg.MaxPending, MaxQueue: cfg.MaxQueue, Schemas: cfg.Schemas,
	}, cfg.Window)
	if err != nil {
		return nil, err
	}
	if err := c.Wait(ctx); err != nil {
		c.Close()
		return nil, err
	}
	return &Channel{c: c}, nil
}

// OnReject calls f for every message refused on this page.
func OnReject(f func(Decision)) {
	router()
	page.mu.Lock()
	defer page.mu.Unlock()
	page.rejects = append(page.rejects, f)
}

// Tap streams every decision of this page to the relay at url (see
// package tap). Calling it again has no effect.
func Tap(url string) {
	router()
	page.mu.Lock()
	defer page.mu.Unlock()
	if page.tap == nil {
		page.tap = tap.Start(url)
	}
}
