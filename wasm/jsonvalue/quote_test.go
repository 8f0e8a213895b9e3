package jsonvalue

import (
	"encoding/json"
	"errors"
	"testing"
)

var quoteCases = []struct {
	in, want string
}{
	{"", `""`},
	{"plain", `"plain"`},
	{`a"b\c`, `"a\"b\\c"`},
	{"\n\r\t\b\f", `"\n\r\t\b\f"`},
	{"\x00\x01\x1f\x7f", `"\u0000\u0001\u001f` + "\x7f" + `"`},
	{"a\u2028b\u2029c", `"a\u2028b\u2029c"`},
	{"</script>&", `"</script>&"`},
	{"héllo 😀 \uffff", `"héllo 😀 ` + "\uffff" + `"`},
}

func TestAppendQuote(t *testing.T) {
	t.Parallel()
	for _, tc := range quoteCases {
		got, err := AppendQuote([]byte("x"), tc.in)
		if err != nil || string(got) != "x"+tc.want {
			t.Errorf("AppendQuote(%q): got %s, %v; want %s", tc.in, got, err, tc.want)
			continue
		}
		checkQuoted(t, tc.in, got[1:])
	}
}

// checkQuoted parses a quoted string both with Parse and encoding/json.
func checkQuoted(t *testing.T, in string, quoted []byte) {
	t.Helper()
	v, err := Parse(quoted, Limits{})
	if err != nil || v.Str() != in {
		t.Errorf("Parse(AppendQuote(%q)): got %q, %v; want the input back", in, v.Str(), err)
	}
	var s string
	if err := json.Unmarshal(quoted, &s); err != nil || s != in {
		t.Errorf("json.Unmarshal(AppendQuote(%q)): got %q, %v; want the input back", in, s, err)
	}
}

func TestAppendQuoteInvalidUTF8(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"\xff", "ab\xe2\x82", "\xed\xa0\x80", "ok\xc0\xaf"} {
		dst := []byte("keep")
		got, err := AppendQuote(dst, in)
		if !errors.Is(err, ErrUTF8) || string(got) != "keep" {
			t.Errorf("AppendQuote(%q): got %q, %v; want dst unchanged and ErrUTF8", in, got, err)
		}
	}
}

func FuzzAppendQuote(f *testing.F) {
	for _, tc := range quoteCases {
		f.Add(tc.in)
	}
	f.Add("\xff")
	f.Fuzz(func(t *testing.T, in string) {
		got, err := AppendQuote(nil, in)
		if err != nil {
			if !errors.Is(err, ErrUTF8) {
				t.Fatalf("AppendQuote(%q): got %v; want nil or ErrUTF8", in, err)
			}
			return
		}
		checkQuoted(t, in, got)
	})
}
