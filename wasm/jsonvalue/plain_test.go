package jsonvalue

import (
	"strings"
	"testing"
)

// plainRun stops exactly where a byte-by-byte scan stops, whatever the
// bytes and wherever they start.
func FuzzPlainRun(f *testing.F) {
	f.Add([]byte(strings.Repeat("hello world ", 10)+`"`), 0)
	f.Add([]byte("abcdefg\x1fhijklmnop"), 0)
	f.Add([]byte("abcdefgh\\ijklmnop"), 3)
	f.Add([]byte("abcdefghé"), 1)
	f.Add([]byte("\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x20\x21\x23\x5b\x5d"), 0)
	f.Fuzz(func(t *testing.T, d []byte, i int) {
		if i < 0 || i > len(d) {
			return
		}
		want := 0
		for i+want < len(d) && isPlain(d[i+want]) {
			want++
		}
		if got := plainRun(d, i); got != want {
			t.Fatalf("plainRun(%q, %d) = %d; want %d", d, i, got, want)
		}
	})
}

// Every single byte value, at every position of a word, stops the run
// exactly when it should.
func TestPlainRunEveryByte(t *testing.T) {
	for c := 0; c < 256; c++ {
		for at := 0; at < 17; at++ {
			d := []byte(strings.Repeat("a", 24))
			d[at] = byte(c)
			want := len(d)
			if !isPlain(byte(c)) {
				want = at
			}
			if got := plainRun(d, 0); got != want {
				t.Fatalf("byte %#x at %d: plainRun = %d; want %d", c, at, got, want)
			}
		}
	}
}

func BenchmarkPlainRun(b *testing.B) {
	d := []byte(strings.Repeat("x", 60000) + `"`)
	b.SetBytes(int64(len(d)))
	for b.Loop() {
		plainRun(d, 0)
	}
}
