package jsonvalue

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"unicode/utf8"
)

// maxFuzzLen bounds fuzz inputs. Go's fuzzer keeps an input whose loops run
// a new number of times as "interesting" and then minimises it in time
// quadratic in its length, which stalls fuzzing for long inputs; the limits
// themselves are covered by the table tests.
const maxFuzzLen = 300

// FuzzParse checks that Parse never panics, that Parse and Valid agree, that
// whatever Parse accepts encoding/json accepts and reads the same way, and
// that valid UTF-8 input encoding/json accepts is refused only for one of the
// stricter rules.
func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		if len(tc.in) <= maxFuzzLen {
			f.Add([]byte(tc.in))
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > maxFuzzLen {
			return
		}
		lim := Limits{MaxBytes: 256, MaxDepth: 8}
		v, err := Parse(in, lim)
		verr := Valid(in, lim)
		if sentinel(err) != sentinel(verr) {
			t.Fatalf("Parse(%q): got %v; Valid got %v; want the same class", in, err, verr)
		}
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || sentinel(err) == nil {
				t.Fatalf("Parse(%q): got %T %v; want *ParseError with a sentinel", in, err, err)
			}
			if !stricterRule(in, err) && json.Valid(in) && utf8.Valid(in) {
				t.Fatalf("Parse(%q): got %v; encoding/json accepts it", in, err)
			}
			return
		}
		if !json.Valid(in) {
			t.Fatalf("Parse(%q): accepted; encoding/json refuses it", in)
		}
		if !bytes.Equal(v.Raw(), bytes.Trim(in, " \t\r\n")) {
			t.Fatalf("Parse(%q).Raw(): got %q; want input without surrounding space", in, v.Raw())
		}
		// Re-encode the tree and compare what encoding/json reads from both.
		out := appendValue(t, nil, v)
		if !reflect.DeepEqual(decodeStd(t, in), decodeStd(t, out)) {
			t.Fatalf("Parse(%q) re-encoded as %q: encoding/json reads them differently", in, out)
		}
	})
}

func sentinel(err error) error {
	for _, s := range []error{ErrSyntax, ErrUTF8, ErrDuplicateKey, ErrTooDeep, ErrTooLarge} {
		if errors.Is(err, s) {
			return s
		}
	}
	return err
}

// stricterRule reports whether err is one of the refusals encoding/json
// does not make: duplicates, limits, unpaired surrogates.
func stricterRule(in []byte, err error) bool {
	switch sentinel(err) {
	case ErrDuplicateKey, ErrTooDeep, ErrTooLarge:
		return true
	case ErrUTF8:
		return bytes.Contains(in, []byte(`\u`)) || bytes.Contains(in, []byte(`\U`))
	}
	return false
}

func decodeStd(t *testing.T, in []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(in))
	d.UseNumber()
	var x any
	if err := d.Decode(&x); err != nil {
		t.Fatalf("encoding/json cannot decode %q: %v", in, err)
	}
	return x
}

// appendValue writes v back as JSON using only the tree's accessors.
func appendValue(t *testing.T, b []byte, v Value) []byte {
	var err error
	switch v.Kind() {
	case Null:
		b = append(b, "null"...)
	case Bool:
		if v.Bool() {
			b = append(b, "true"...)
		} else {
			b = append(b, "false"...)
		}
	case Number:
		b = append(b, v.Number()...)
	case String:
		b, err = AppendQuote(b, v.Str())
	case Array:
		b = append(b, '[')
		for i := range v.Len() {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendValue(t, b, v.Index(i))
		}
		b = append(b, ']')
	case Object:
		b = append(b, '{')
		for i, m := range v.Members() {
			if i > 0 {
				b = append(b, ',')
			}
			b, err = AppendQuote(b, m.Key)
			if err != nil {
				break
			}
			b = append(b, ':')
			b = appendValue(t, b, m.Value)
		}
		b = append(b, '}')
	default:
		t.Fatalf("tree holds a value of kind %v", v.Kind())
	}
	if err != nil {
		t.Fatalf("AppendQuote of a parsed string: %v", err)
	}
	return b
}
