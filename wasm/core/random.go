//go:build !(js && wasm)

package core

import "crypto/rand"

// randomBytes fills b from the system's secure random source.
func randomBytes(b []byte) { rand.Read(b) }
