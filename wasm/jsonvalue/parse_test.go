package jsonvalue

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
)

// parseCases is the one table behind TestParse, FuzzParse's seeds and
// BenchmarkParse. want is nil for accepted input.
var parseCases = []struct {
	name string
	in   string
	want error
}{
	{"null", `null`, nil},
	{"true", ` true `, nil},
	{"false", "\t\r\nfalse\n", nil},
	{"zero", `0`, nil},
	{"negative zero", `-0`, nil},
	{"number", `-12.5e+3`, nil},
	{"exponent", `1E-2`, nil},
	{"string", `"hello"`, nil},
	{"escapes", `"\" \\ \/ \b \f \n \r \t \u00e9 \uD83D\uDE00"`, nil},
	{"escaped NUL", `"a\u0000b"`, nil},
	{"raw non-ASCII", `"héllo ☃ 😀"`, nil},
	{"raw U+2028", "\"a\u2028b\"", nil},
	{"empty array", `[]`, nil},
	{"empty object", `{ }`, nil},
	{"nested", `{"a":[1,{"b":null}],"c":"d"}`, nil},
	{"proto key", `{"__proto__":{"admin":true},"constructor":1}`, nil},
	{"keys differing in case", `{"kind":1,"KIND":2,"Kind":3}`, nil},
	{"depth 32", strings.Repeat("[", 32) + strings.Repeat("]", 32), nil},
	{"17 distinct keys", manyKeys(17, ""), nil},

	{"empty", ``, ErrSyntax},
	{"only space", ` `, ErrSyntax},
	{"BOM", "\xef\xbb\xbf{}", ErrSyntax},
	{"trailing data", `{} {}`, ErrSyntax},
	{"trailing garbage", `1x`, ErrSyntax},
	{"NaN", `NaN`, ErrSyntax},
	{"Infinity", `Infinity`, ErrSyntax},
	{"-Infinity", `-Infinity`, ErrSyntax},
	{"leading zero", `01`, ErrSyntax},
	{"negative leading zero", `-01`, ErrSyntax},
	{"plus sign", `+1`, ErrSyntax},
	{"bare dot", `.5`, ErrSyntax},
	{"dot without digits", `1.`, ErrSyntax},
	{"exponent without digits", `1e`, ErrSyntax},
	{"exponent sign only", `1e+`, ErrSyntax},
	{"hex number", `0x10`, ErrSyntax},
	{"truncated literal", `tru`, ErrSyntax},
	{"capital literal", `True`, ErrSyntax},
	{"literal with suffix", `nullx`, ErrSyntax},
	{"single quotes", `'a'`, ErrSyntax},
	{"unterminated string", `"abc`, ErrSyntax},
	{"raw newline in string", "\"a\nb\"", ErrSyntax},
	{"raw NUL in string", "\"a\x00b\"", ErrSyntax},
	{"raw tab in string", "\"a\tb\"", ErrSyntax},
	{"bad escape", `"\x41"`, ErrSyntax},
	{"short unicode escape", `"\u12"`, ErrSyntax},
	{"escape at end", `"\`, ErrSyntax},
	{"trailing comma array", `[1,]`, ErrSyntax},
	{"trailing comma object", `{"a":1,}`, ErrSyntax},
	{"missing comma", `[1 2]`, ErrSyntax},
	{"missing colon", `{"a" 1}`, ErrSyntax},
	{"unquoted key", `{a:1}`, ErrSyntax},
	{"number key", `{1:1}`, ErrSyntax},
	{"comment", `[1/*x*/]`, ErrSyntax},
	{"unclosed array", `[1`, ErrSyntax},
	{"unclosed object", `{"a":1`, ErrSyntax},
	{"close mismatch", `[1}`, ErrSyntax},
	{"vertical tab space", "\v1", ErrSyntax},
	{"NUL after value", "1\x00", ErrSyntax},

	{"invalid UTF-8 byte", "\"a\xffb\"", ErrUTF8},
	{"truncated UTF-8", "\"a\xe2\x82\"", ErrUTF8},
	{"overlong encoding", "\"\xc0\xaf\"", ErrUTF8},
	{"encoded surrogate", "\"\xed\xa0\x80\"", ErrUTF8},
	{"lone high surrogate", `"\uD800"`, ErrUTF8},
	{"lone high surrogate then text", `"\uD800abcdef"`, ErrUTF8},
	{"lone low surrogate", `"\uDC00"`, ErrUTF8},
	{"reversed pair", `"\uDC00\uD800"`, ErrUTF8},
	{"high then non-surrogate", `"\uD800\u0041"`, ErrUTF8},
	{"invalid UTF-8 in key", "{\"\xff\":1}", ErrUTF8},

	{"duplicate key", `{"a":1,"a":2}`, ErrDuplicateKey},
	{"duplicate after unescape", `{"a":1,"\u0061":2}`, ErrDuplicateKey},
	{"duplicate both escaped", `{"\u0061":1,"\u0061":2}`, ErrDuplicateKey},
	{"duplicate slash escape", `{"a/b":1,"a\/b":2}`, ErrDuplicateKey},
	{"duplicate nested", `[{"x":{"k":1,"k":2}}]`, ErrDuplicateKey},
	{"duplicate kind", `{"kind":"event","kind":"close"}`, ErrDuplicateKey},
	{"duplicate proto", `{"__proto__":1,"__proto__":2}`, ErrDuplicateKey},
	{"duplicate in large object", manyKeys(40, `,"k7":0`), ErrDuplicateKey},
	{"escaped duplicate in large object", manyKeys(40, `,"\u006b7":0`), ErrDuplicateKey},

	{"depth 33 arrays", strings.Repeat("[", 33) + strings.Repeat("]", 33), ErrTooDeep},
	{"depth 33 objects", strings.Repeat(`{"a":`, 33) + "1" + strings.Repeat("}", 33), ErrTooDeep},
	{"unclosed deep", strings.Repeat("[", 1000), ErrTooDeep},
	{"too large", `"` + strings.Repeat("a", DefaultMaxBytes) + `"`, ErrTooLarge},
}

// manyKeys returns an object with n distinct keys k0..k(n-1), then extra.
func manyKeys(n int, extra string) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"k` + strconv.Itoa(i) + `":` + strconv.Itoa(i))
	}
	b.WriteString(extra + "}")
	return b.String()
}

func TestParse(t *testing.T) {
	t.Parallel()
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tc.in), Limits{})
			checkErr(t, "Parse", tc.in, err, tc.want)
			checkErr(t, "Valid", tc.in, Valid([]byte(tc.in), Limits{}), tc.want)
			if tc.want == nil && !json.Valid([]byte(tc.in)) {
				t.Errorf("encoding/json refuses %q, which Parse accepts", short(tc.in))
			}
		})
	}
}

