package schema

import (
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

// setOf wraps one schema as the set {"t": schema}.
func setOf(schema string) []byte { return []byte(`{"t":` + schema + `}`) }

// longArray returns an array of n distinct numbers and strings; when dup
// >= 0, its last item repeats item dup.
func longArray(n, dup int) string {
	item := func(i int) string {
		if i%2 == 0 {
			return strconv.Itoa(i)
		}
		return `"s` + strconv.Itoa(i) + `"`
	}
	parts := make([]string, n)
	for i := range parts {
		parts[i] = item(i)
	}
	if dup >= 0 {
		parts[n-1] = item(dup)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// exponential returns a schema without cycles whose naive evaluation
// applies 2^k schemas to any payload. Its root has the keywords root,
// which refer to "#/$defs/d0".
func exponential(k int, root string) string {
	var b strings.Builder
	b.WriteString(`{"$defs":{`)
	for i := 0; i < k; i++ {
		next := `{"$ref":"#/$defs/d` + strconv.Itoa(i+1) + `"}`
		b.WriteString(`"d` + strconv.Itoa(i) + `":{"allOf":[` + next + `,` + next + `]},`)
	}
	b.WriteString(`"d` + strconv.Itoa(k) + `":{}},` + root + `}`)
	return b.String()
}

// outcome summarises a Check result in the terms of checkCase.want.
func outcome(t *testing.T, err error) (want, path string) {
	t.Helper()
	if err == nil {
		return "", ""
	}
	if errors.Is(err, ErrJSON) {
		var pe *jsonvalue.ParseError
		if !errors.As(err, &pe) {
			t.Errorf("got %v; want it to wrap a *jsonvalue.ParseError", err)
		}
		return "json", ""
	}
	var ve *ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("got %T %v; want *ValidationError wrapping ErrInvalid", err, err)
	}
	if ve.Keyword == "" {
		return "limit", ve.Path
	}
	return ve.Keyword, ve.Path
}

func TestCheck(t *testing.T) {
	t.Parallel()
	for _, tc := range checkCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := Compile(setOf(tc.schema))
			if err != nil {
				t.Fatalf("Compile(%q): got %v; want nil", tc.schema, err)
			}
			err = s.Check("t", []byte(tc.payload))
			got, path := outcome(t, err)
			if got != tc.want {
				t.Fatalf("Check(%q) with %s: got %q (%v); want %q", tc.payload, tc.schema, got, err, tc.want)
			}
			if tc.path != "-" && path != tc.path {
				t.Errorf("Check(%q): got path %q; want %q (%v)", tc.payload, path, tc.path, err)
			}
		})
	}
}

func TestCheckMessages(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("k", 5000)
	tests := []struct {
		schema, payload, want string
	}{
		{`{"properties":{"name":{"minLength":1}}}`, `{"name":""}`,
			`schema t: /name: minLength 1: string has 0 characters`},
		{`{"type":"object"}`, `"x"`, `schema t: type "object": got string`},
		{`{"type":["string","null"]}`, `2`, `schema t: type ["string","null"]: got integer`},
		{`{"required":["name"]}`, `{}`, `schema t: required: missing property "name"`},
		{`{"maximum":10}`, `11.5`, `schema t: maximum 10: got 11.5`},
		{`{"multipleOf":0.1}`, `0.35`, `schema t: multipleOf 0.1: got 0.35`},
		{`{"items":{"maxItems":1}}`, `[[],[1,2]]`, `schema t: /1: maxItems 1: array has 2 items`},
		{`{"uniqueItems":true}`, `[1,2,1]`, `schema t: uniqueItems: items 0 and 2 are equal`},
		{`{"oneOf":[true,{}]}`, `1`, `schema t: oneOf: value matches schemas 0 and 1, want exactly one`},
		{`{"propertyNames":{"maxLength":2}}`, `{"abc":1}`, `schema t: /abc: propertyNames: maxLength 2: name has 3 characters`},
		{`{"additionalProperties":false}`, `{"` + long + `":1}`,
			`schema t: /` + strings.Repeat("k", 40) + `...: additionalProperties false: property "` + strings.Repeat("k", 40) + `"... is not allowed`},
		{`{"maximum":1}`, strings.Repeat("9", 500), `schema t: maximum 1: got ` + strings.Repeat("9", 40) + `...`},
	}
	for _, tc := range tests {
		s, err := Compile(setOf(tc.schema))
		if err != nil {
			t.Fatalf("Compile(%q): got %v; want nil", tc.schema, err)
		}
		err = s.Check("t", []byte(tc.payload))
		if err == nil || err.Error() != tc.want {
			t.Errorf("Check(%.60q): got %v; want %s", tc.payload, err, tc.want)
		}
	}
}

