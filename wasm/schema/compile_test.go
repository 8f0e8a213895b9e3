package schema

import (
	"errors"
	"strings"
	"testing"

	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

// compileCase is one set that Compile refuses. The fields describe the
// first error: whether it is ErrKeyword, its Type, Path and Keyword.
type compileCase struct {
	name    string
	set     string
	keyword bool // wraps ErrKeyword
	typ     string
	path    string
	kw      string
}

var compileCases = []compileCase{
	// the set
	{"not JSON", `{"t":}`, false, "", "", ""},
	{"duplicate type", `{"t":true,"t":false}`, false, "", "", ""},
	{"not an object", `[{"type":"string"}]`, false, "", "", ""},
	{"bad type name", `{"bad name":true}`, false, "", "", ""},
	{"__proto__ is not a type name", `{"__proto__":true}`, false, "", "", ""},
	{"long type name", `{"` + strings.Repeat("a", 65) + `":true}`, false, "", "", ""},
	{"schema not object", `{"t":1}`, false, "t", "", ""},
	{"schema null", `{"t":null}`, false, "t", "", ""},

	// refused keywords
	{"pattern", `{"t":{"properties":{"name":{"pattern":"^a"}}}}`, true, "t", "/properties/name/pattern", "pattern"},
	{"patternProperties", `{"t":{"patternProperties":{"^a":true}}}`, true, "t", "/patternProperties", "patternProperties"},
	{"format", `{"t":{"format":"email"}}`, true, "t", "/format", "format"},
	{"misspelt", `{"t":{"minLenght":1}}`, true, "t", "/minLenght", "minLenght"},
	{"if", `{"t":{"if":true,"then":true}}`, true, "t", "/if", "if"},
	{"contains", `{"t":{"items":{"contains":{}}}}`, true, "t", "/items/contains", "contains"},
	{"unevaluatedProperties", `{"t":{"unevaluatedProperties":false}}`, true, "t", "/unevaluatedProperties", "unevaluatedProperties"},
	{"definitions", `{"t":{"definitions":{}}}`, true, "t", "/definitions", "definitions"},
	{"keyword escaped in path", `{"t":{"properties":{"a/b":{"x~":1}}}}`, true, "t", "/properties/a~1b/x~0", "x~"},
	{"propertyNames minimum", `{"t":{"propertyNames":{"minimum":1}}}`, true, "t", "/propertyNames/minimum", "minimum"},
	{"propertyNames $ref", `{"t":{"$defs":{"a":true},"propertyNames":{"$ref":"#/$defs/a"}}}`, true, "t", "/propertyNames/$ref", "$ref"},
	{"propertyNames anyOf", `{"t":{"propertyNames":{"anyOf":[true]}}}`, true, "t", "/propertyNames/anyOf", "anyOf"},
	{"nested $defs", `{"t":{"properties":{"a":{"$defs":{}}}}}`, true, "t", "/properties/a/$defs", "$defs"},
	{"nested $id", `{"t":{"items":{"$id":"urn:x"}}}`, true, "t", "/items/$id", "$id"},
	{"$ref other form", `{"t":{"$ref":"#/definitions/a"}}`, true, "t", "/$ref", "$ref"},
	{"$ref remote", `{"t":{"$ref":"https://example.com/s.json"}}`, true, "t", "/$ref", "$ref"},
	{"$ref root", `{"t":{"$ref":"#"}}`, true, "t", "/$ref", "$ref"},
	{"$ref deeper pointer", `{"t":{"$defs":{"a":{"properties":{"b":true}}},"$ref":"#/$defs/a/properties/b"}}`, true, "t", "/$ref", "$ref"},
	{"$ref percent", `{"t":{"$defs":{"a b":true},"$ref":"#/$defs/a%20b"}}`, true, "t", "/$ref", "$ref"},
	{"$ref bad escape", `{"t":{"$defs":{"a":true},"$ref":"#/$defs/a~2"}}`, true, "t", "/$ref", "$ref"},

	// keyword values
	{"minLength negative", `{"t":{"minLength":-1}}`, false, "t", "/minLength", "minLength"},
	{"minLength fraction", `{"t":{"minLength":1.5}}`, false, "t", "/minLength", "minLength"},
	{"minLength string", `{"t":{"minLength":"1"}}`, false, "t", "/minLength", "minLength"},
	{"maxItems too big", `{"t":{"maxItems":1e19}}`, false, "t", "/maxItems", "maxItems"},
	{"maxProperties null", `{"t":{"maxProperties":null}}`, false, "t", "/maxProperties", "maxProperties"},
	{"required duplicate", `{"t":{"required":["a","a"]}}`, false, "t", "/required/1", "required"},
	{"required number", `{"t":{"required":[1]}}`, false, "t", "/required/0", "required"},
	{"required string", `{"t":{"required":"a"}}`, false, "t", "/required", "required"},
	{"type unknown", `{"t":{"type":"int"}}`, false, "t", "/type", "type"},
	{"type empty", `{"t":{"type":[]}}`, false, "t", "/type", "type"},
	{"type duplicate", `{"t":{"type":["string","string"]}}`, false, "t", "/type/1", "type"},
	{"type number", `{"t":{"type":1}}`, false, "t", "/type", "type"},
	{"enum empty", `{"t":{"enum":[]}}`, false, "t", "/enum", "enum"},
	{"enum not array", `{"t":{"enum":"a"}}`, false, "t", "/enum", "enum"},
	{"items tuple", `{"t":{"items":[{},{}]}}`, false, "t", "/items", "items"},
	{"items number", `{"t":{"items":1}}`, false, "t", "/items", ""},
	{"prefixItems empty", `{"t":{"prefixItems":[]}}`, false, "t", "/prefixItems", "prefixItems"},
	{"allOf empty", `{"t":{"allOf":[]}}`, false, "t", "/allOf", "allOf"},
	{"anyOf object", `{"t":{"anyOf":{}}}`, false, "t", "/anyOf", "anyOf"},
	{"oneOf bad member", `{"t":{"oneOf":[true,"x"]}}`, false, "t", "/oneOf/1", ""},
	{"not number", `{"t":{"not":0}}`, false, "t", "/not", ""},
	{"multipleOf zero", `{"t":{"multipleOf":0}}`, false, "t", "/multipleOf", "multipleOf"},
	{"multipleOf negative", `{"t":{"multipleOf":-0.5}}`, false, "t", "/multipleOf", "multipleOf"},
	{"minimum string", `{"t":{"minimum":"0"}}`, false, "t", "/minimum", "minimum"},
	{"maximum overflow", `{"t":{"maximum":1e400}}`, false, "t", "/maximum", "maximum"},
	{"exclusiveMinimum boolean (draft 4)", `{"t":{"exclusiveMinimum":true}}`, false, "t", "/exclusiveMinimum", "exclusiveMinimum"},
	{"uniqueItems string", `{"t":{"uniqueItems":"yes"}}`, false, "t", "/uniqueItems", "uniqueItems"},
	{"additionalProperties number", `{"t":{"additionalProperties":1}}`, false, "t", "/additionalProperties", ""},
	{"properties array", `{"t":{"properties":[]}}`, false, "t", "/properties", "properties"},
	{"title number", `{"t":{"title":1}}`, false, "t", "/title", "title"},
	{"$schema number", `{"t":{"$schema":1}}`, false, "t", "/$schema", "$schema"},
	{"deprecated string", `{"t":{"deprecated":"yes"}}`, false, "t", "/deprecated", "deprecated"},
	{"$defs not object", `{"t":{"$defs":[]}}`, false, "t", "/$defs", "$defs"},

	// references
	{"$ref missing", `{"t":{"$ref":"#/$defs/nope"}}`, false, "t", "/$ref", "$ref"},
	{"$ref to itself", `{"t":{"$defs":{"a":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"}}`, false, "t", "/$defs/a", "$ref"},
	{"$ref cycle through allOf", `{"t":{"$defs":{"a":{"allOf":[{"$ref":"#/$defs/b"}]},"b":{"anyOf":[{"type":"string"},{"$ref":"#/$defs/a"}]}}}}`, false, "t", "-", "$ref"},
	{"$ref cycle through not", `{"t":{"$defs":{"a":{"not":{"$ref":"#/$defs/a"}}}}}`, false, "t", "-", "$ref"},
	{"$ref cycle in unused defs", `{"t":{"$defs":{"a":{"oneOf":[{"$ref":"#/$defs/a"}]}},"type":"string"}}`, false, "t", "-", "$ref"},
}

func TestCompileErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range compileCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := Compile([]byte(tc.set))
			if s != nil || !errors.Is(err, ErrCompile) {
				t.Fatalf("Compile(%q): got %v, %v; want nil and ErrCompile", tc.set, s, err)
			}
			if errors.Is(err, ErrKeyword) != tc.keyword {
				t.Errorf("Compile(%q): got %v; want errors.Is(ErrKeyword) = %v", tc.set, err, tc.keyword)
			}
			var ce *CompileError
			if !errors.As(err, &ce) {
				t.Fatalf("Compile(%q): got %T; want *CompileError", tc.set, err)
			}
			if ce.Type != tc.typ || (tc.path != "-" && ce.Path != tc.path) || ce.Keyword != tc.kw {
				t.Errorf("Compile(%q): got type %q path %q keyword %q (%v); want %q %q %q",
					tc.set, ce.Type, ce.Path, ce.Keyword, err, tc.typ, tc.path, tc.kw)
			}
		})
	}
}

