package envelope

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// naive is what a straightforward encoding/json decoder of the envelope
// would look like. Each attack test shows an input that fools it.
type naive struct {
	Postbridge int             `json:"postbridge"`
	Kind       string          `json:"kind"`
	Seq        float64         `json:"seq"`
	Payload    json.RawMessage `json:"payload"`
}

func decodeNaive(t *testing.T, in string) naive {
	t.Helper()
	var n naive
	if err := json.Unmarshal([]byte(in), &n); err != nil {
		t.Fatalf("naive decoder refused %q: %v", cut(in), err)
	}
	return n
}

// encoding/json matches member names case-insensitively, so "KIND" would
// override "kind" there.
func TestAttackCaseVariantNames(t *testing.T) {
	t.Parallel()
	in := msg(toB + `"seq":1,"kind":"event","type":"t","KIND":"close"`)
	if n := decodeNaive(t, in); n.Kind != "close" {
		t.Fatalf("naive decoder: got kind %q; the attack premise no longer holds", n.Kind)
	}
	if _, err := Decode([]byte(in), Limits{}); !errors.Is(err, ErrUnknownField) {
		t.Errorf("Decode(%q): got %v; want ErrUnknownField", in, err)
	}
	in = strings.Replace(event, `"postbridge"`, `"POSTBRIDGE"`, 1)
	if n := decodeNaive(t, in); n.Postbridge != 1 {
		t.Fatalf("naive decoder: got postbridge %d; want it fooled", n.Postbridge)
	}
	if _, err := Decode([]byte(in), Limits{}); !errors.Is(err, ErrUnknownField) {
		t.Errorf("Decode(%q): got %v; want ErrUnknownField", in, err)
	}
}

// encoding/json keeps the last of two equal keys; JavaScript's JSON.parse
// does too, but other parsers keep the first. Either way a checker and a
// dispatcher could read different kinds, so duplicates are refused.
func TestAttackDuplicateKind(t *testing.T) {
	t.Parallel()
	for _, dup := range []string{`"kind":"close"`, `"\u006bind":"close"`, `"k\u0069nd":"close"`} {
		in := msg(toB + `"seq":1,"kind":"event","type":"t",` + dup)
		if n := decodeNaive(t, in); n.Kind != "close" {
			t.Fatalf("naive decoder: got kind %q; want the second one", n.Kind)
		}
		if _, err := Decode([]byte(in), Limits{}); !errors.Is(err, ErrDuplicateKey) {
			t.Errorf("Decode(%q): got %v; want ErrDuplicateKey", in, err)
		}
	}
}

// A "__proto__" member is an unknown member, not a prototype to merge, and
// "__proto__" is not a valid channel or type name.
func TestAttackProto(t *testing.T) {
	t.Parallel()
	in := msg(`"seq":1,"kind":"hello","__proto__":{"kind":"close","admin":true}`)
	var fe *FieldError
	if _, err := Decode([]byte(in), Limits{}); !errors.As(err, &fe) || fe.Field != "__proto__" || !errors.Is(err, ErrUnknownField) {
		t.Errorf("Decode(%q): got %v; want ErrUnknownField on __proto__", in, err)
	}
	for _, field := range []string{"channel", "type"} {
		e := kinds[2]
		if field == "channel" {
			e.Channel = "__proto__"
		} else {
			e.Type = "__proto__"
		}
		if err := e.Validate(Limits{}); !errors.Is(err, ErrName) {
			t.Errorf("Validate(%s __proto__): got %v; want ErrName", field, err)
		}
	}
}

