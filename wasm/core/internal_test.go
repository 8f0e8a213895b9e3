package core

import (
	"encoding/base64"
	"testing"
)

// base64url is base64.RawURLEncoding, for every length a nonce could have.
func TestBase64URL(t *testing.T) {
	b := make([]byte, 40)
	for i := range b {
		b[i] = byte(i*37 + 11)
	}
	for n := 0; n <= len(b); n++ {
		if got, want := base64url(b[:n]), base64.RawURLEncoding.EncodeToString(b[:n]); got != want {
			t.Errorf("base64url(%d bytes) = %q; want %q", n, got, want)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 41233: "41,233", 100000: "100,000", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q; want %q", n, got, want)
		}
	}
}
