package envelope

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

const (
	alice = "alice-session-0001"
	bob   = "bob-session-000002"
	// head starts every test message: marker, channel and sender session.
	head = `{"postbridge":1,"channel":"chat","session":"` + alice + `",`
	toB  = `"to":"` + bob + `",`
)

// event is a typical event of about 200 bytes, used by the benchmarks.
const event = head + toB + `"seq":42,"kind":"event","type":"message.posted","payload":{"text":"hello there","author":"alice","n":3}}`

// msg builds a message from head and the given members.
func msg(members string) string { return head + members + "}" }

// decodeCases is the one table behind TestDecode, FuzzDecode's seeds and
// BenchmarkDecode. want is nil for accepted input; field, when set, is the
// member a *FieldError must name.
var decodeCases = []struct {
	name  string
	in    string
	want  error
	field string
}{
	{"hello", msg(`"seq":1,"kind":"hello","payload":{"versions":[1],"caps":["rpc"]}`), nil, ""},
	{"hello without payload", msg(`"seq":1,"kind":"hello"`), nil, ""},
	{"welcome", msg(toB + `"seq":1,"kind":"welcome","payload":{"version":1,"caps":[]}`), nil, ""},
	{"event", event, nil, ""},
	{"event without payload", msg(toB + `"seq":2,"kind":"event","type":"ping"`), nil, ""},
	{"request", msg(toB + `"seq":3,"kind":"request","type":"sum","id":7,"payload":[1,2]`), nil, ""},
	{"response", msg(toB + `"seq":4,"kind":"response","type":"sum","id":7,"payload":3`), nil, ""},
	{"response without type", msg(toB + `"seq":4,"kind":"response","id":7`), nil, ""},
	{"error", msg(toB + `"seq":5,"kind":"error","id":7,"error":{"code":"NOT_FOUND","message":"no such sum"}`), nil, ""},
	{"error with type", msg(toB + `"seq":5,"kind":"error","type":"sum","id":7,"error":{"message":"","code":"E1"}`), nil, ""},
	{"close", msg(toB + `"seq":6,"kind":"close"`), nil, ""},
	{"close with reason", msg(toB + `"seq":6,"kind":"close","error":{"code":"GOING_AWAY","message":"bye"}`), nil, ""},
	{"members in any order", `{"kind":"event","type":"t","seq":1,` + toB + `"session":"` + alice + `","channel":"c","postbridge":1}`, nil, ""},
	{"whitespace", " {\n\t\"postbridge\" : 1 , \"channel\":\"c\",\"session\":\"" + alice + "\",\"seq\":1,\"kind\":\"hello\" } \n", nil, ""},
	{"null payload", msg(toB + `"seq":1,"kind":"event","type":"t","payload":null`), nil, ""},
	{"max seq and id", msg(toB + `"seq":9007199254740991,"kind":"request","type":"t","id":9007199254740991`), nil, ""},
	{"ordinary names", `{"postbridge":1,"channel":"toString","session":"` + alice + `",` + toB + `"seq":1,"kind":"event","type":"constructor"}`, nil, ""},
	{"long names", `{"postbridge":1,"channel":"` + strings.Repeat("c", 64) + `","session":"` + strings.Repeat("S", 64) + `",` + toB + `"seq":1,"kind":"event","type":"a.b_c:d-e"}`, nil, ""},
	{"escaped NUL in message", msg(toB + `"seq":1,"kind":"close","error":{"code":"X","message":"a\u0000b"}`), nil, ""},
	{"escaped member name", `{"postbridge":1,"\u0063hannel":"c","session":"` + alice + `","seq":1,"kind":"hello"}`, nil, ""},
	{"payload depth 32", msg(toB + `"seq":1,"kind":"event","type":"t","payload":` + nested(32)), nil, ""},
	{"proto key inside payload", msg(toB + `"seq":1,"kind":"event","type":"t","payload":{"__proto__":{"admin":true}}`), nil, ""},

	// Not ours, or not JSON.
	{"not JSON", `hello`, ErrSyntax, ""},
	{"empty", ``, ErrSyntax, ""},
	{"BOM", "\xef\xbb\xbf" + event, ErrSyntax, ""},
	{"trailing data", event + `{}`, ErrSyntax, ""},
	{"raw control char", msg("\"seq\":1,\"kind\":\"hello\",\"payload\":\"a\tb\""), ErrSyntax, ""},
	{"array", `[1]`, ErrNotEnvelope, ""},
	{"string", `"postbridge"`, ErrNotEnvelope, ""},
	{"empty object", `{}`, ErrNotEnvelope, ""},
	{"other library", `{"type":"resize","height":300}`, ErrNotEnvelope, ""},
	{"case-variant marker", strings.Replace(event, `"postbridge"`, `"Postbridge"`, 1), ErrUnknownField, "Postbridge"},

	// Version.
	{"version 2", strings.Replace(event, `"postbridge":1`, `"postbridge":2`, 1), ErrVersion, ""},
	{"version 0", strings.Replace(event, `"postbridge":1`, `"postbridge":0`, 1), ErrVersion, ""},
	{"version 2 with new members", `{"postbridge":2,"flags":7,"kind":"stream"}`, ErrVersion, ""},
	{"version string", strings.Replace(event, `"postbridge":1`, `"postbridge":"1"`, 1), ErrFieldType, "postbridge"},
	{"version 1.0", strings.Replace(event, `"postbridge":1`, `"postbridge":1.0`, 1), ErrFieldType, "postbridge"},
	{"version true", `{"postbridge":true}`, ErrFieldType, "postbridge"},
	{"version huge", `{"postbridge":99999999999999999999}`, ErrRange, "postbridge"},

	// Members.
	{"unknown member", msg(`"seq":1,"kind":"hello","extra":1`), ErrUnknownField, "extra"},
	{"case-variant kind", msg(toB + `"seq":1,"Kind":"event","type":"t"`), ErrUnknownField, "Kind"},
	{"upper-case KIND beside kind", msg(toB + `"seq":1,"kind":"event","type":"t","KIND":"close"`), ErrUnknownField, "KIND"},
	{"proto member", msg(`"seq":1,"kind":"hello","__proto__":{"kind":"close"}`), ErrUnknownField, "__proto__"},
	{"constructor member", msg(`"seq":1,"kind":"hello","constructor":1`), ErrUnknownField, "constructor"},
	{"duplicate kind", msg(toB + `"seq":1,"kind":"event","type":"t","kind":"close"`), ErrDuplicateKey, ""},
	{"duplicate kind escaped", msg(toB + `"seq":1,"kind":"event","type":"t","\u006bind":"close"`), ErrDuplicateKey, ""},
	{"duplicate marker", `{"postbridge":1,"postbridge":2}`, ErrDuplicateKey, ""},
	{"missing channel", `{"postbridge":1,"session":"` + alice + `","seq":1,"kind":"hello"}`, ErrMissingField, "channel"},
	{"missing session", `{"postbridge":1,"channel":"c","seq":1,"kind":"hello"}`, ErrMissingField, "session"},
	{"missing seq", msg(`"kind":"hello"`), ErrMissingField, "seq"},
	{"missing kind", msg(`"seq":1`), ErrMissingField, "kind"},

	{"empty channel", `{"postbridge":1,"channel":"","session":"` + alice + `","seq":1,"kind":"hello"}`, ErrName, "channel"},
	{"proto channel", `{"postbridge":1,"channel":"__proto__","session":"` + alice + `","seq":1,"kind":"hello"}`, ErrName, "channel"},
	{"channel starts with digit", `{"postbridge":1,"channel":"1chat","session":"` + alice + `","seq":1,"kind":"hello"}`, ErrName, "channel"},
	{"channel 65 chars", `{"postbridge":1,"channel":"` + strings.Repeat("c", 65) + `","session":"` + alice + `","seq":1,"kind":"hello"}`, ErrName, "channel"},
	{"channel with space", `{"postbridge":1,"channel":"a b","session":"` + alice + `","seq":1,"kind":"hello"}`, ErrName, "channel"},
	{"channel non-ASCII", `{"postbridge":1,"channel":"chät","session":"` + alice + `","seq":1,"kind":"hello"}`, ErrName, "channel"},
	{"channel number", `{"postbridge":1,"channel":5,"session":"` + alice + `","seq":1,"kind":"hello"}`, ErrFieldType, "channel"},
	{"session 15 chars", `{"postbridge":1,"channel":"c","session":"` + strings.Repeat("s", 15) + `","seq":1,"kind":"hello"}`, ErrSession, "session"},
	{"session 65 chars", `{"postbridge":1,"channel":"c","session":"` + strings.Repeat("s", 65) + `","seq":1,"kind":"hello"}`, ErrSession, "session"},
	{"session with dot", `{"postbridge":1,"channel":"c","session":"alice.session.0001","seq":1,"kind":"hello"}`, ErrSession, "session"},
	{"invalid to", msg(`"to":"short","seq":1,"kind":"close"`), ErrSession, "to"},
	{"to on hello", msg(toB + `"seq":1,"kind":"hello"`), ErrForbiddenField, "to"},
	{"missing to", msg(`"seq":1,"kind":"event","type":"t"`), ErrMissingField, "to"},

	{"seq 0", msg(`"seq":0,"kind":"hello"`), ErrRange, "seq"},
	{"seq -1", msg(`"seq":-1,"kind":"hello"`), ErrRange, "seq"},
	{"seq -0", msg(`"seq":-0,"kind":"hello"`), ErrRange, "seq"},
	{"seq 1.0", msg(`"seq":1.0,"kind":"hello"`), ErrFieldType, "seq"},
	{"seq 1e0", msg(`"seq":1e0,"kind":"hello"`), ErrFieldType, "seq"},
	{"seq 2^53", msg(`"seq":9007199254740992,"kind":"hello"`), ErrRange, "seq"},
	{"seq 2^53+1", msg(`"seq":9007199254740993,"kind":"hello"`), ErrRange, "seq"},
	{"seq 2^64", msg(`"seq":18446744073709551616,"kind":"hello"`), ErrRange, "seq"},
	{"seq string", msg(`"seq":"1","kind":"hello"`), ErrFieldType, "seq"},
	{"seq null", msg(`"seq":null,"kind":"hello"`), ErrFieldType, "seq"},

	{"unknown kind", msg(`"seq":1,"kind":"Hello"`), ErrKind, "kind"},
	{"empty kind", msg(`"seq":1,"kind":""`), ErrKind, "kind"},
	{"kind number", msg(`"seq":1,"kind":1`), ErrFieldType, "kind"},
	{"missing type on event", msg(toB + `"seq":1,"kind":"event"`), ErrMissingField, "type"},
	{"missing type on request", msg(toB + `"seq":1,"kind":"request","id":1`), ErrMissingField, "type"},
	{"type on hello", msg(`"seq":1,"kind":"hello","type":"t"`), ErrForbiddenField, "type"},
	{"type on welcome", msg(toB + `"seq":1,"kind":"welcome","type":"t"`), ErrForbiddenField, "type"},
	{"type on close", msg(toB + `"seq":1,"kind":"close","type":"t"`), ErrForbiddenField, "type"},
	{"proto type", msg(toB + `"seq":1,"kind":"event","type":"__proto__"`), ErrName, "type"},
	{"empty type", msg(toB + `"seq":1,"kind":"event","type":""`), ErrName, "type"},
	{"missing id on request", msg(toB + `"seq":1,"kind":"request","type":"t"`), ErrMissingField, "id"},
	{"missing id on response", msg(toB + `"seq":1,"kind":"response"`), ErrMissingField, "id"},
	{"missing id on error", msg(toB + `"seq":1,"kind":"error","error":{"code":"X","message":""}`), ErrMissingField, "id"},
	{"id on event", msg(toB + `"seq":1,"kind":"event","type":"t","id":1`), ErrForbiddenField, "id"},
	{"id on hello", msg(`"seq":1,"kind":"hello","id":1`), ErrForbiddenField, "id"},
	{"id 0", msg(toB + `"seq":1,"kind":"request","type":"t","id":0`), ErrRange, "id"},
	{"id fraction", msg(toB + `"seq":1,"kind":"request","type":"t","id":1.5`), ErrFieldType, "id"},
	{"payload on error", msg(toB + `"seq":1,"kind":"error","id":1,"payload":1,"error":{"code":"X","message":""}`), ErrForbiddenField, "payload"},
	{"payload on close", msg(toB + `"seq":1,"kind":"close","payload":1`), ErrForbiddenField, "payload"},
	{"payload depth 33", msg(toB + `"seq":1,"kind":"event","type":"t","payload":` + nested(33)), ErrTooDeep, ""},

	{"missing error", msg(toB + `"seq":1,"kind":"error","id":1`), ErrMissingField, "error"},
	{"error on event", msg(toB + `"seq":1,"kind":"event","type":"t","error":{"code":"X","message":""}`), ErrForbiddenField, "error"},
	{"error on response", msg(toB + `"seq":1,"kind":"response","id":1,"error":{"code":"X","message":""}`), ErrForbiddenField, "error"},
	{"error not object", msg(toB + `"seq":1,"kind":"close","error":"bye"`), ErrFieldType, "error"},
	{"error without code", msg(toB + `"seq":1,"kind":"close","error":{"message":"bye"}`), ErrMissingField, "error.code"},
	{"error without message", msg(toB + `"seq":1,"kind":"close","error":{"code":"BYE"}`), ErrMissingField, "error.message"},
	{"error extra member", msg(toB + `"seq":1,"kind":"close","error":{"code":"BYE","message":"","stack":"x"}`), ErrUnknownField, "error.stack"},
	{"error lower-case code", msg(toB + `"seq":1,"kind":"close","error":{"code":"bye","message":""}`), ErrName, "error.code"},
	{"error code 33 chars", msg(toB + `"seq":1,"kind":"close","error":{"code":"` + strings.Repeat("E", 33) + `","message":""}`), ErrName, "error.code"},
	{"error code number", msg(toB + `"seq":1,"kind":"close","error":{"code":1,"message":""}`), ErrFieldType, "error.code"},
	{"error message 1025 bytes", msg(toB + `"seq":1,"kind":"close","error":{"code":"X","message":"` + strings.Repeat("m", 1025) + `"}`), ErrTooLarge, "error.message"},
	{"error duplicate code", msg(toB + `"seq":1,"kind":"close","error":{"code":"X","code":"Y","message":""}`), ErrDuplicateKey, ""},

	{"invalid UTF-8", msg(toB + "\"seq\":1,\"kind\":\"event\",\"type\":\"t\",\"payload\":\"\xff\""), ErrUTF8, ""},
	{"lone surrogate", msg(toB + `"seq":1,"kind":"close","error":{"code":"X","message":"\ud800"}`), ErrUTF8, ""},
	{"payload too large", msg(toB + `"seq":1,"kind":"event","type":"t","payload":"` + strings.Repeat("p", DefaultMaxPayload) + `"`), ErrTooLarge, "payload"},
	{"message too large", strings.Repeat(" ", DefaultMaxPayload+Overhead+1), ErrTooLarge, ""},
}

