package schema

import (
	"strconv"

	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

// Limits on one evaluation. Both end it with a *ValidationError whose
// Keyword is "".
const (
	// maxEvalDepth bounds how deeply schemas may nest while evaluating one
	// payload: the payload's depth times the schema's.
	maxEvalDepth = 1000
	// The work budget, in schema applications, members visited and values
	// compared: baseBudget plus budgetPerByte for each payload byte. It
	// caps the cost of schemas that apply themselves many times to the
	// same data, such as nested "allOf" of two "$ref"s.
	baseBudget    = 1 << 14
	budgetPerByte = 32
	// maxPath bounds the length of ValidationError.Path.
	maxPath = 200
)

// segment is one step of the path into the payload: a key, or an index
// when index >= 0.
type segment struct {
	key   string
	index int
}

// checker holds the state of one Check call. The path is an array, not a
// slice, so that a checker on the stack stays there: evaluation allocates
// nothing until it reports a failure.
type checker struct {
	typ     string
	path    [MaxPayloadDepth]segment
	npath   int
	budget  int
	depth   int
	quiet   int  // > 0 inside anyOf, oneOf and not, where failures are expected
	stopped bool // a limit was hit: the payload is refused, whatever else says
	err     *ValidationError
}

// fail records the failure of keyword kw and returns false. It calls msg
// only when the error will be reported, so the common paths through
// anyOf and oneOf do not build messages they would throw away.
func (c *checker) fail(kw string, msg func() string) bool {
	if c.quiet == 0 && c.err == nil && !c.stopped {
		c.err = &ValidationError{Type: c.typ, Path: c.pathString(), Keyword: kw, Message: msg()}
	}
	return false
}

// stop ends the evaluation because a limit was hit.
func (c *checker) stop(msg string) bool {
	if !c.stopped {
		c.stopped = true
		c.err = &ValidationError{Type: c.typ, Path: c.pathString(), Message: msg}
	}
	return false
}

// spend takes n units from the work budget and reports whether any is left.
func (c *checker) spend(n int) bool {
	c.budget -= n
	if c.budget < 0 {
		return c.stop("evaluation exceeded its work limit")
	}
	return !c.stopped
}

// push and pushIndex step into a member or an item. The payload's depth
// is at most MaxPayloadDepth, so the path cannot overflow.
func (c *checker) push(key string) {
	c.path[c.npath] = segment{key: key, index: -1}
	c.npath++
}

func (c *checker) pushIndex(i int) {
	c.path[c.npath] = segment{index: i}
	c.npath++
}

func (c *checker) pop() { c.npath-- }

// pathString renders the path as a JSON pointer, with long keys cut.
func (c *checker) pathString() string {
	var b []byte
	for _, s := range c.path[:c.npath] {
		b = append(b, '/')
		if s.index >= 0 {
			b = strconv.AppendInt(b, int64(s.index), 10)
		} else {
			b = append(b, escapeToken(cut(s.key))...)
		}
		if len(b) > maxPath {
			break
		}
	}
	return cutN(string(b), maxPath)
}

// eval applies schema n to v and reports whether v satisfies it.
func (c *checker) eval(n *node, v jsonvalue.Value) bool {
	switch {
	case c.stopped:
		return false
	case n.always > 0:
		return true
	case n.always < 0:
		return c.fail("false", func() string { return "false: no value is allowed here" })
	}
	if !c.spend(1) {
		return false
	}
	if c.depth >= maxEvalDepth {
		return c.stop("schemas nest deeper than " + strconv.Itoa(maxEvalDepth) + " levels while evaluating")
	}
	c.depth++
	ok := c.evalNode(n, v)
	c.depth--
	return ok
}

func (c *checker) evalNode(n *node, v jsonvalue.Value) bool {
	if n.types != 0 && !typeOK(n.types, v) {
		return c.fail("type", func() string { return "type " + n.typeText + ": got " + kindName(v) })
	}
	if n.hasConst && !c.equal(v, n.constant) {
		return c.fail("const", func() string { return "const " + n.constText + ": value differs" })
	}
	if n.enum != nil && !c.inEnum(n.enum, v) {
		return c.fail("enum", func() string { return "enum " + n.enumText + ": value is none of these" })
	}
	switch v.Kind() {
	case jsonvalue.Object:
		if n.obj != nil && !c.object(n.obj, v) {
			return false
		}
	case jsonvalue.Array:
		if n.arr != nil && !c.array(n.arr, v) {
			return false
		}
	case jsonvalue.Number:
		if n.num != nil && !c.number(n.num, v) {
			return false
		}
	case jsonvalue.String:
		if n.str != nil && !c.string(n.str, v.Str()) {
			return false
		}
	}
	if n.ref != nil && !c.eval(n.ref, v) {
		return false
	}
	for _, k := range n.allOf {
		if !c.eval(k, v) {
			return false
		}
	}
	if n.anyOf != nil && !c.anyOf(n.anyOf, v) {
		return false
	}
	if n.oneOf != nil && !c.oneOf(n.oneOf, v) {
		return false
	}
	if n.not != nil {
		c.quiet++
		matched := c.eval(n.not, v)
		c.quiet--
		if c.stopped {
			return false
		}
		if matched {
			return c.fail("not", func() string { return "not: value matches the schema it must not match" })
		}
	}
	return !c.stopped
}

func (c *checker) anyOf(list []*node, v jsonvalue.Value) bool {
	c.quiet++
	matched := false
	for _, k := range list {
		if c.eval(k, v) {
			matched = true
			break
		}
	}
	c.quiet--
	if matched || c.stopped {
		return matched && !c.stopped
	}
	return c.fail("anyOf", func() string {
		return "anyOf: value matches none of the " + strconv.Itoa(len(list)) + " schemas"
	})
}

func (c *checker) oneOf(list []*node, v jsonvalue.Value) bool {
	c.quiet++
	first, second := -1, -1
	for i, k := range list {
		if c.eval(k, v) {
			if first < 0 {
				first = i
			} else {
				second = i
				break
			}
		}
	}
	c.quiet--
	switch {
	case c.stopped:
		return false
	case first < 0:
		return c.fail("oneOf", func() string {
			return "oneOf: value matches none of the " + strconv.Itoa(len(list)) + " schemas"
		})
	case second >= 0:
		return c.fail("oneOf", func() string {
			return "oneOf: value matches schemas " + strconv.Itoa(first) + " and " + strconv.Itoa(second) + ", want exactly one"
		})
	}
	return true
}

// typeOK reports whether v has one of the types in bits. A number is an
// integer when the float64 that JSON.parse would make of it is one.
func typeOK(bits uint8, v jsonvalue.Value) bool {
	switch v.Kind() {
	case jsonvalue.Null:
		return bits&typeNull != 0
	case jsonvalue.Bool:
		return bits&typeBoolean != 0
	case jsonvalue.Object:
		return bits&typeObject != 0
	case jsonvalue.Array:
		return bits&typeArray != 0
	case jsonvalue.String:
		return bits&typeString != 0
	case jsonvalue.Number:
		return bits&typeNumber != 0 || (bits&typeInteger != 0 && isInteger(floatOf(v)))
	}
	return false
}

// kindName names v's type for a message, saying "integer" for a number
// without a fraction.
func kindName(v jsonvalue.Value) string {
	if v.Kind() == jsonvalue.Number && isInteger(floatOf(v)) {
		return "integer"
	}
	return v.Kind().String()
}

func (c *checker) inEnum(list []jsonvalue.Value, v jsonvalue.Value) bool {
	for _, e := range list {
		if c.equal(v, e) {
			return true
		}
	}
	return false
}