// Recursion that descends into the payload is fine.
func TestCompileRecursionThroughData(t *testing.T) {
	t.Parallel()
	for _, schema := range []string{
		tree,
		`{"$defs":{"a":{"anyOf":[{"type":"number"},{"items":{"$ref":"#/$defs/a"}}]}},"$ref":"#/$defs/a"}`,
		`{"$defs":{"a":{"additionalProperties":{"$ref":"#/$defs/a"}}},"not":{"$ref":"#/$defs/a"}}`,
	} {
		if _, err := Compile(setOf(schema)); err != nil {
			t.Errorf("Compile(%.60q): got %v; want nil", schema, err)
		}
	}
}

func TestCompileReportsAll(t *testing.T) {
	t.Parallel()
	_, err := Compile([]byte(`{"a":{"pattern":"x","minLength":-1},"b":{"format":"uri"},"c d":true}`))
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("Compile: got %T %v; want joined errors", err, err)
	}
	var got []string
	for _, e := range joined.Unwrap() {
		var ce *CompileError
		if !errors.As(e, &ce) {
			t.Fatalf("Compile: got %T in the joined errors; want *CompileError", e)
		}
		got = append(got, ce.Type+ce.Path)
	}
	if want := "a/pattern a/minLength b/format "; strings.Join(got, " ") != want {
		t.Errorf("Compile: got problems %q; want %q", got, want)
	}
	many := `{"t":{`
	for i := 0; i < 50; i++ {
		many += `"x` + strings.Repeat("y", i) + `":1,`
	}
	_, err = Compile([]byte(many + `"type":"string"}}`))
	if n := len(err.(interface{ Unwrap() []error }).Unwrap()); n != maxErrors+1 {
		t.Errorf("Compile(50 problems): got %d errors; want %d and a note", n, maxErrors+1)
	}
}

