//go:build js && wasm

package jsapi

import (
	"syscall/js"

	"github.com/postbridge/postbridge/wasm/core"
)

// observe hands a decision to the loader, which feeds onReject and the tap.
func (a *API) observe(d core.Decision) {
	if a.tap != nil {
		a.tap.Observe(d)
	}
	if a.observer.Type() != js.TypeFunction || (!a.all && d.Verdict != core.Refused) {
		return
	}
	o := js.Global().Get("Object").New()
	o.Set("time", float64(d.Time.UnixMicro())/1000)
	o.Set("verdict", string(d.Verdict))
	if d.Reason != "" {
		o.Set("reason", string(d.Reason))
	}
	o.Set("detail", d.Detail)
	o.Set("origin", d.Origin)
	o.Set("channel", d.Channel)
	o.Set("kind", d.Kind)
	o.Set("type", d.Type)
	if d.Latency > 0 {
		o.Set("latency", float64(d.Latency.Microseconds())/1000)
	}
	if d.Payload != nil {
		o.Set("payload", string(d.Payload))
	}
	a.observer.Invoke(o)
}
