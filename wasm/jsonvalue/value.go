package jsonvalue

import "strconv"

// Kind is the type of a JSON value.
type Kind uint8

// The kinds of value. The zero [Value] has kind Invalid.
const (
	Invalid Kind = iota
	Null
	Bool
	Number
	String
	Array
	Object
)

// String returns the kind's name as JSON texts call it: "null", "object", ...
func (k Kind) String() string {
	switch k {
	case Null:
		return "null"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case String:
		return "string"
	case Array:
		return "array"
	case Object:
		return "object"
	}
	return "invalid"
}

// Value is one node of a parsed JSON document. The zero Value has kind
// [Invalid]; it is what lookups return when nothing was found. Accessors
// that do not fit the value's kind return zero results rather than panic.
type Value struct {
	kind Kind
	raw  []byte   // source text of the value, aliasing the input
	text string   // String: decoded text; Number: literal; Bool/Null: literal
	kids []Member // Array: elements (empty keys); Object: members
}

// Member is one member of an object.
type Member struct {
	Key   string
	Value Value
}

// Kind returns the value's kind.
func (v Value) Kind() Kind { return v.kind }

// Raw returns the value's source text, without surrounding whitespace. It is
// a slice of the input given to [Parse], not a copy.
func (v Value) Raw() []byte { return v.raw }

// Bool reports whether v is the literal true.
func (v Value) Bool() bool { return v.kind == Bool && v.text == "true" }

// Number returns the literal text of a number, such as "-1.5e3", or "" when
// v is not a number.
func (v Value) Number() string {
	if v.kind != Number {
		return ""
	}
	return v.text
}

// Str returns the decoded text of a string, or "" when v is not a string.
func (v Value) Str() string {
	if v.kind != String {
		return ""
	}
	return v.text
}

// Len returns the number of elements of an array or members of an object,
// and 0 for other kinds.
func (v Value) Len() int {
	if v.kind != Array && v.kind != Object {
		return 0
	}
	return len(v.kids)
}

// Index returns element i of an array, or the zero Value when v is not an
// array or i is out of range.
func (v Value) Index(i int) Value {
	if v.kind != Array || i < 0 || i >= len(v.kids) {
		return Value{}
	}
	return v.kids[i].Value
}

// Members returns the members of an object in source order, or nil when v is
// not an object. The slice shares storage with v and must not be modified.
func (v Value) Members() []Member {
	if v.kind != Object {
		return nil
	}
	return v.kids[:len(v.kids):len(v.kids)]
}

// Get returns the member of an object with exactly the given key. Keys are
// compared byte for byte after unescaping; there is no case folding and no
// inherited member of any kind.
func (v Value) Get(key string) (Value, bool) {
	if v.kind != Object {
		return Value{}, false
	}
	for i := range v.kids {
		if v.kids[i].Key == key {
			return v.kids[i].Value, true
		}
	}
	return Value{}, false
}

// Float64 returns the number as the nearest float64. It reports false when
// v is not a number or its magnitude is too large for a float64.
func (v Value) Float64() (float64, bool) {
	if v.kind != Number {
		return 0, false
	}
	f, err := strconv.ParseFloat(v.text, 64)
	return f, err == nil
}

// Int64 returns the number as an int64 when its value is exactly an integer
// in range, whatever its spelling: 12, 1.2e1 and 120e-1 all give 12. It
// reports false for other numbers (1.5, 1e19) and other kinds.
func (v Value) Int64() (int64, bool) {
	if v.kind != Number {
		return 0, false
	}
	return exactInt(v.text)
}
