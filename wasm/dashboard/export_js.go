//go:build js && wasm

package main

import (
	"syscall/js"
	"time"
)

// download offers data as a file: a Blob behind an object URL, clicked
// through a detached link, so nothing goes to the server. The URL is
// revoked once the browser has had time to start the download.
func download(name, mime string, data []byte) {
	g := js.Global()
	arr := g.Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(arr, data)
	blob := g.Get("Blob").New([]any{arr}, map[string]any{"type": mime})
	url := g.Get("URL").Call("createObjectURL", blob)
	a := g.Get("document").Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	a.Call("click")
	time.AfterFunc(time.Minute, func() { g.Get("URL").Call("revokeObjectURL", url) })
}

// localZone is the browser's current offset from UTC: Go's wasm runtime
// has no time zone data, and times read better in the person's own.
func localZone() *time.Location {
	minutes := js.Global().Get("Date").New().Call("getTimezoneOffset").Int()
	return time.FixedZone("local", -minutes*60)
}
