package jsonvalue

import (
	"math"
	"strings"
	"testing"
)

func mustParse(t *testing.T, in string) Value {
	t.Helper()
	v, err := Parse([]byte(in), Limits{})
	if err != nil {
		t.Fatalf("Parse(%q): got %v; want success", in, err)
	}
	return v
}

func TestInt64(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"0", 0, true},
		{"-0", 0, true},
		{"0.0e5", 0, true},
		{"12", 12, true},
		{"-12", -12, true},
		{"1.2e1", 12, true},
		{"120e-1", 12, true},
		{"1.0", 1, true},
		{"1e0", 1, true},
		{"100E-2", 1, true},
		{"0.001e3", 1, true},
		{"9223372036854775807", math.MaxInt64, true},
		{"-9223372036854775808", math.MinInt64, true},
		{"9.223372036854775807e18", math.MaxInt64, true},
		{"9223372036854775808", 0, false},
		{"-9223372036854775809", 0, false},
		{"1e19", 0, false},
		{"1e18", 1e18, true},
		{"10000000000000000000000e-4", 1e18, true},
		{"1.5", 0, false},
		{"1e-1", 0, false},
		{"0.1", 0, false},
		{"1e999999999999999999999", 0, false},
		{"1e-999999999999999999999", 0, false},
		{"0e999999999999999999999", 0, true},
		{"9007199254740993", 9007199254740993, true}, // not exact as a float64
	}
	for _, tc := range tests {
		got, ok := mustParse(t, tc.in).Int64()
		if got != tc.want || ok != tc.ok {
			t.Errorf("Parse(%q).Int64(): got %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	if _, ok := mustParse(t, `"1"`).Int64(); ok {
		t.Errorf(`Parse("\"1\"").Int64(): got ok; want not a number`)
	}
}

func TestFloat64(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"1.5", 1.5, true},
		{"-2e-3", -0.002, true},
		{"1e400", math.Inf(1), false},
		{"true", 0, false},
	}
	for _, tc := range tests {
		got, ok := mustParse(t, tc.in).Float64()
		if got != tc.want || ok != tc.ok {
			t.Errorf("Parse(%q).Float64(): got %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestAccessors(t *testing.T) {
	t.Parallel()
	v := mustParse(t, `{"s":"a\nb","n":-1.5,"t":true,"f":false,"z":null,"a":[1,"x"],"__proto__":{"p":1}}`)
	if v.Kind() != Object || v.Len() != 7 {
		t.Fatalf("Kind, Len: got %v, %d; want object, 7", v.Kind(), v.Len())
	}
	keys := []string{}
	for _, m := range v.Members() {
		keys = append(keys, m.Key)
	}
	if got := strings.Join(keys, ","); got != "s,n,t,f,z,a,__proto__" {
		t.Errorf("Members keys: got %s; want source order", got)
	}
	get := func(k string) Value {
		m, ok := v.Get(k)
		if !ok {
			t.Fatalf("Get(%q): got nothing; want a member", k)
		}
		return m
	}
	if s := get("s"); s.Str() != "a\nb" || string(s.Raw()) != `"a\nb"` {
		t.Errorf("s: got %q raw %q; want decoded and raw text", s.Str(), s.Raw())
	}
	if n := get("n"); n.Number() != "-1.5" || n.Str() != "" {
		t.Errorf("n: got Number %q, Str %q; want -1.5 and empty", n.Number(), n.Str())
	}
	if !get("t").Bool() || get("f").Bool() || get("f").Kind() != Bool || get("z").Kind() != Null {
		t.Errorf("literals: got t=%v f=%v z=%v", get("t").Bool(), get("f").Bool(), get("z").Kind())
	}
	a := get("a")
	if a.Len() != 2 || a.Index(1).Str() != "x" || a.Index(2).Kind() != Invalid || a.Index(-1).Kind() != Invalid {
		t.Errorf("array accessors wrong: %q", a.Raw())
	}
	if a.Members() != nil {
		t.Errorf("array Members: got non-nil; want nil")
	}
	if _, ok := a.Get(""); ok {
		t.Errorf(`array Get(""): got a member; want none`)
	}
	if p := get("__proto__"); p.Kind() != Object || string(p.Raw()) != `{"p":1}` {
		t.Errorf("__proto__: got %v %q; want an ordinary member", p.Kind(), p.Raw())
	}
	for _, k := range []string{"constructor", "toString", "S", "hasOwnProperty"} {
		if _, ok := v.Get(k); ok {
			t.Errorf("Get(%q): got a member; want none (own keys only, exact match)", k)
		}
	}
	var zero Value
	if zero.Kind() != Invalid || zero.Len() != 0 || zero.Str() != "" || zero.Bool() || zero.Raw() != nil {
		t.Errorf("zero Value: want empty results")
	}
	if Kind(99).String() != "invalid" || Object.String() != "object" {
		t.Errorf("Kind.String: got %q, %q", Kind(99), Object)
	}
}

func TestDecodedStrings(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{`"\u00e9\u20AC"`, "é€"},
		{`"\uD83D\uDE00"`, "😀"},
		{`"\ud83d\ude00x"`, "😀x"},
		{`"\"\\\/\b\f\n\r\t"`, "\"\\/\b\f\n\r\t"},
		{`"a\u0000b"`, "a\x00b"},
		{`"\uFFFF"`, "\uffff"},
	}
	for _, tc := range tests {
		if got := mustParse(t, tc.in).Str(); got != tc.want {
			t.Errorf("Parse(%q).Str(): got %q; want %q", tc.in, got, tc.want)
		}
	}
}

// TestMembersIsolated checks that appending to Members cannot clobber the tree.
func TestMembersIsolated(t *testing.T) {
	t.Parallel()
	v := mustParse(t, `{"a":{"x":1,"y":2},"b":3}`)
	inner, _ := v.Get("a")
	_ = append(inner.Members(), Member{Key: "evil"})
	if b, _ := v.Get("b"); b.Number() != "3" {
		t.Errorf("after append: b = %q; want 3", b.Number())
	}
}
