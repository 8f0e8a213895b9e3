package bridge

import (
	"crypto/rand"
	"encoding/base64"
)

// NewSecret returns a fresh secret for a sandboxed frame (origin
// "null"): 256 bits from crypto/rand as 43 base64url characters, the
// length and alphabet Config.Secret requires. Put it in the frame URL's
// fragment (#…), which is never sent to a server nor in Referer.
func NewSecret() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand panics rather than return an error)
	return base64.RawURLEncoding.EncodeToString(b)
}