// The length is checked before parsing: a huge message costs nothing to
// refuse, and garbage that would also be too deep reports ErrTooLarge.
func TestAttackHugeInput(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("[", DefaultMaxPayload+Overhead+1)
	if _, err := Decode([]byte(huge), Limits{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Decode(%d × '['): got %v; want ErrTooLarge", len(huge), err)
	}
	// A payload one byte over its limit, inside a message under the cap.
	p := `"` + strings.Repeat("x", DefaultMaxPayload-1) + `"`
	in := msg(toB + `"seq":1,"kind":"event","type":"t","payload":` + p)
	if _, err := Decode([]byte(in), Limits{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Decode(payload of %d bytes): got %v; want ErrTooLarge", len(p), err)
	}
	in = msg(toB + `"seq":1,"kind":"event","type":"t","payload":"` + p[2:])
	if _, err := Decode([]byte(in), Limits{}); err != nil {
		t.Errorf("Decode(payload of %d bytes): got %v; want success", len(p)-1, err)
	}
	// The error message does not repeat the input.
	long := strings.Repeat("k", 10000)
	_, err := Decode([]byte(msg(`"seq":1,"kind":"hello","`+long+`":1`)), Limits{})
	if !errors.Is(err, ErrUnknownField) || len(err.Error()) > 200 {
		t.Errorf("Decode(10000-byte member name): got %d-byte error %.80q; want a short ErrUnknownField", len(err.Error()), err)
	}
}

func TestAttackDeepNesting(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		depth int
		want  error
	}{{32, nil}, {33, ErrTooDeep}, {5000, ErrTooDeep}} {
		in := msg(toB + `"seq":1,"kind":"event","type":"t","payload":` + nested(tc.depth))
		_, err := Decode([]byte(in), Limits{})
		if (tc.want == nil && err != nil) || !errors.Is(err, tc.want) {
			t.Errorf("Decode(payload nested %d deep): got %v; want %v", tc.depth, err, tc.want)
		}
	}
}

// encoding/json passes invalid UTF-8 and lone surrogates through (replacing
// them with U+FFFD), so two messages that differ on the wire decode equal.
func TestAttackUTF8(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"\"\xff\"", "\"\xed\xa0\x80\"", `"\ud800"`, `"\udc00\ud800"`} {
		in := msg(toB + `"seq":1,"kind":"event","type":"t","payload":` + p)
		var s struct{ Payload string }
		if err := json.Unmarshal([]byte(in), &s); err != nil || !strings.Contains(s.Payload, string(utf8.RuneError)) {
			t.Fatalf("naive decoder on %q: got %q, %v; want U+FFFD", p, s.Payload, err)
		}
		if _, err := Decode([]byte(in), Limits{}); !errors.Is(err, ErrUTF8) {
			t.Errorf("Decode(payload %q): got %v; want ErrUTF8", p, err)
		}
	}
}

// An escaped NUL is a character like any other; raw control characters are
// not JSON.
func TestAttackControlCharacters(t *testing.T) {
	t.Parallel()
	in := msg(toB + `"seq":1,"kind":"close","error":{"code":"X","message":"a\u0000b\n"}`)
	e, err := Decode([]byte(in), Limits{})
	if err != nil || e.Error.Message != "a\x00b\n" {
		t.Errorf("Decode(escaped NUL): got %+v, %v; want message \"a\\x00b\\n\"", e.Error, err)
	}
	for _, raw := range []string{"\x00", "\n", "\x1f"} {
		in := msg(toB + `"seq":1,"kind":"close","error":{"code":"X","message":"a` + raw + `b"}`)
		if _, err := Decode([]byte(in), Limits{}); !errors.Is(err, ErrSyntax) {
			t.Errorf("Decode(raw %q in string): got %v; want ErrSyntax", raw, err)
		}
	}
}

// A float64 decoder reads 9007199254740993 as 9007199254740992 and 1e0 as
// 1; seq and id are exact plain integers here.
func TestAttackNumbers(t *testing.T) {
	t.Parallel()
	in := msg(`"seq":9007199254740993,"kind":"hello"`)
	if n := decodeNaive(t, in); n.Seq != 9007199254740992 {
		t.Fatalf("naive decoder: got seq %v; want it rounded", n.Seq)
	}
	for seq, want := range map[string]error{
		"9007199254740993":             ErrRange,
		"18446744073709551617":         ErrRange,
		"1" + strings.Repeat("0", 400): ErrRange,
		"1e400":                        ErrFieldType,
		"1.0":                          ErrFieldType,
		"-1":                           ErrRange,
	} {
		in := msg(`"seq":` + seq + `,"kind":"hello"`)
		if _, err := Decode([]byte(in), Limits{}); !errors.Is(err, want) {
			t.Errorf("Decode(seq %.30s): got %v; want %v", seq, err, want)
		}
	}
}

// A newer peer's hello is refused with the version it carries, even when it
// has members this version does not know.
func TestAttackVersion(t *testing.T) {
	t.Parallel()
	in := `{"postbridge":7,"channel":"chat","session":"` + alice + `","seq":1,"kind":"hello","flags":["x"]}`
	_, err := Decode([]byte(in), Limits{})
	var ve *VersionError
	if !errors.As(err, &ve) || ve.Got != 7 || !errors.Is(err, ErrVersion) {
		t.Errorf("Decode(version 7): got %v; want *VersionError{Got: 7}", err)
	}
}
