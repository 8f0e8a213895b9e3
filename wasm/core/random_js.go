//go:build js && wasm

package core

import _ "unsafe" // for go:wasmimport of the runtime's own import

// getRandomData fills r with crypto.getRandomValues: the import that Go's
// wasm_exec.js provides for the runtime itself (the same toolchain builds
// both), declared here so that crypto/rand, with its AES, DRBG and
// math/big, stays out of the module.
//
//go:wasmimport gojs runtime.getRandomData
func getRandomData(r []byte)

// randomBytes fills b from crypto.getRandomValues.
func randomBytes(b []byte) { getRandomData(b) }
