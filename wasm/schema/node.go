package schema

import "github.com/postbridge/postbridge/wasm/jsonvalue"

// Type bits of the "type" keyword. A number that is an integer matches
// both typeNumber and typeInteger.
const (
	typeNull uint8 = 1 << iota
	typeBoolean
	typeObject
	typeArray
	typeNumber
	typeInteger
	typeString
)

// typeBit returns the bit of a name "type" accepts, or 0.
func typeBit(name string) uint8 {
	switch name {
	case "null":
		return typeNull
	case "boolean":
		return typeBoolean
	case "object":
		return typeObject
	case "array":
		return typeArray
	case "number":
		return typeNumber
	case "integer":
		return typeInteger
	case "string":
		return typeString
	}
	return 0
}

// node is one compiled schema. Keywords that apply to one kind of value
// live in a rules struct that exists only when the schema uses them, so a
// value of another kind skips them, as the specification wants.
type node struct {
	always   int8   // +1: the true schema; -1: the false schema; 0: an object schema
	types    uint8  // allowed type bits; 0 when there is no "type"
	typeText string // the "type" value as written, for messages

	hasConst  bool
	constant  jsonvalue.Value
	constText string
	enum      []jsonvalue.Value
	enumText  string

	obj *objectRules
	arr *arrayRules
	num *numberRules
	str *stringRules

	allOf, anyOf, oneOf []*node
	not                 *node
	ref                 *node // the "$ref" target, set once the type is compiled
}

// propEntry is what an object schema knows about one property name.
type propEntry struct {
	sub *node // the "properties" schema, or nil when only required
	req int   // index in required, or -1
}

type objectRules struct {
	props      map[string]propEntry
	required   []string
	additional *node // "additionalProperties"; nil means any
	names      *node // "propertyNames"; nil means any
	minProps   int64
	maxProps   int64 // -1: no limit
}

type arrayRules struct {
	prefix   []*node
	items    *node // nil means any
	minItems int64
	maxItems int64 // -1: no limit
	unique   bool
}

// Numeric bound kinds, in the order of their keyword ids.
const (
	boundMin uint8 = iota
	boundMax
	boundExclMin
	boundExclMax
)

type bound struct {
	op    uint8
	limit float64
	text  string // the limit as written
}

type numberRules struct {
	bounds       []bound
	multipleOf   float64 // 0: none
	multipleText string
}

type stringRules struct {
	minLen int64
	maxLen int64 // -1: no limit
}

func (n *node) objectRules() *objectRules {
	if n.obj == nil {
		n.obj = &objectRules{maxProps: -1}
	}
	return n.obj
}

func (n *node) arrayRules() *arrayRules {
	if n.arr == nil {
		n.arr = &arrayRules{maxItems: -1}
	}
	return n.arr
}

func (n *node) numberRules() *numberRules {
	if n.num == nil {
		n.num = &numberRules{}
	}
	return n.num
}

func (n *node) stringRules() *stringRules {
	if n.str == nil {
		n.str = &stringRules{maxLen: -1}
	}
	return n.str
}
