//go:build js && wasm

package browser

import (
	"syscall/js"

	"github.com/postbridge/postbridge/wasm/core"
)

// Listen feeds every message event of the page's window to r, and tells r
// when the page is being unloaded. It returns a function that stops both.
func Listen(r *core.Router) (stop func()) {
	win := js.Global()
	onMessage := js.FuncOf(func(this js.Value, args []js.Value) any {
		ev := args[0]
		src := ev.Get("source")
		m := core.Inbound{
			Origin: ev.Get("origin").String(),
			From: func(w core.Window) bool {
				bw, ok := w.(*Window)
				return ok && bw.Is(src)
			},
		}
		if d := ev.Get("data"); d.Type() == js.TypeString {
			m.Data, m.IsString = []byte(d.String()), true
		}
		if ports := ev.Get("ports"); ports.Truthy() && ports.Length() > 0 {
			m.Port = &Port{port: ports.Index(0)}
		}
		r.Dispatch(m)
		return nil
	})
	onHide := js.FuncOf(func(this js.Value, args []js.Value) any {
		r.Unload()
		return nil
	})
	win.Call("addEventListener", "message", onMessage)
	win.Call("addEventListener", "pagehide", onHide)
	return func() {
		win.Call("removeEventListener", "message", onMessage)
		win.Call("removeEventListener", "pagehide", onHide)
		onMessage.Release()
		onHide.Release()
	}
}
