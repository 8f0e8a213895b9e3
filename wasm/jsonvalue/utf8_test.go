package jsonvalue

import (
	"strings"
	"testing"
)

func TestToValidUTF8(t *testing.T) {
	for _, c := range []struct{ in, repl, want string }{
		{"plain", "?", "plain"},
		{"caf\xc3\xa9", "?", "café"},
		{"a\xffb", "\uFFFD", "a\uFFFDb"},
		{"a\xff\xfe\xfdb", "?", "a?b"}, // one replacement per run
		{"cut \xe2\x82", "", "cut "},   // a rune cut in half
		{"\xed\xa0\x80", "?", "?"},     // a surrogate is not UTF-8
		{"\uFFFD stays", "?", "\uFFFD stays"},
	} {
		if got := ToValidUTF8(c.in, c.repl); got != c.want {
			t.Errorf("ToValidUTF8(%q, %q) = %q; want %q", c.in, c.repl, got, c.want)
		}
	}
}

// FuzzToValidUTF8: the same as the standard library's, for any input.
func FuzzToValidUTF8(f *testing.F) {
	for _, s := range []string{"", "abc", "a\xffb", "\xe2\x82", "\xed\xa0\x80x", "\xf4\x90\x80\x80"} {
		f.Add(s, "?")
	}
	f.Fuzz(func(t *testing.T, s, repl string) {
		if got, want := ToValidUTF8(s, repl), strings.ToValidUTF8(s, repl); got != want {
			t.Fatalf("ToValidUTF8(%q, %q) = %q; strings.ToValidUTF8 says %q", s, repl, got, want)
		}
	})
}
