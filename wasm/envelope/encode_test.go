package envelope

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

// kinds holds one valid envelope of each kind, and some variants.
var kinds = []Envelope{
	{Channel: "chat", Session: alice, Seq: 1, Kind: KindHello, Payload: []byte(`{"versions":[1],"caps":["rpc"]}`)},
	{Channel: "chat", Session: bob, To: alice, Seq: 1, Kind: KindWelcome, Payload: []byte(`{"version":1,"caps":["rpc"]}`)},
	{Channel: "chat", Session: alice, To: bob, Seq: 2, Kind: KindEvent, Type: "message.posted", Payload: []byte(`{"text":"hi"}`)},
	{Channel: "chat", Session: alice, To: bob, Seq: 3, Kind: KindRequest, Type: "sum", ID: 1, Payload: []byte(`[1,2]`)},
	{Channel: "chat", Session: bob, To: alice, Seq: 2, Kind: KindResponse, Type: "sum", ID: 1, Payload: []byte(`3`)},
	{Channel: "chat", Session: bob, To: alice, Seq: 3, Kind: KindError, ID: 1, Error: &Fault{Code: "BAD_ARGS", Message: "want two \"numbers\"\n\u2028 😀 \x00"}},
	{Channel: "chat", Session: alice, To: bob, Seq: 4, Kind: KindClose},
	{Channel: "chat", Session: alice, To: bob, Seq: MaxSeq, Kind: KindClose, Error: &Fault{Code: "GOING_AWAY", Message: ""}},
	{Channel: "c", Session: alice, To: bob, Seq: 1, Kind: KindEvent, Type: "t", Payload: []byte(`null`)},
}

func TestRoundTrip(t *testing.T) {
	t.Parallel()
	for _, e := range kinds {
		checkRoundTrip(t, e)
	}
}

func TestEncodeFormat(t *testing.T) {
	t.Parallel()
	e := Envelope{Channel: "chat", Session: alice, To: bob, Seq: 5, Kind: KindError, Type: "sum", ID: 9,
		Error: &Fault{Code: "E", Message: "a\"b"}}
	got, err := Encode(e, Limits{})
	want := `{"postbridge":1,"channel":"chat","session":"` + alice + `","to":"` + bob +
		`","seq":5,"kind":"error","type":"sum","id":9,"error":{"code":"E","message":"a\"b"}}`
	if err != nil || string(got) != want {
		t.Errorf("Encode(%+v): got %s, %v; want %s", e, got, err, want)
	}
	// Append keeps what dst held.
	out, err := e.Append([]byte("prefix:"), Limits{})
	if err != nil || string(out) != "prefix:"+want {
		t.Errorf("Append(prefix): got %s, %v; want prefix then the message", out, err)
	}
}

// validateCases are envelopes Validate must refuse.
var validateCases = []struct {
	name  string
	e     Envelope
	lim   Limits
	want  error
	field string
}{
	{"zero", Envelope{}, Limits{}, ErrMissingField, "kind"},
	{"unknown kind", Envelope{Channel: "c", Session: alice, Seq: 1, Kind: "Hello"}, Limits{}, ErrKind, "kind"},
	{"bad channel", Envelope{Channel: "__proto__", Session: alice, Seq: 1, Kind: KindHello}, Limits{}, ErrName, "channel"},
	{"bad session", Envelope{Channel: "c", Session: "x", Seq: 1, Kind: KindHello}, Limits{}, ErrSession, "session"},
	{"to on hello", Envelope{Channel: "c", Session: alice, To: bob, Seq: 1, Kind: KindHello}, Limits{}, ErrForbiddenField, "to"},
	{"bad to", Envelope{Channel: "c", Session: alice, To: "bob\"", Seq: 1, Kind: KindClose}, Limits{}, ErrSession, "to"},
	{"zero seq", Envelope{Channel: "c", Session: alice, Kind: KindHello}, Limits{}, ErrMissingField, "seq"},
	{"seq over 2^53-1", Envelope{Channel: "c", Session: alice, Seq: MaxSeq + 1, Kind: KindHello}, Limits{}, ErrRange, "seq"},
	{"id over 2^53-1", Envelope{Channel: "c", Session: alice, To: bob, Seq: 1, Kind: KindRequest, Type: "t", ID: 1 << 60}, Limits{}, ErrRange, "id"},
	{"type injection", Envelope{Channel: "c", Session: alice, To: bob, Seq: 1, Kind: KindEvent, Type: `t","kind":"close`}, Limits{}, ErrName, "type"},
	{"payload injection", Envelope{Channel: "c", Session: alice, To: bob, Seq: 1, Kind: KindEvent, Type: "t", Payload: []byte(`1,"kind":"close"`)}, Limits{}, ErrSyntax, "payload"},
	{"payload closing the envelope", Envelope{Channel: "c", Session: alice, To: bob, Seq: 1, Kind: KindEvent, Type: "t", Payload: []byte(`1},{"x":1`)}, Limits{}, ErrSyntax, "payload"},
	{"empty payload", Envelope{Channel: "c", Session: alice, To: bob, Seq: 1, Kind: KindEvent, Type: "t", Payload: []byte{}}, Limits{}, ErrSyntax, "payload"},
	{"payload duplicate key", Envelope{Channel: "c", Session: alice, To: bob, Seq: 1, Kind: KindEvent, Type: "t", Payload: []byte(`{"a":1,"a":2}`)}, Limits{}, ErrDuplicateKey, "payload"},
	{"payload too deep", Envelope{Channel: "c", Session: alice, To: bob, Seq: 1, Kind: KindEvent, Type: "t", Payload: []byte(nested(3))}, Limits{MaxDepth: 2}, ErrTooDeep, "payload"},
	{"payload too large", Envelope{Channel: "c", Session: alice, To: bob, Seq: 1, Kind: KindEvent, Type: "t", Payload: []byte(`"12345"`)}, Limits{MaxPayload: 6}, ErrTooLarge, "payload"},
	{"payload on close", Envelope{Channel: "c", Session: alice, To: bob, Seq: 1, Kind: KindClose, Payload: []byte(`1`)}, Limits{}, ErrForbiddenField, "payload"},
	{"fault on event", Envelope{Channel: "c", Session: alice, To: bob, Seq: 1, Kind: KindEvent, Type: "t", Error: &Fault{Code: "X"}}, Limits{}, ErrForbiddenField, "error"},
	{"empty code", Envelope{Channel: "c", Session: alice, To: bob, Seq: 1, Kind: KindError, ID: 1, Error: &Fault{}}, Limits{}, ErrMissingField, "error.code"},
	{"code injection", Envelope{Channel: "c", Session: alice, To: bob, Seq: 1, Kind: KindError, ID: 1, Error: &Fault{Code: `X","y":"`}}, Limits{}, ErrName, "error.code"},
	{"long message", Envelope{Channel: "c", Session: alice, To: bob, Seq: 1, Kind: KindError, ID: 1, Error: &Fault{Code: "X", Message: strings.Repeat("m", 1025)}}, Limits{}, ErrTooLarge, "error.message"},
	{"message not UTF-8", Envelope{Channel: "c", Session: alice, To: bob, Seq: 1, Kind: KindError, ID: 1, Error: &Fault{Code: "X", Message: "\xff"}}, Limits{}, ErrUTF8, "error.message"},
}

func TestValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range validateCases {
		err := tc.e.Validate(tc.lim)
		var fe *FieldError
		if !errors.Is(err, tc.want) || !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%s: Validate(%+v): got %v; want %v on %q", tc.name, tc.e, err, tc.want, tc.field)
		}
		dst := []byte("keep")
		out, aerr := tc.e.Append(dst, tc.lim)
		if aerr == nil || aerr.Error() != err.Error() || string(out) != "keep" {
			t.Errorf("%s: Append: got %q, %v; want dst unchanged and the Validate error", tc.name, out, aerr)
		}
	}
	for _, e := range kinds {
		if err := e.Validate(Limits{}); err != nil {
			t.Errorf("Validate(%+v): got %v; want success", e, err)
		}
	}
}

// A fault message of control characters grows sixfold when escaped: with a
// small payload limit the encoded message would exceed what the peer
// accepts, so Append refuses it rather than send it.
func TestAppendRefusesOversizeEncoding(t *testing.T) {
	t.Parallel()
	e := Envelope{Channel: "c", Session: alice, To: bob, Seq: 1, Kind: KindError, ID: 1,
		Error: &Fault{Code: "X", Message: strings.Repeat("\x01", MaxFaultMessage)}}
	lim := Limits{MaxPayload: 16}
	if _, err := Encode(e, lim); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Encode(1024 control chars, MaxPayload 16): got %v; want ErrTooLarge", err)
	}
	out, err := Encode(e, Limits{})
	if err != nil {
		t.Fatalf("Encode(1024 control chars): got %v; want success", err)
	}
	back, err := Decode(out, Limits{})
	if err != nil || !reflect.DeepEqual(back, e) {
		t.Errorf("Decode(Encode(e)): got %+v, %v; want e back", back, err)
	}
}

func TestNames(t *testing.T) {
	t.Parallel()
	names := map[string]bool{
		"a": true, "chat": true, "constructor": true, "toString": true, "hasOwnProperty": true,
		"a.b_c:d-e": true, "Z9": true, strings.Repeat("n", 64): true,
		"": false, "__proto__": false, "_a": false, "1a": false, "-a": false, "a b": false,
		"a/b": false, "chät": false, "a\x00": false, strings.Repeat("n", 65): false,
	}
	for s, want := range names {
		if got := ValidName(s); got != want {
			t.Errorf("ValidName(%q): got %v; want %v", s, got, want)
		}
	}
	sessions := map[string]bool{
		alice: true, strings.Repeat("A", 16): true, strings.Repeat("_-", 32): true,
		strings.Repeat("A", 15): false, strings.Repeat("A", 65): false, alice + ".": false,
		"aaaaaaaaaaaaaaa=": false, "aaaaaaaaaaaaaaa\u00e9": false,
	}
	for s, want := range sessions {
		if got := ValidSession(s); got != want {
			t.Errorf("ValidSession(%q): got %v; want %v", s, got, want)
		}
	}
	for _, k := range []Kind{KindHello, KindWelcome, KindEvent, KindRequest, KindResponse, KindError, KindClose} {
		if !k.Valid() {
			t.Errorf("Kind(%q).Valid(): got false; want true", k)
		}
	}
	if Kind("HELLO").Valid() {
		t.Errorf(`Kind("HELLO").Valid(): got true; want false`)
	}
}
