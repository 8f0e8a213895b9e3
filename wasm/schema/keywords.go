package schema

import (
	"math"
	"strconv"

	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

// maxText bounds how much of a schema value a validation message repeats.
const maxText = 80

// keyword compiles one keyword of an object schema into n.
func (c *compiler) keyword(n *node, kw string, v jsonvalue.Value, path string, where uint8) {
	id := keywordID(kw)
	switch {
	case id == kwUnknown:
		c.unsupported(path, kw, refusal(kw))
		return
	case where == schemaName && !nameKeyword(id):
		c.unsupported(path, kw, "keyword "+quoteShort(kw)+" is not supported inside propertyNames, which allows only type, enum, const, minLength and maxLength")
		return
	case (id == kwID || id == kwDefs) && where != schemaRoot:
		c.unsupported(path, kw, kw+" is allowed only at the top of a type's schema, where $ref can see it")
		return
	case keywordKinds[id] != jsonvalue.Invalid && v.Kind() != keywordKinds[id]:
		c.fail(path, kw, kw+" must be "+kindPhrase(keywordKinds[id]))
		return
	}
	switch {
	case id == kwRef:
		c.ref(n, v, path)
	case id == kwType:
		c.typeKeyword(n, v, path)
	case id == kwConst:
		n.hasConst, n.constant, n.constText = true, v, cutText(string(v.Raw()))
	case id == kwEnum:
		if c.want(v.Len() > 0, path, kw, "a non-empty array") {
			n.enum = make([]jsonvalue.Value, v.Len())
			for i := range n.enum {
				n.enum[i] = v.Index(i)
			}
			n.enumText = cutText(string(v.Raw()))
		}
	case id == kwProperties:
		c.properties(n, v, path)
	case id == kwRequired:
		c.required(n, v, path)
	case id == kwUniqueItems:
		n.arrayRules().unique = v.Bool()
	case id == kwItems && v.Kind() == jsonvalue.Array:
		c.fail(path, kw, "items must be a schema; for a tuple use prefixItems (draft 2020-12)")
	case id == kwAdditionalProperties || id == kwPropertyNames || id == kwItems || id == kwNot:
		c.subschema(n, id, v, path)
	case id == kwPrefixItems || id == kwAllOf || id == kwAnyOf || id == kwOneOf:
		list := c.schemas(v, path, kw)
		switch id {
		case kwPrefixItems:
			n.arrayRules().prefix = list
		case kwAllOf:
			n.allOf = list
		case kwAnyOf:
			n.anyOf = list
		default:
			n.oneOf = list
		}
	case id >= kwMinimum && id <= kwMultipleOf:
		c.numberKeyword(n, id, v, path)
	case id >= kwMinProperties:
		c.countKeyword(n, id, v, path)
	}
	// The annotations, "default" and "$defs" (compiled by compileType) need
	// nothing more.
}

func (c *compiler) subschema(n *node, id uint8, v jsonvalue.Value, path string) {
	where := schemaPlain
	if id == kwPropertyNames {
		where = schemaName
	}
	sub := c.schema(v, path, where)
	switch id {
	case kwAdditionalProperties:
		n.objectRules().additional = sub
	case kwPropertyNames:
		n.objectRules().names = sub
	case kwItems:
		n.arrayRules().items = sub
	default:
		n.not = sub
	}
}

func (c *compiler) numberKeyword(n *node, id uint8, v jsonvalue.Value, path string) {
	kw := keywordNames[id]
	if v.Kind() != jsonvalue.Number {
		c.fail(path, kw, kw+" must be a number")
		return
	}
	f, err := strconv.ParseFloat(v.Number(), 64)
	if err != nil || math.IsInf(f, 0) {
		c.fail(path, kw, kw+" is out of the range of a float64")
		return
	}
	r := n.numberRules()
	if id != kwMultipleOf {
		r.bounds = append(r.bounds, bound{op: id - kwMinimum, limit: f, text: cut(v.Number())})
	} else if c.want(f > 0, path, kw, "a number greater than 0") {
		r.multipleOf, r.multipleText = f, cut(v.Number())
	}
}

// countKeyword reads a non-negative integer, such as minLength.
func (c *compiler) countKeyword(n *node, id uint8, v jsonvalue.Value, path string) {
	i, ok := v.Int64()
	if !c.want(ok && i >= 0, path, keywordNames[id], "a non-negative integer") {
		return
	}
	switch id {
	case kwMinProperties:
		n.objectRules().minProps = i
	case kwMaxProperties:
		n.objectRules().maxProps = i
	case kwMinItems:
		n.arrayRules().minItems = i
	case kwMaxItems:
		n.arrayRules().maxItems = i
	case kwMinLength:
		n.stringRules().minLen = i
	default:
		n.stringRules().maxLen = i
	}
}

// want records an error unless ok, and returns ok.
func (c *compiler) want(ok bool, path, kw, what string) bool {
	if !ok {
		c.fail(path, kw, kw+" must be "+what)
	}
	return ok
}

func (c *compiler) typeKeyword(n *node, v jsonvalue.Value, path string) {
	const names = " is not one of null, boolean, object, array, number, integer, string"
	n.typeText = cutText(string(v.Raw()))
	if v.Kind() == jsonvalue.String {
		if n.types = typeBit(v.Str()); n.types == 0 {
			c.fail(path, "type", "type "+n.typeText+names)
		}
		return
	}
	if !c.want(v.Kind() == jsonvalue.Array && v.Len() > 0, path, "type", "a type name or a non-empty array of type names") {
		return
	}
	for i := 0; i < v.Len(); i++ {
		e := v.Index(i)
		bit := typeBit(e.Str())
		if bit == 0 || n.types&bit != 0 {
			c.fail(path+"/"+strconv.Itoa(i), "type", "type "+cutText(string(e.Raw()))+names+", or is not unique")
		}
		n.types |= bit
	}
}

func (c *compiler) properties(n *node, v jsonvalue.Value, path string) {
	o := n.objectRules()
	if o.props == nil {
		o.props = make(map[string]propEntry, v.Len())
	}
	for _, m := range v.Members() {
		e, ok := o.props[m.Key]
		if !ok {
			e.req = -1
		}
		e.sub = c.schema(m.Value, path+"/"+escapeToken(m.Key), schemaPlain)
		o.props[m.Key] = e
	}
}

func (c *compiler) required(n *node, v jsonvalue.Value, path string) {
	o := n.objectRules()
	if o.props == nil {
		o.props = make(map[string]propEntry, v.Len())
	}
	for i := 0; i < v.Len(); i++ {
		e := v.Index(i)
		at := path + "/" + strconv.Itoa(i)
		if e.Kind() != jsonvalue.String {
			c.fail(at, "required", "required must be an array of unique strings")
			continue
		}
		name := e.Str()
		p, ok := o.props[name]
		if !ok {
			p.req = -1
		}
		if p.req >= 0 {
			c.fail(at, "required", "required names "+quoteShort(name)+" twice")
			continue
		}
		p.req = len(o.required)
		o.required = append(o.required, name)
		o.props[name] = p
	}
}

func (c *compiler) ref(n *node, v jsonvalue.Value, path string) {
	name, ok := parseRef(v.Str())
	if !ok {
		c.unsupported(path, "$ref", "$ref must have the form \"#/$defs/name\": only references to the type's own $defs are supported")
		return
	}
	c.refs = append(c.refs, pendingRef{from: n, name: name, path: path})
}

// cutText cuts schema text for a message to maxText bytes.
func cutText(s string) string { return cutN(s, maxText) }
