package schema

import (
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

// The keywords of one kind of value. Each applies only to values of its
// kind, as the specification says: "minimum" ignores strings.

func (c *checker) object(o *objectRules, v jsonvalue.Value) bool {
	members := v.Members()
	if int64(len(members)) < o.minProps {
		return c.fail("minProperties", func() string {
			return "minProperties " + itoa(o.minProps) + ": object has " + plural(len(members), "property", "properties")
		})
	}
	if o.maxProps >= 0 && int64(len(members)) > o.maxProps {
		return c.fail("maxProperties", func() string {
			return "maxProperties " + itoa(o.maxProps) + ": object has " + plural(len(members), "property", "properties")
		})
	}
	seen := 0 // required names present
	for i := range members {
		m := &members[i]
		if !c.spend(1) {
			return false
		}
		e, found := o.props[m.Key]
		if found && e.req >= 0 {
			seen++
		}
		c.push(m.Key)
		ok := o.names == nil || c.name(o.names, m.Key)
		switch {
		case !ok:
		case found && e.sub != nil:
			ok = c.eval(e.sub, m.Value)
		case o.additional == nil:
		case o.additional.always < 0:
			ok = c.fail("additionalProperties", func() string {
				return "additionalProperties false: property " + quoteShort(m.Key) + " is not allowed"
			})
		default:
			ok = c.eval(o.additional, m.Value)
		}
		c.pop()
		if !ok {
			return false
		}
	}
	if seen < len(o.required) {
		return c.fail("required", func() string {
			return "required: missing property " + quoteShort(missing(o, members))
		})
	}
	return true
}

// missing returns the first required name that members lack.
func missing(o *objectRules, members []jsonvalue.Member) string {
	present := make([]bool, len(o.required))
	for _, m := range members {
		if e, ok := o.props[m.Key]; ok && e.req >= 0 {
			present[e.req] = true
		}
	}
	for i, p := range present {
		if !p {
			return o.required[i]
		}
	}
	return ""
}

// name applies a "propertyNames" schema, which has only string keywords,
// to a key.
func (c *checker) name(n *node, key string) bool {
	switch {
	case n.always > 0:
		return true
	case n.always < 0:
		return c.fail("propertyNames", func() string { return "propertyNames false: no property is allowed" })
	case n.types != 0 && n.types&typeString == 0:
		return c.fail("propertyNames", func() string { return "propertyNames: type " + n.typeText + ": a name is a string" })
	case n.hasConst && (n.constant.Kind() != jsonvalue.String || n.constant.Str() != key):
		return c.fail("propertyNames", func() string { return "propertyNames: const " + n.constText + ": name differs" })
	case n.enum != nil && !nameInEnum(n.enum, key):
		return c.fail("propertyNames", func() string { return "propertyNames: enum " + n.enumText + ": name is none of these" })
	case n.str != nil:
		if kw, length := lengthFailure(n.str, key); kw != "" {
			return c.fail("propertyNames", func() string { return "propertyNames: " + lengthMessage(n.str, kw, length, "name") })
		}
	}
	return true
}

func nameInEnum(list []jsonvalue.Value, key string) bool {
	for _, e := range list {
		if e.Kind() == jsonvalue.String && e.Str() == key {
			return true
		}
	}
	return false
}

func (c *checker) array(a *arrayRules, v jsonvalue.Value) bool {
	n := v.Len()
	if int64(n) < a.minItems {
		return c.fail("minItems", func() string { return "minItems " + itoa(a.minItems) + ": array has " + plural(n, "item", "items") })
	}
	if a.maxItems >= 0 && int64(n) > a.maxItems {
		return c.fail("maxItems", func() string { return "maxItems " + itoa(a.maxItems) + ": array has " + plural(n, "item", "items") })
	}
	for i := 0; i < n; i++ {
		sub := a.items
		if i < len(a.prefix) {
			sub = a.prefix[i]
		} else if sub == nil {
			break
		}
		c.pushIndex(i)
		ok := c.eval(sub, v.Index(i))
		c.pop()
		if !ok {
			return false
		}
	}
	if a.unique {
		if i, j := c.duplicate(v); j >= 0 {
			return c.fail("uniqueItems", func() string {
				return "uniqueItems: items " + strconv.Itoa(i) + " and " + strconv.Itoa(j) + " are equal"
			})
		}
	}
	return !c.stopped
}

func (c *checker) number(r *numberRules, v jsonvalue.Value) bool {
	f := floatOf(v)
	for i := range r.bounds {
		b := &r.bounds[i]
		var ok bool
		switch b.op {
		case boundMin:
			ok = f >= b.limit
		case boundMax:
			ok = f <= b.limit
		case boundExclMin:
			ok = f > b.limit
		default:
			ok = f < b.limit
		}
		if !ok {
			kw := keywordNames[kwMinimum+b.op]
			return c.fail(kw, func() string { return kw + " " + b.text + ": got " + cut(v.Number()) })
		}
	}
	if r.multipleOf > 0 && !multipleOf(f, r.multipleOf) {
		return c.fail("multipleOf", func() string { return "multipleOf " + r.multipleText + ": got " + cut(v.Number()) })
	}
	return true
}

func (c *checker) string(r *stringRules, s string) bool {
	if kw, n := lengthFailure(r, s); kw != "" {
		return c.fail(kw, func() string { return lengthMessage(r, kw, n, "string") })
	}
	return true
}

// lengthFailure applies the length keywords and returns the one that
// fails, with the length, or "". Lengths count Unicode code points, not
// bytes and not the UTF-16 units of JavaScript's length.
func lengthFailure(r *stringRules, s string) (string, int64) {
	// A string has at least len(s)/4 and at most len(s) code points:
	// count only when that does not settle it.
	size := int64(len(s))
	if size/4 >= r.minLen && (r.maxLen < 0 || size <= r.maxLen) {
		return "", 0
	}
	n := int64(utf8.RuneCountInString(s))
	if n < r.minLen {
		return "minLength", n
	}
	if r.maxLen >= 0 && n > r.maxLen {
		return "maxLength", n
	}
	return "", 0
}

func lengthMessage(r *stringRules, kw string, n int64, what string) string {
	limit := r.minLen
	if kw == "maxLength" {
		limit = r.maxLen
	}
	return kw + " " + itoa(limit) + ": " + what + " has " + plural(int(n), "character", "characters")
}

// floatOf returns a number as the float64 JSON.parse would make of it:
// correctly rounded, ±Inf beyond the float64 range. The receiving
// JavaScript sees exactly this value, so the checks use it too.
func floatOf(v jsonvalue.Value) float64 {
	f, _ := strconv.ParseFloat(v.Number(), 64) // ±Inf on overflow
	return f
}

func isInteger(f float64) bool { return !math.IsInf(f, 0) && f == math.Trunc(f) }

// multipleOf reports whether f is a multiple of m > 0. For an integer m
// the test is exact. Otherwise the quotient f/m must be within
// |f/m|·2⁻⁵¹ of an integer: the rounding error of representing f and m as
// float64 and dividing, so 0.3 is a multiple of 0.1 but 0.35 is not.
// Infinities are multiples of nothing.
func multipleOf(f, m float64) bool {
	if math.IsInf(f, 0) {
		return false
	}
	if isInteger(m) {
		return math.Mod(f, m) == 0
	}
	q := f / m
	if math.IsInf(q, 0) {
		return false
	}
	return math.Abs(q-math.Round(q)) <= math.Abs(q)*0x1p-51
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }
