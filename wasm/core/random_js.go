//go:build js && wasm

package core

import "syscall/js"

// randomBytes fills b from crypto.getRandomValues, the source Go's own
// crypto/rand uses in browsers; calling it directly keeps crypto/rand's
// dependencies (AES, DRBG, math/big, fmt) out of the module.
func randomBytes(b []byte) {
	a := js.Global().Get("Uint8Array").New(len(b))
	js.Global().Get("crypto").Call("getRandomValues", a)
	js.CopyBytesToGo(b, a)
}