// nested returns n nested arrays around 0.
func nested(n int) string { return strings.Repeat("[", n) + "0" + strings.Repeat("]", n) }

func TestDecode(t *testing.T) {
	t.Parallel()
	for _, tc := range decodeCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e, err := Decode([]byte(tc.in), Limits{})
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Decode(%q): got %v; want success", cut(tc.in), err)
				}
				checkRoundTrip(t, e)
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("Decode(%q): got %v; want %v", cut(tc.in), err, tc.want)
			}
			if !reflect.DeepEqual(e, Envelope{}) {
				t.Errorf("Decode(%q): got %+v with the error; want zero Envelope", cut(tc.in), e)
			}
			if tc.field != "" {
				var fe *FieldError
				if !errors.As(err, &fe) || fe.Field != tc.field {
					t.Errorf("Decode(%q): got %v; want a *FieldError for %q", cut(tc.in), err, tc.field)
				}
			}
			if n := len(err.Error()); n > 300 {
				t.Errorf("Decode(%q): error message is %d bytes; want it short", cut(tc.in), n)
			}
		})
	}
}

// checkRoundTrip encodes e and decodes the result, which must equal e.
func checkRoundTrip(t *testing.T, e Envelope) {
	t.Helper()
	out, err := Encode(e, Limits{})
	if err != nil {
		t.Fatalf("Encode(%+v): got %v; want success", e, err)
	}
	back, err := Decode(out, Limits{})
	if err != nil {
		t.Fatalf("Decode(Encode(%+v)) = Decode(%q): got %v; want success", e, out, err)
	}
	if !reflect.DeepEqual(back, e) {
		t.Fatalf("Decode(%q): got %+v; want %+v", out, back, e)
	}
}

func BenchmarkDecode(b *testing.B) {
	in := []byte(event)
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := Decode(in, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodeTable(b *testing.B) {
	for _, tc := range decodeCases {
		in := []byte(tc.in)
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = Decode(in, Limits{})
			}
		})
	}
}

func BenchmarkEncode(b *testing.B) {
	e, err := Decode([]byte(event), Limits{})
	if err != nil {
		b.Fatal(err)
	}
	buf := make([]byte, 0, 512)
	b.ReportAllocs()
	for b.Loop() {
		if buf, err = e.Append(buf[:0], Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}
