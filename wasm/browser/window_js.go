//go:build js && wasm

package browser

import (
	"errors"
	"syscall/js"

	"github.com/postbridge/postbridge/wasm/core"
	"github.com/postbridge/postbridge/wasm/origin"
)

// Window is a peer window reached with postMessage and an exact origin.
type Window struct {
	win    js.Value
	origin string
}

// NewWindow wraps win (a frame's contentWindow, window.parent,
// window.opener or a popup) as the peer window of a channel to origin.
// origin must already be canonical: it is used as targetOrigin verbatim.
func NewWindow(win js.Value, origin string) (*Window, error) {
	if win.Type() != js.TypeObject || win.Get("postMessage").Type() != js.TypeFunction {
		return nil, errors.New("not a window: no postMessage method")
	}
	return &Window{win: win, origin: origin}, nil
}

// Post implements core.Window.
func (w *Window) Post(data []byte) error {
	return call(func() { w.win.Call("postMessage", string(data), w.origin) })
}

// Offer implements core.Window: a new MessageChannel, one end transferred
// with data, the other returned.
func (w *Window) Offer(data []byte) (core.Port, error) {
	var p *Port
	err := call(func() {
		mc := js.Global().Get("MessageChannel").New()
		w.win.Call("postMessage", string(data), w.origin, js.Global().Get("Array").Call("of", mc.Get("port2")))
		p = &Port{port: mc.Get("port1")}
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Is reports whether v is this window (===).
func (w *Window) Is(v js.Value) bool { return w.win.Equal(v) }

// Port is one end of a MessageChannel.
type Port struct {
	port   js.Value
	onMsg  js.Func
	closed bool
}

// Post implements core.Port.
func (p *Port) Post(data []byte) error {
	return call(func() { p.port.Call("postMessage", string(data)) })
}

// Start implements core.Port.
func (p *Port) Start(recv func(data []byte, isString bool)) {
	p.onMsg = js.FuncOf(func(this js.Value, args []js.Value) any {
		d := args[0].Get("data")
		if d.Type() != js.TypeString {
			recv(nil, false)
			return nil
		}
		recv([]byte(d.String()), true)
		return nil
	})
	p.port.Set("onmessage", p.onMsg)
}

// Close implements core.Port.
func (p *Port) Close() {
	if p.closed {
		return
	}
	p.closed = true
	p.port.Set("onmessage", js.Null())
	p.port.Call("close")
	if p.onMsg.Truthy() {
		p.onMsg.Release()
	}
}

// call runs f and turns a thrown JavaScript exception into an error (a
// closed popup or a detached frame throws on postMessage).
func call(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if je, ok := r.(js.Error); ok {
				err = je
				return
			}
			err = errors.New("postMessage failed")
		}
	}()
	f()
	return nil
}

// Open opens a channel of r to the peer window win, as both the JS and the
// Go API do on connect: cfg.Origin is canonicalised for targetOrigin and
// win is checked, each failure a BAD_CONFIG naming the problem; then
// r.Open validates the rest.
func Open(r *core.Router, cfg core.Config, win js.Value) (*core.Channel, error) {
	o, err := origin.Parse(cfg.Origin)
	if err != nil {
		return nil, &core.Error{Code: core.CodeBadConfig, Message: err.Error()} // already "origin: parse …"
	}
	w, err := NewWindow(win, o.String())
	if err != nil {
		return nil, &core.Error{Code: core.CodeBadConfig, Message: "window: " + err.Error()}
	}
	return r.Open(cfg, w)
}
