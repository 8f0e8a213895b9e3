package jsonp

import (
	"bytes"
	"encoding/json"
	"reflect"
	"regexp"
	"testing"
	"unicode/utf8"
)

// identifier and keywords are an independent statement of the callback
// grammar, written differently from ValidCallback on purpose.
var identifier = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]{0,63}$`)

var keywords = []string{
	"await", "break", "case", "catch", "class", "const", "continue", "debugger",
	"default", "delete", "do", "else", "enum", "export", "extends", "false",
	"finally", "for", "function", "if", "implements", "import", "in",
	"instanceof", "interface", "let", "new", "null", "package", "private",
	"protected", "public", "return", "static", "super", "switch", "this",
	"throw", "true", "try", "typeof", "var", "void", "while", "with", "yield",
}

func wantValid(s string) bool {
	if !identifier.MatchString(s) {
		return false
	}
	for _, k := range keywords {
		if s == k {
			return false
		}
	}
	return true
}

// FuzzValidCallback checks ValidCallback never panics and agrees with the
// independent grammar in both directions.
func FuzzValidCallback(f *testing.F) {
	for _, tc := range callbackCases {
		f.Add(tc.cb)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := ValidCallback(s), wantValid(s); got != want {
			t.Errorf("ValidCallback(%q): got %t; want %t", s, got, want)
		}
	})
}

// FuzzBody checks Body never panics, and that any script it returns is the
// fixed frame around the input JSON, re-escaped, decoding to the same value.
func FuzzBody(f *testing.F) {
	for _, tc := range callbackCases {
		f.Add(tc.cb, []byte(`{"a":"b"}`))
	}
	f.Add("cb", []byte("[\"\u2028\u2029<>&\"]"))
	f.Add("cb", []byte(`1);alert(1);(1`))
	f.Fuzz(func(t *testing.T, cb string, js []byte) {
		out, err := Body(cb, js)
		if err != nil {
			if out != nil {
				t.Errorf("Body(%q, %q): got %q with error %v", cb, js, out, err)
			}
			return
		}
		if !wantValid(cb) || !utf8.Valid(js) || !json.Valid(js) {
			t.Fatalf("Body(%q, %q): got %q; want an error", cb, js, out)
		}
		prefix := []byte("/**/ typeof " + cb + " === 'function' && " + cb + "(")
		if !bytes.HasPrefix(out, prefix) || !bytes.HasSuffix(out, []byte(");")) {
			t.Fatalf("Body(%q, %q): got %q; want the fixed frame", cb, js, out)
		}
		inner := out[len(prefix) : len(out)-2]
		for _, bad := range []string{"\u2028", "\u2029", "<", ">", "&"} {
			if bytes.Contains(inner, []byte(bad)) {
				t.Errorf("Body(%q, %q): got %q holding raw %q", cb, js, out, bad)
			}
		}
		var a, b any
		if json.Unmarshal(js, &a) != nil || json.Unmarshal(inner, &b) != nil || !reflect.DeepEqual(a, b) {
			t.Errorf("Body(%q, %q): got %q; want the same JSON value", cb, js, out)
		}
	})
}