func checkErr(t *testing.T, fn, in string, err, want error) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Errorf("%s(%q): got %v; want success", fn, short(in), err)
		}
		return
	}
	if !errors.Is(err, want) {
		t.Errorf("%s(%q): got %v; want %v", fn, short(in), err, want)
		return
	}
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Errorf("%s(%q): got %T; want *ParseError", fn, short(in), err)
	} else if pe.Offset < 0 || (pe.Err != ErrTooLarge && pe.Offset > int64(len(in))) {
		t.Errorf("%s(%q): offset %d outside input", fn, short(in), pe.Offset)
	}
	if len(err.Error()) > 200 {
		t.Errorf("%s(%q): error message is %d bytes long", fn, short(in), len(err.Error()))
	}
}

func short(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

func TestParseErrorOffset(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		offset int64
	}{
		{`[1,]`, 3},
		{`{"a":1,"a":2}`, 7},
		{`"ab\q"`, 3},
		{`  x`, 2},
		{"\"\xff\"", 1},
	}
	for _, tc := range tests {
		_, err := Parse([]byte(tc.in), Limits{})
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Offset != tc.offset {
			t.Errorf("Parse(%q): got %v; want error at offset %d", tc.in, err, tc.offset)
		}
	}
}

func TestLimits(t *testing.T) {
	t.Parallel()
	deep := []byte(strings.Repeat("[", 5) + strings.Repeat("]", 5))
	if _, err := Parse(deep, Limits{MaxDepth: 4}); !errors.Is(err, ErrTooDeep) {
		t.Errorf("Parse(%q, MaxDepth 4): got %v; want ErrTooDeep", deep, err)
	}
	if _, err := Parse(deep, Limits{MaxDepth: 5}); err != nil {
		t.Errorf("Parse(%q, MaxDepth 5): got %v; want success", deep, err)
	}
	if err := Valid([]byte(`"12345"`), Limits{MaxBytes: 6}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Valid(7 bytes, MaxBytes 6): got %v; want ErrTooLarge", err)
	}
	if err := Valid([]byte(`"1234"`), Limits{MaxBytes: 6}); err != nil {
		t.Errorf("Valid(6 bytes, MaxBytes 6): got %v; want success", err)
	}
}

func BenchmarkParse(b *testing.B) {
	event := []byte(`{"postbridge":1,"channel":"chat","session":"s3cr3t-n0nce-AAAAAAAA","to":"peer-n0nce-BBBBBBBBBB","seq":42,"kind":"event","type":"message.posted","payload":{"text":"hi there","n":3}}`)
	b.Run("event/Parse", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(event)))
		for b.Loop() {
			if _, err := Parse(event, Limits{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("event/Valid", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(event)))
		for b.Loop() {
			if err := Valid(event, Limits{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, tc := range parseCases {
		in := []byte(tc.in)
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = Parse(in, Limits{})
			}
		})
	}
}
