package origin_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/postbridge/postbridge/wasm/origin"
)

func TestParse(t *testing.T) {
	t.Parallel()
	for _, c := range parseCases {
		t.Run(testName(c.in), func(t *testing.T) {
			t.Parallel()
			o, err := origin.Parse(c.in)
			if c.err != nil {
				var pe *origin.ParseError
				if !errors.Is(err, c.err) || !errors.As(err, &pe) || pe.Input != c.in {
					t.Fatalf("Parse(%q): got %q, %v; want error %v", c.in, o.String(), err, c.err)
				}
				if !o.IsZero() {
					t.Errorf("Parse(%q): got %q with error; want the zero Origin", c.in, o.String())
				}
				return
			}
			if err != nil || o.String() != c.want {
				t.Fatalf("Parse(%q): got %q, %v; want %q", c.in, o.String(), err, c.want)
			}
			if again, err := origin.Parse(o.String()); err != nil || again != o {
				t.Errorf("Parse(%q): got %q, %v; want it to reparse to itself", o.String(), again.String(), err)
			}
		})
	}
}

func TestParseParts(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in, scheme, host string
		port             int
	}{
		{"HTTP://LocalHost:8080/", "http", "localhost", 8080},
		{"https://Bücher.example:443", "https", "xn--bcher-kva.example", 0},
		{"http://[0::1]:80", "http", "[::1]", 0},
	} {
		o, err := origin.Parse(c.in)
		if err != nil || o.Scheme() != c.scheme || o.Host() != c.host || o.Port() != c.port {
			t.Errorf("Parse(%q): got %q %q %d, %v; want %q %q %d",
				c.in, o.Scheme(), o.Host(), o.Port(), err, c.scheme, c.host, c.port)
		}
	}
}

func TestZeroOrigin(t *testing.T) {
	t.Parallel()
	var o origin.Origin
	if !o.IsZero() || o.String() != "" || o.Port() != 0 {
		t.Errorf("zero Origin: got IsZero %v, String %q; want true, \"\"", o.IsZero(), o.String())
	}
	if origin.MustParse("http://a").IsZero() {
		t.Error(`MustParse("http://a"): got the zero Origin`)
	}
}

func TestMustParsePanics(t *testing.T) {
	t.Parallel()
	defer func() {
		if err, ok := recover().(error); !ok || !errors.Is(err, origin.ErrWildcard) {
			t.Errorf(`MustParse("*"): recovered %v; want a panic with ErrWildcard`, err)
		}
	}()
	origin.MustParse("*")
}

// FuzzParse checks that Parse never panics, that whatever it accepts is
// canonical (Parse(o.String()) == o) and looks like a browser's origin, and
// that an allowlist built from the input allows exactly that string.
func FuzzParse(f *testing.F) {
	for _, c := range parseCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		o, err := origin.Parse(in)
		if err != nil {
			var pe *origin.ParseError
			if !errors.As(err, &pe) || pe.Reason == nil || pe.Input != in || !o.IsZero() {
				t.Fatalf("Parse(%q): got %#v, %v; want a *ParseError with a Reason and the zero Origin", in, o, err)
			}
			return
		}
		s := o.String()
		again, err := origin.Parse(s)
		if err != nil || again != o {
			t.Fatalf("Parse(%q) = %q, but Parse(%q): got %q, %v; want the same origin", in, s, s, again.String(), err)
		}
		if !isCanonicalText(s) {
			t.Fatalf("Parse(%q): got %q; want lower-case printable ASCII", in, s)
		}
		if !strings.HasPrefix(s, "http://") && !strings.HasPrefix(s, "https://") {
			t.Fatalf("Parse(%q): got %q; want an http or https origin", in, s)
		}
		if strings.ContainsAny(s[len(o.Scheme())+3:], "/?#@*\\%") || strings.HasSuffix(s, ".") {
			t.Fatalf("Parse(%q): got %q; want no path, query, fragment, user info or trailing dot", in, s)
		}
		a, err := origin.NewAllowlist(in)
		if err != nil || !a.Allows(s) || (in != s && a.Allows(in)) {
			t.Fatalf("NewAllowlist(%q): got Allows(%q) %v, Allows(%q) %v, %v; want only the canonical form",
				in, s, a.Allows(s), in, a.Allows(in), err)
		}
	})
}

func isCanonicalText(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}

func BenchmarkParse(b *testing.B) {
	for _, c := range parseCases {
		b.Run(testName(c.in), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = origin.Parse(c.in)
			}
		})
	}
}

// testName keeps subtest names short and readable; Go escapes the rest.
func testName(in string) string {
	if len(in) > 40 {
		cut := 40
		for cut > 0 && !utf8.RuneStart(in[cut]) {
			cut--
		}
		in = in[:cut] + "..."
	}
	if in == "" {
		return "empty"
	}
	return in
}
