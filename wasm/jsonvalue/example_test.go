package jsonvalue_test

import (
	"errors"
	"fmt"

	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

func ExampleParse() {
	v, err := jsonvalue.Parse([]byte(`{"name":"caf\u00e9","tags":["a","b"],"n":1.5e1}`), jsonvalue.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range v.Members() {
		fmt.Println(m.Key, m.Value.Kind(), string(m.Value.Raw()))
	}
	name, _ := v.Get("name")
	n, _ := v.Get("n")
	i, exact := n.Int64()
	fmt.Println(name.Str(), i, exact)
	// Output:
	// name string "caf\u00e9"
	// tags array ["a","b"]
	// n number 1.5e1
	// café 15 true
}

// Keys are compared after unescaping, so this object names "a" twice. A
// parser that kept the last value would read a different message than one
// that kept the first.
func ExampleParse_duplicateKey() {
	_, err := jsonvalue.Parse([]byte(`{"a":1,"\u0061":2}`), jsonvalue.Limits{})
	fmt.Println(errors.Is(err, jsonvalue.ErrDuplicateKey))
	var pe *jsonvalue.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.Offset, err)
	}
	// Output:
	// true
	// 7 jsonvalue: duplicate key "a" at offset 7
}

func ExampleValid() {
	for _, in := range []string{`[1,2]`, `[[[1]]]`, `[01]`, `"\ud800"`} {
		fmt.Println(in, jsonvalue.Valid([]byte(in), jsonvalue.Limits{MaxDepth: 2}))
	}
	// Output:
	// [1,2] <nil>
	// [[[1]]] jsonvalue: nesting deeper than 2 at offset 2
	// [01] jsonvalue: leading zero in number at offset 2
	// "\ud800" jsonvalue: unpaired surrogate escape at offset 1
}

func ExampleAppendQuote() {
	b, err := jsonvalue.AppendQuote(nil, "line\nbreak \"quoted\" \u2028")
	fmt.Println(string(b), err)
	_, err = jsonvalue.AppendQuote(nil, "bad \xff")
	fmt.Println(errors.Is(err, jsonvalue.ErrUTF8))
	// Output:
	// "line\nbreak \"quoted\" \u2028" <nil>
	// true
}

// ValidMembers checks the whole text, then hands back the top-level
// members as slices of it: nothing is decoded or copied.
func ExampleValidMembers() {
	in := []byte(`{"kind":"event","n":[1,2],"\u0061":null}`)
	var dst [8]jsonvalue.RawMember
	kind, n, err := jsonvalue.ValidMembers(in, jsonvalue.Limits{}, dst[:])
	fmt.Println(kind, n, err)
	for _, m := range dst[:n] {
		key, _ := jsonvalue.AppendUnquote(nil, m.Key)
		fmt.Println(string(m.Key), string(key), m.Kind, string(m.Value))
	}
	// Output:
	// object 3 <nil>
	// "kind" kind string "event"
	// "n" n array [1,2]
	// "\u0061" a null null
}

func ExampleAppendUnquote() {
	b, err := jsonvalue.AppendUnquote([]byte("text: "), []byte(`"caf\u00e9 \"x\""`))
	fmt.Println(string(b), err)
	_, err = jsonvalue.AppendUnquote(nil, []byte(`"\ud800"`))
	fmt.Println(errors.Is(err, jsonvalue.ErrUTF8))
	// Output:
	// text: café "x" <nil>
	// true
}
