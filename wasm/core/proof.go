package core

import (
	"crypto/subtle"

	"github.com/postbridge/postbridge/wasm/envelope"
	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

// What the handshake's payloads say: the versions, and between a
// sandboxed frame and its embedder, who offers the port and the proof of
// the secret.

// offers reports whether we create the MessageChannel for the peer we
// answer: the side whose nonce sorts first, except between a sandboxed
// frame and its embedder, where the sandboxed side always does (it knows
// its peer's exact origin; the embedder could only post a port to '*').
func (c *Channel) offers() bool {
	switch {
	case c.s.null:
		return false
	case c.s.Sandboxed:
		return true
	}
	return c.hs.ours < c.hs.peer
}

// proves reports whether a hello or welcome payload carries the
// channel's secret, compared in constant time.
func (c *Channel) proves(payload []byte) bool {
	v, err := jsonvalue.Parse(payload, jsonvalue.Limits{})
	if err != nil {
		return false
	}
	p, ok := v.Get("proof")
	return ok && p.Kind() == jsonvalue.String && subtle.ConstantTimeCompare([]byte(p.Str()), []byte(c.s.Secret)) == 1
}

func checkHello(payload []byte) error {
	v, err := jsonvalue.Parse(payload, jsonvalue.Limits{})
	if err == nil {
		if vs, ok := v.Get("versions"); ok && vs.Kind() == jsonvalue.Array {
			for i := 0; i < vs.Len(); i++ {
				if n, ok := vs.Index(i).Int64(); ok && n == envelope.Version {
					return nil
				}
			}
		}
	}
	return newError(CodeVersion, "the peer's hello lists no protocol version we speak (we speak 1)")
}

func checkWelcome(payload []byte) error {
	v, err := jsonvalue.Parse(payload, jsonvalue.Limits{})
	if err == nil {
		if n, ok := v.Get("version"); ok {
			if x, ok := n.Int64(); ok && x == envelope.Version {
				return nil
			}
		}
	}
	return newError(CodeVersion, "welcome names no version we speak")
}
