package schema_test

import (
	"errors"
	"fmt"

	"github.com/postbridge/postbridge/wasm/schema"
)

func Example() {
	// What pb.connect({schemas}) passes to Go: JSON.stringify(schemas).
	set, err := schema.Compile([]byte(`{
		"greet": {"type": "object", "required": ["name"], "additionalProperties": false,
			"properties": {"name": {"type": "string", "minLength": 1, "maxLength": 40}}},
		"sum": {"type": "array", "items": {"type": "number"}, "maxItems": 100}
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(set.Types())
	fmt.Println(set.Check("greet", []byte(`{"name":"Ada"}`)))
	fmt.Println(set.Check("greet", []byte(`{"name":""}`)))
	fmt.Println(set.Check("sum", []byte(`[1, 2.5, "3"]`)))
	fmt.Println(set.Check("reset", []byte(`null`)))
	// Output:
	// [greet sum]
	// <nil>
	// schema greet: /name: minLength 1: string has 0 characters
	// schema sum: /2: type "number": got string
	// schema: no schema for type "reset"
}

// Keys such as "__proto__" and "constructor" are ordinary keys: a closed
// object refuses them like any other unknown member, even when escaped.
func Example_prototypePollution() {
	set, _ := schema.Compile([]byte(`{"prefs": {"type": "object", "additionalProperties": false,
		"properties": {"theme": {"enum": ["light", "dark"]}}}}`))
	for _, payload := range []string{
		`{"theme":"dark"}`,
		`{"__proto__":{"isAdmin":true}}`,
		`{"\u005f_proto__":{"isAdmin":true}}`,
		`{"constructor":{"prototype":{"isAdmin":true}}}`,
	} {
		fmt.Println(set.Check("prefs", []byte(payload)))
	}
	// Output:
	// <nil>
	// schema prefs: /__proto__: additionalProperties false: property "__proto__" is not allowed
	// schema prefs: /__proto__: additionalProperties false: property "__proto__" is not allowed
	// schema prefs: /constructor: additionalProperties false: property "constructor" is not allowed
}

// Callers tell the classes of failure apart with errors.Is and read the
// details with errors.As.
func ExampleValidationError() {
	set, _ := schema.Compile([]byte(`{"order": {"properties": {"items": {"type": "array",
		"items": {"properties": {"qty": {"type": "integer", "minimum": 1}}}}}}}`))
	err := set.Check("order", []byte(`{"items":[{"qty":2},{"qty":0}]}`))
	var ve *schema.ValidationError
	if errors.As(err, &ve) {
		fmt.Println(errors.Is(err, schema.ErrInvalid), ve.Path, ve.Keyword)
	}
	err = set.Check("order", []byte(`{"items":[{"qty":2},{"qty":2,"qty":3}]}`))
	fmt.Println(errors.Is(err, schema.ErrJSON))
	// Output:
	// true /items/1/qty minimum
	// true
}

// Keywords outside the subset are refused when the set is compiled, never
// silently ignored. Compile reports every problem it finds.
func ExampleCompile_unsupported() {
	_, err := schema.Compile([]byte(`{"greet": {"properties": {
		"name": {"type": "string", "pattern": "^[a-z]+$"},
		"mail": {"type": "string", "format": "email"},
		"age": {"type": "integer", "minimun": 0}}}}`))
	fmt.Println(errors.Is(err, schema.ErrCompile), errors.Is(err, schema.ErrKeyword))
	fmt.Println(err)
	// Output:
	// true true
	// schema greet: /properties/name/pattern: keyword "pattern" is not supported: the module has no regular expression engine; check the value in the handler
	// schema greet: /properties/mail/format: keyword "format" is not supported: formats are not checked here, and an ignored format would look like a check; remove it or check the value in the handler
	// schema greet: /properties/age/minimun: unknown keyword "minimun"
}

// Numbers are checked as the float64 that JSON.parse gives the handler:
// 1.0 is an integer, and multipleOf allows for float64 rounding.
func ExampleSet_Check_numbers() {
	set, _ := schema.Compile([]byte(`{"price": {"type": "number", "multipleOf": 0.01, "exclusiveMaximum": 1000},
		"count": {"type": "integer"}}`))
	fmt.Println(set.Check("count", []byte(`1.0`)))
	fmt.Println(set.Check("count", []byte(`1.5`)))
	fmt.Println(set.Check("price", []byte(`19.99`)))
	fmt.Println(set.Check("price", []byte(`19.995`)))
	fmt.Println(set.Check("price", []byte(`999.9999999999999999999`)))
	// Output:
	// <nil>
	// schema count: type "integer": got number
	// <nil>
	// schema price: multipleOf 0.01: got 19.995
	// schema price: exclusiveMaximum 1000: got 999.9999999999999999999
}
