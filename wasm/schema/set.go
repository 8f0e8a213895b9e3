package schema

import "github.com/postbridge/postbridge/wasm/jsonvalue"

// MaxPayloadDepth bounds the nesting of arrays and objects in a payload
// that [Set.Check] reads. The channel's own limits are usually tighter.
const MaxPayloadDepth = 128

// Set holds the compiled schemas of a channel's message types. It is
// immutable, and safe for concurrent use. The nil *Set has no types.
type Set struct {
	types map[string]*node
	names []string // in the order of the set's text
}

// Has reports whether typ has a schema. Only the set's own names count:
// "__proto__", "constructor" or "toString" are ordinary names here.
func (s *Set) Has(typ string) bool {
	if s == nil {
		return false
	}
	_, ok := s.types[typ]
	return ok
}

// Types returns the set's message types, in the order the set lists them
// (JSON.stringify keeps the order in which an object's keys were added).
func (s *Set) Types() []string {
	if s == nil {
		return nil
	}
	return append([]string(nil), s.names...)
}

// Check reports whether payload, the raw JSON text of a message of type
// typ ("null" for no payload), satisfies the type's schema. It returns nil,
// or an error wrapping one of:
//   - [ErrUnknownType]: typ has no schema;
//   - [ErrJSON]: payload is not strict JSON (see package jsonvalue);
//   - [ErrInvalid]: a [*ValidationError] naming the first failure found.
//
// Check does not bound the payload's size; the channel does that.
func (s *Set) Check(typ string, payload []byte) error {
	var root *node
	if s != nil {
		root = s.types[typ]
	}
	if root == nil {
		return &typeError{typ: typ}
	}
	lim := jsonvalue.Limits{MaxBytes: max(len(payload), 1), MaxDepth: MaxPayloadDepth}
	if root.always > 0 {
		if err := jsonvalue.Valid(payload, lim); err != nil {
			return &jsonError{typ: typ, err: err}
		}
		return nil
	}
	v, err := jsonvalue.Parse(payload, lim)
	if err != nil {
		return &jsonError{typ: typ, err: err}
	}
	c := checker{typ: typ, budget: baseBudget + budgetPerByte*len(payload)}
	if c.eval(root, v) && !c.stopped {
		return nil
	}
	if c.err == nil { // cannot happen: every failure records an error
		c.err = &ValidationError{Type: typ, Message: "payload refused"}
	}
	return c.err
}
