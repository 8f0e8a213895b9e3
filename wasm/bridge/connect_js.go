//go:build js && wasm

package bridge

import (
	"context"
	"errors"
	"sync"
	"syscall/js"
	"time"

	"github.com/postbridge/postbridge/wasm/boundary"
	"github.com/postbridge/postbridge/wasm/clock"
	"github.com/postbridge/postbridge/wasm/core"
	"github.com/postbridge/postbridge/wasm/envelope"
	"github.com/postbridge/postbridge/wasm/origin"
)

// Config describes a channel to a peer window.
type Config struct {
	// Window is the peer: a frame's contentWindow, window.parent,
	// window.opener or a popup.
	Window js.Value
	// Origin is the peer's exact origin, the only one accepted and sent to.
	Origin string
	// Origins, in place of Origin (set exactly one), lists the exact
	// origins the peer may show (at most 64): the channel locks to the one
	// of the first handshake, until the peer's session ends.
	// Channel.Origin says which it is.
	Origins []string
	// Secret admits a sandboxed frame (origin "null"): the embedder sets
	// Origin "null" and the secret it gave the frame (NewSecret, in the
	// frame URL's fragment); a Go page running in the sandboxed frame sets
	// its parent's exact origin and the same secret.
	Secret string
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

// shell is the loader's shell object, set by runGo in postbridge.js for
// the length of the Go program's start; read here, during package init.
var shell = js.Global().Get("__postbridgeShell")

// page is the page-wide state: the host of the boundary, shared with
// anything else in this program that uses it.
var page struct {
	once    sync.Once
	err     error
	host    *boundary.Host
	mu      sync.Mutex
	rejects []func(Decision)
}

func setup() (*boundary.Host, error) {
	page.once.Do(func() {
		if shell.Type() != js.TypeObject {
			page.err = &Error{Code: core.CodeBadConfig, Message: "start this Go page with runGo from postbridge.js, which gives it the shell the bridge needs"}
			return
		}
		drain := shell.Get("drain")
		boundary.FlushWith(func() { drain.Invoke() })
		origin.ToASCII = browserToASCII
		page.host = boundary.Global()
		page.host.SetPage(js.Global().Get("origin").String(), js.Global().Get("location").Get("href").String())
		page.host.SetGoObserver(core.ObserveRefusals, func(d core.Decision) {
			page.mu.Lock()
			fs := page.rejects
			page.mu.Unlock()
			for _, f := range fs {
				f(d)
			}
		})
	})
	return page.host, page.err
}

// Connect opens a channel and waits for the handshake. Bad configuration
// fails at once with ErrBadConfig; no peer within Timeout gives ErrTimeout.
func Connect(ctx context.Context, cfg Config) (*Channel, error) {
	h, err := setup()
	if err != nil {
		return nil, err
	}
	id := 0
	if t := cfg.Window.Type(); t == js.TypeObject || t == js.TypeFunction {
		id = shell.Call("window", cfg.Window).Int()
	}
	if id <= 0 {
		return nil, &Error{Code: core.CodeBadConfig, Message: "window: not a window: no postMessage method"}
	}
	w := h.UseWindow(uint32(id))
	c, err := h.Router().Open(core.Config{
		Origin: cfg.Origin, Origins: cfg.Origins, Secret: cfg.Secret, Channel: cfg.Channel,
		Sandboxed: js.Global().Get("origin").String() == "null", Timeout: clock.Duration(cfg.Timeout),
		HandlerTimeout: clock.Duration(cfg.HandlerTimeout), Limits: cfg.Limits,
		MaxPending: cfg.MaxPending, MaxQueue: cfg.MaxQueue, Schemas: cfg.Schemas,
	}, w)
	if err != nil {
		h.ReleaseWindow(w)
		return nil, err
	}
	c.OnClose(func(error) { h.ReleaseWindow(w) })
	if err := c.Wait(ctx); err != nil {
		c.Close()
		return nil, err
	}
	return &Channel{c: c}, nil
}

// OnReject calls f for every message refused on this page.
func OnReject(f func(Decision)) {
	setup()
	page.mu.Lock()
	defer page.mu.Unlock()
	page.rejects = append(page.rejects, f)
}

// Tap streams every decision of this page to the relay at url (ws: or
// wss:, relative URLs resolve against the page; see package tap). Calling
// it again has no effect.
func Tap(url string) error {
	h, err := setup()
	if err != nil {
		return err
	}
	abs := js.Global().Get("URL").New(url, js.Global().Get("location").Get("href")).Get("href").String()
	return h.StartTapURL(abs)
}

// browserToASCII maps a host with the browser's URL parser: the same
// mapping that produces event.origin. origin.Parse has already refused
// every ASCII byte a host may not hold, and checks the result again.
func browserToASCII(host string) (ascii string, err error) {
	defer func() {
		if recover() != nil {
			ascii, err = "", errors.New("the browser refuses this host name")
		}
	}()
	u := js.Global().Get("URL").New("http://" + host + "/")
	if u.Get("pathname").String() != "/" || u.Get("port").String() != "" || u.Get("username").String() != "" {
		return "", errors.New("the host name maps to more than a host")
	}
	return u.Get("hostname").String(), nil
}
