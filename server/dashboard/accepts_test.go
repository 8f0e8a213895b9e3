package dashboard

import (
	"strings"
	"testing"
)

// FuzzAccepts: an encoding is accepted only when the header names it or
// "*", whatever else it holds.
func FuzzAccepts(f *testing.F) {
	for _, h := range []string{"", "gzip, deflate, br, zstd", "br;q=0, gzip", "*;q=0", "BR ; Q=0.5", "br;q=1.5", ";;,,=q"} {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, h string) {
		for _, token := range []string{"br", "gzip"} {
			if accepts(h, token) && !strings.Contains(strings.ToLower(h), token) && !strings.Contains(h, "*") {
				t.Fatalf("accepts(%q, %q): got true; the header names neither it nor *", h, token)
			}
		}
	})
}

func BenchmarkAccepts(b *testing.B) {
	for b.Loop() {
		accepts("gzip, deflate, br, zstd", "br")
	}
}
