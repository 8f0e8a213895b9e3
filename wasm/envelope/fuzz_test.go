package envelope

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"
)

// sentinels are the errors every Decode failure must match one of.
var sentinels = []error{ErrNotEnvelope, ErrVersion, ErrKind, ErrUnknownField, ErrMissingField,
	ErrForbiddenField, ErrFieldType, ErrName, ErrSession, ErrRange, ErrTooLarge, ErrTooDeep,
	ErrDuplicateKey, ErrUTF8, ErrSyntax}

// maxFuzzLen bounds fuzz inputs. Go's fuzzer keeps an input whose loops run
// a new number of times as "interesting" and then minimises it in time
// quadratic in its length, which stalls fuzzing for long inputs; the limits
// themselves are covered by the table tests.
const maxFuzzLen = 512

// FuzzDecode checks that Decode never panics, that every failure is a typed
// error, and that whatever Decode accepts is valid JSON, passes Validate,
// and survives Encode then Decode unchanged.
func FuzzDecode(f *testing.F) {
	for _, tc := range decodeCases {
		if len(tc.in) <= maxFuzzLen {
			f.Add([]byte(tc.in))
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > maxFuzzLen {
			return
		}
		lim := Limits{MaxPayload: 64, MaxDepth: 4}
		e, err := Decode(in, lim)
		if err != nil {
			if !matchesOne(err) {
				t.Fatalf("Decode(%q): got %v; want one of the sentinel errors", in, err)
			}
			if !reflect.DeepEqual(e, Envelope{}) {
				t.Fatalf("Decode(%q): got %+v with an error; want zero Envelope", in, e)
			}
			return
		}
		if !json.Valid(in) {
			t.Fatalf("Decode(%q): accepted; encoding/json says it is not JSON", in)
		}
		if err := e.Validate(lim); err != nil {
			t.Fatalf("Decode(%q) = %+v; Validate: got %v; want success", in, e, err)
		}
		out, err := Encode(e, lim)
		if err != nil {
			t.Fatalf("Encode(Decode(%q)): got %v; want success", in, err)
		}
		back, err := Decode(out, lim)
		if err != nil || !reflect.DeepEqual(back, e) {
			t.Fatalf("Decode(Encode(Decode(%q))) = Decode(%q): got %+v, %v; want %+v", in, out, back, err, e)
		}
	})
}

func matchesOne(err error) bool {
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}
