package schema

import (
	"errors"
	"strconv"
	"strings"

	"github.com/postbridge/postbridge/wasm/envelope"
	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

// Limits on a schema set.
const (
	// MaxSetBytes is the largest schema set Compile accepts, in bytes of
	// JSON text.
	MaxSetBytes = 256 << 10
	// MaxSetDepth bounds the nesting of arrays and objects in the set's
	// JSON text; the set object itself is at depth 1.
	MaxSetDepth = 64
	// maxErrors bounds how many problems Compile reports at once.
	maxErrors = 20
)

// Compile compiles a schema set: a JSON object that maps each message type
// to its schema, as in {"greet": {"type": "string"}, "ping": true}. Type
// names follow the envelope rule ([envelope.ValidName]).
//
// Compile checks everything it can before any message flows: the set's
// size and depth, every keyword's name and value, and every "$ref". It
// reports all the problems it finds, each a [*CompileError], joined with
// errors.Join; all of them wrap [ErrCompile].
func Compile(set []byte) (*Set, error) {
	if len(set) > MaxSetBytes {
		return nil, &CompileError{Message: "set is " + strconv.Itoa(len(set)) + " bytes, limit " + strconv.Itoa(MaxSetBytes)}
	}
	// Schema values such as "const" keep pointing into the parsed text:
	// parse a copy, so that the caller may reuse its buffer.
	set = append([]byte(nil), set...)
	root, err := jsonvalue.Parse(set, jsonvalue.Limits{MaxBytes: MaxSetBytes, MaxDepth: MaxSetDepth})
	if err != nil {
		return nil, &CompileError{Message: "set is not valid JSON: " + err.Error(), Err: err}
	}
	if root.Kind() != jsonvalue.Object {
		return nil, &CompileError{Message: "set must be a JSON object mapping message types to schemas, not " + root.Kind().String()}
	}
	s := &Set{types: make(map[string]*node, root.Len()), names: make([]string, 0, root.Len())}
	var errs []error
	for _, m := range root.Members() {
		if !envelope.ValidName(m.Key) {
			errs = append(errs, &CompileError{Message: "type name " + quoteShort(m.Key) + " must match [A-Za-z][A-Za-z0-9._:-]{0,63}"})
			continue
		}
		c := compiler{typ: m.Key, errs: errs}
		s.types[m.Key] = c.compileType(m.Value)
		s.names = append(s.names, m.Key)
		errs = c.errs
		if len(errs) >= maxErrors {
			errs = append(errs[:maxErrors], &CompileError{Message: "too many problems; stopped"})
			break
		}
	}
	switch len(errs) {
	case 0:
		return s, nil
	case 1:
		return nil, errs[0]
	}
	return nil, errors.Join(errs...)
}

// compiler compiles the schema of one message type.
type compiler struct {
	typ   string
	defs  map[string]*node // the root's "$defs"
	refs  []pendingRef
	nodes []*node          // every object schema, in order, for the cycle check
	paths map[*node]string // and their paths
	errs  []error
}

// pendingRef is a "$ref" to resolve once all of "$defs" is compiled.
type pendingRef struct {
	from *node
	name string
	path string
}

func (c *compiler) fail(path, keyword, msg string) {
	c.errs = append(c.errs, &CompileError{Type: c.typ, Path: path, Keyword: keyword, Message: msg})
}

func (c *compiler) unsupported(path, keyword, msg string) {
	c.errs = append(c.errs, &CompileError{Type: c.typ, Path: path, Keyword: keyword, Message: msg, Err: ErrKeyword})
}

func (c *compiler) compileType(v jsonvalue.Value) *node {
	if v.Kind() == jsonvalue.Object {
		if defs, ok := v.Get("$defs"); ok {
			c.compileDefs(defs)
		}
	}
	root := c.schema(v, "", schemaRoot)
	for _, r := range c.refs {
		target, ok := c.defs[r.name]
		if !ok {
			c.fail(r.path, "$ref", "$ref: no $defs entry named "+quoteShort(r.name))
			continue
		}
		r.from.ref = target
	}
	c.checkCycles()
	return root
}

func (c *compiler) compileDefs(defs jsonvalue.Value) {
	if defs.Kind() != jsonvalue.Object {
		c.fail("/$defs", "$defs", "$defs must be an object of schemas")
		return
	}
	c.defs = make(map[string]*node, defs.Len())
	for _, m := range defs.Members() {
		c.defs[m.Key] = c.schema(m.Value, "/$defs/"+escapeToken(m.Key), schemaPlain)
	}
}

// Where a schema sits, which decides the keywords it may use.
const (
	schemaPlain uint8 = iota
	schemaRoot        // the type's own schema: "$id" and "$defs" allowed
	schemaName        // under "propertyNames": string keywords only
)

// schema compiles one schema. On error it records the problem and goes on,
// to report the others; Compile then refuses the set.
func (c *compiler) schema(v jsonvalue.Value, path string, where uint8) *node {
	switch v.Kind() {
	case jsonvalue.Bool:
		if v.Bool() {
			return &node{always: 1}
		}
		return &node{always: -1}
	case jsonvalue.Object:
	default:
		c.fail(path, "", "a schema must be an object or a boolean, not "+v.Kind().String())
		return &node{always: -1}
	}
	n := &node{}
	if c.paths == nil {
		c.paths = make(map[*node]string)
	}
	c.nodes = append(c.nodes, n)
	c.paths[n] = path
	for _, m := range v.Members() {
		c.keyword(n, m.Key, m.Value, path+"/"+escapeToken(m.Key), where)
	}
	return n
}

// schemas compiles a non-empty array of schemas.
func (c *compiler) schemas(v jsonvalue.Value, path, keyword string) []*node {
	if v.Kind() != jsonvalue.Array || v.Len() == 0 {
		c.fail(path, keyword, keyword+" must be a non-empty array of schemas")
		return nil
	}
	out := make([]*node, v.Len())
	for i := range out {
		out[i] = c.schema(v.Index(i), path+"/"+strconv.Itoa(i), schemaPlain)
	}
	return out
}

// checkCycles refuses schemas that reach themselves through "$ref",
// "allOf", "anyOf", "oneOf" or "not" without descending into the payload:
// evaluating them would never end.
func (c *compiler) checkCycles() {
	const (
		unseen = iota
		open
		done
	)
	state := make(map[*node]uint8, len(c.nodes))
	// visit returns a node of a cycle reachable from n, or nil.
	var visit func(n *node) *node
	visit = func(n *node) *node {
		switch state[n] {
		case open:
			return n
		case done:
			return nil
		}
		state[n] = open
		for _, group := range [][]*node{n.allOf, n.anyOf, n.oneOf, {n.not, n.ref}} {
			for _, k := range group {
				if k == nil {
					continue
				}
				if found := visit(k); found != nil {
					return found
				}
			}
		}
		state[n] = done
		return nil
	}
	for _, n := range c.nodes {
		if found := visit(n); found != nil {
			c.fail(c.paths[found], "$ref", "$ref: this schema refers back to itself through $ref, allOf, anyOf, oneOf or not without descending into the payload, so evaluating it would never end")
			return
		}
	}
}

// parseRef reads a "$ref" of the only supported form, "#/$defs/name", and
// returns the name with "~1" and "~0" unescaped.
func parseRef(ref string) (string, bool) {
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	if !ok || name == "" {
		return "", false
	}
	b := make([]byte, 0, len(name))
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c == '/' || c == '%':
			return "", false
		case c != '~':
			b = append(b, c)
		case i+1 < len(name) && name[i+1] == '0':
			b = append(b, '~')
			i++
		case i+1 < len(name) && name[i+1] == '1':
			b = append(b, '/')
			i++
		default:
			return "", false
		}
	}
	return string(b), true
}

// escapeToken escapes a JSON pointer token: "~" as "~0", "/" as "~1".
func escapeToken(s string) string {
	i := 0
	for i < len(s) && s[i] != '~' && s[i] != '/' {
		i++
	}
	if i == len(s) {
		return s
	}
	b := append(make([]byte, 0, len(s)+8), s[:i]...)
	for ; i < len(s); i++ {
		switch s[i] {
		case '~':
			b = append(b, '~', '0')
		case '/':
			b = append(b, '~', '1')
		default:
			b = append(b, s[i])
		}
	}
	return string(b)
}