// A deep payload gives a long path: it is cut, never longer than maxPath
// plus the mark.
func TestCheckPathCut(t *testing.T) {
	t.Parallel()
	s, err := Compile(setOf(`{"$defs":{"n":{"additionalProperties":{"$ref":"#/$defs/n"},"type":"object"}},"$ref":"#/$defs/n"}`))
	if err != nil {
		t.Fatal(err)
	}
	key := strings.Repeat("x", 30)
	payload := strings.Repeat(`{"`+key+`":`, 100) + "1" + strings.Repeat("}", 100)
	err = s.Check("t", []byte(payload))
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Keyword != "type" {
		t.Fatalf("Check(deep): got %v; want a type error", err)
	}
	if len(ve.Path) > maxPath+3 || !strings.HasSuffix(ve.Path, "...") {
		t.Errorf("Check(deep): got path of %d bytes %q; want at most %d, cut", len(ve.Path), ve.Path, maxPath+3)
	}
}

func TestCheckUnknownType(t *testing.T) {
	t.Parallel()
	s, err := Compile([]byte(`{"greet":{"type":"string"},"constructor":true}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, typ := range []string{"__proto__", "toString", "hasOwnProperty", "Greet", "greet ", ""} {
		if s.Has(typ) {
			t.Errorf("Has(%q): got true; want false", typ)
		}
		if err := s.Check(typ, []byte("null")); !errors.Is(err, ErrUnknownType) {
			t.Errorf("Check(%q): got %v; want ErrUnknownType", typ, err)
		}
	}
	if !s.Has("constructor") || s.Check("constructor", []byte(`{"prototype":1}`)) != nil {
		t.Errorf(`Has("constructor"): want an ordinary type that accepts anything`)
	}
	if got := strings.Join(s.Types(), ","); got != "greet,constructor" {
		t.Errorf("Types(): got %s; want greet,constructor, the set's order", got)
	}
	var nilSet *Set
	if nilSet.Has("greet") || nilSet.Types() != nil || !errors.Is(nilSet.Check("greet", nil), ErrUnknownType) {
		t.Errorf("nil *Set: want no types")
	}
}

// The work limit stops schemas that apply themselves exponentially often;
// "not" must not turn that refusal into acceptance.
func TestCheckLimits(t *testing.T) {
	t.Parallel()
	const d0 = `"$ref":"#/$defs/d0"`
	for _, schema := range []string{
		exponential(40, d0),
		exponential(40, `"not":{`+d0+`}`),
		exponential(40, `"anyOf":[{`+d0+`},true]`),
		exponential(40, `"oneOf":[{`+d0+`},true]`),
		exponential(40, `"items":{`+d0+`}`),
	} {
		s, err := Compile(setOf(schema))
		if err != nil {
			t.Fatalf("Compile(%.60q): got %v; want nil", schema, err)
		}
		for _, payload := range []string{`[1]`, `[[1]]`} {
			err := s.Check("t", []byte(payload))
			var ve *ValidationError
			if !errors.As(err, &ve) || ve.Keyword != "" || !strings.Contains(ve.Message, "limit") {
				t.Errorf("Check(%q) with %s: got %v; want the work limit", payload, schema[len(schema)-60:], err)
			}
		}
	}
}

func TestCheckLongUniqueArray(t *testing.T) {
	t.Parallel()
	s, err := Compile(setOf(`{"uniqueItems":true}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Check("t", []byte(longArray(20000, -1))); err != nil {
		t.Errorf("Check(20000 distinct items): got %v; want nil", err)
	}
	err = s.Check("t", []byte(longArray(20000, 12345)))
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Message != "uniqueItems: items 12345 and 19999 are equal" {
		t.Errorf("Check(20000 items, one repeated): got %v; want items 12345 and 19999", err)
	}
}

func TestCheckConcurrent(t *testing.T) {
	t.Parallel()
	s, err := Compile([]byte(`{"user":` + user + `}`))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Go(func() {
			for i := 0; i < 200; i++ {
				if err := s.Check("user", []byte(`{"name":"Ada","age":36}`)); err != nil {
					t.Errorf("Check: got %v; want nil", err)
				}
				if err := s.Check("user", []byte(`{"name":"Ada"}`)); !errors.Is(err, ErrInvalid) {
					t.Errorf("Check: got %v; want ErrInvalid", err)
				}
			}
		})
	}
	wg.Wait()
}

// Compile copies its input: reusing the buffer does not change the set.
func TestCompileCopiesInput(t *testing.T) {
	t.Parallel()
	buf := []byte(`{"t":{"const":"abc"}}`)
	s, err := Compile(buf)
	if err != nil {
		t.Fatal(err)
	}
	copy(buf, `{"t":{"const":"xyz"}}`)
	if err := s.Check("t", []byte(`"abc"`)); err != nil {
		t.Errorf(`Check("abc") after reuse: got %v; want nil`, err)
	}
}

// Payloads as deep as MaxPayloadDepth are checked, and the path never
// overflows; deeper ones are not JSON this package reads.
func TestCheckDepth(t *testing.T) {
	t.Parallel()
	s, err := Compile(setOf(`{"$defs":{"a":{"items":{"$ref":"#/$defs/a"},"type":["array","string"]}},"$ref":"#/$defs/a"}`))
	if err != nil {
		t.Fatal(err)
	}
	nested := func(depth int, leaf string) []byte {
		return []byte(strings.Repeat("[", depth) + leaf + strings.Repeat("]", depth))
	}
	if err := s.Check("t", nested(MaxPayloadDepth, `"x"`)); err != nil {
		t.Errorf("Check(depth %d): got %v; want nil", MaxPayloadDepth, err)
	}
	var ve *ValidationError
	if err := s.Check("t", nested(MaxPayloadDepth, `1`)); !errors.As(err, &ve) || ve.Keyword != "type" {
		t.Errorf("Check(depth %d, number leaf): got %v; want a type error", MaxPayloadDepth, err)
	}
	if err := s.Check("t", nested(MaxPayloadDepth+1, `"x"`)); !errors.Is(err, ErrJSON) || !errors.Is(err, jsonvalue.ErrTooDeep) {
		t.Errorf("Check(depth %d): got %v; want ErrJSON and ErrTooDeep", MaxPayloadDepth+1, err)
	}
}

// A long chain of schemas applied in place hits the evaluation depth.
func TestCheckEvalDepth(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(`{"$defs":{`)
	for i := 0; i < 1500; i++ {
		b.WriteString(`"d` + strconv.Itoa(i) + `":{"allOf":[{"$ref":"#/$defs/d` + strconv.Itoa(i+1) + `"}]},`)
	}
	b.WriteString(`"d1500":true},"$ref":"#/$defs/d0"}`)
	s, err := Compile(setOf(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	err = s.Check("t", []byte(`1`))
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Keyword != "" || !strings.Contains(ve.Message, "deeper") {
		t.Errorf("Check(chain of 1500): got %v; want the depth limit", err)
	}
}
