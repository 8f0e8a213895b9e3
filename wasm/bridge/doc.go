// Package bridge is Postbridge for pages written in Go and compiled to
// WebAssembly (for example with go-app): strict postMessage channels to
// another window with typed payloads.
//
//	ch, err := bridge.Connect(ctx, bridge.Config{
//		Window:  js.Global().Get("parent"),
//		Origin:  "https://app.example.com",
//		Channel: "demo",
//	})
//	bridge.Handle(ch, "sum", func(ctx context.Context, in Sum) (int, error) { return in.A + in.B, nil })
//	n, err := bridge.Request[Sum, int](ctx, ch, "sum", Sum{1, 2})
//
// It is the same core (package core) as the JavaScript API, so both
// behave identically: exact origin, expected window, validated envelopes,
// MessageChannel after the handshake. Errors are *Error values with the
// same codes JavaScript sees as err.code; match them with errors.Is
// against ErrTimeout, ErrClosed and the other sentinels.
//
// Payloads are encoded with encoding/json. Connect and the page-wide
// functions exist only in js/wasm builds; the typed helpers compile
// everywhere.
package bridge