func TestCompileLimits(t *testing.T) {
	t.Parallel()
	big := `{"t":{"description":"` + strings.Repeat("x", MaxSetBytes) + `"}}`
	_, err := Compile([]byte(big))
	var ce *CompileError
	if !errors.As(err, &ce) || !strings.Contains(ce.Message, "limit") {
		t.Errorf("Compile(%d bytes): got %v; want a size error", len(big), err)
	}
	deep := `{"t":` + strings.Repeat(`{"not":`, MaxSetDepth) + `true` + strings.Repeat("}", MaxSetDepth+1)
	if _, err := Compile([]byte(deep)); !errors.Is(err, jsonvalue.ErrTooDeep) || !errors.Is(err, ErrCompile) {
		t.Errorf("Compile(deep): got %v; want ErrCompile and ErrTooDeep", err)
	}
	ok := `{"t":` + strings.Repeat(`{"not":`, MaxSetDepth-2) + `true` + strings.Repeat("}", MaxSetDepth-1)
	if _, err := Compile([]byte(ok)); err != nil {
		t.Errorf("Compile(depth %d): got %v; want nil", MaxSetDepth, err)
	}
}

// An empty set is valid: the channel then refuses every type.
func TestCompileEmpty(t *testing.T) {
	t.Parallel()
	s, err := Compile([]byte(`{}`))
	if err != nil || len(s.Types()) != 0 || s.Has("a") {
		t.Errorf("Compile({}): got %v, %v; want an empty set", s.Types(), err)
	}
}
