//go:build js && wasm

// Command postbridge is the WebAssembly module behind postbridge.js. It
// hands its API to the loader through a one-shot boot callback and then
// stays alive to serve it.
package main

import (
	"syscall/js"

	"github.com/postbridge/postbridge/wasm/jsapi"
)

func main() {
	boot := js.Global().Get("__postbridgeBoot")
	if boot.Type() != js.TypeFunction {
		js.Global().Get("console").Call("error", "postbridge.wasm: load it with postbridge.js")
		return
	}
	boot.Invoke(jsapi.New().Value())
	select {}
}
