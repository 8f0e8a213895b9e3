package origin

import (
	"errors"
	"testing"
)

// The ToASCII hook replaces the built-in mapping, and its result is still
// checked: a hook cannot smuggle a bad host past Parse.
func TestToASCIIHook(t *testing.T) {
	defer func(f func(string) (string, error)) { ToASCII = f }(ToASCII)
	cases := []struct {
		hook func(string) (string, error)
		in   string
		want string
		err  error
	}{
		{func(string) (string, error) { return "xn--bcher-kva.example", nil }, "https://Bücher.example", "https://xn--bcher-kva.example", nil},
		{func(string) (string, error) { return "", errors.New("refused") }, "https://Bücher.example", "", ErrIDNA},
		{func(string) (string, error) { return "a/b.example", nil }, "https://a.example", "", ErrHost},
		{func(string) (string, error) { return "evil.example.", nil }, "https://a.example", "", ErrTrailingDot},
	}
	for _, c := range cases {
		ToASCII = c.hook
		o, err := Parse(c.in)
		switch {
		case c.err != nil && !errors.Is(err, c.err):
			t.Errorf("Parse(%q) with hook: got %v; want %v", c.in, err, c.err)
		case c.err == nil && (err != nil || o.String() != c.want):
			t.Errorf("Parse(%q) with hook: got %q, %v; want %q", c.in, o.String(), err, c.want)
		}
	}
}
