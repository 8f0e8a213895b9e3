package schema

import (
	"errors"
	"strconv"
	"unicode/utf8"
)

// Sentinel errors, for errors.Is.
var (
	// ErrCompile reports a schema set that [Compile] refuses. Every error
	// Compile returns wraps it.
	ErrCompile = errors.New("schema: invalid schema")
	// ErrKeyword reports a keyword outside the supported subset, such as
	// "pattern" or a misspelt "minLenght". It comes with ErrCompile.
	ErrKeyword = errors.New("schema: unsupported keyword")
	// ErrUnknownType reports a message type that has no schema in the set.
	ErrUnknownType = errors.New("schema: no schema for this message type")
	// ErrInvalid reports a payload that does not satisfy its schema. It is
	// always carried by a [*ValidationError].
	ErrInvalid = errors.New("schema: payload does not match its schema")
	// ErrJSON reports a payload that is not strict JSON. The error also
	// wraps the [*jsonvalue.ParseError] that says why.
	ErrJSON = errors.New("schema: payload is not valid JSON")
)

// CompileError reports one problem found by [Compile]. Compile joins all
// the problems it finds (up to a few dozen) with errors.Join.
type CompileError struct {
	// Type is the message type whose schema has the problem, or "" for a
	// problem with the set as a whole.
	Type string
	// Path is the JSON pointer of the problem inside the type's schema,
	// such as "/properties/name/minLength"; "" is the schema itself.
	Path string
	// Keyword is the keyword at fault, or "".
	Keyword string
	// Message says what is wrong.
	Message string
	// Err is ErrKeyword for an unsupported keyword, the parser's error
	// when the set is not JSON, and nil otherwise.
	Err error
}

// Error returns a message such as
// `schema greet: /properties/name/pattern: keyword "pattern" is not supported: ...`.
func (e *CompileError) Error() string {
	s := "schema"
	if e.Type != "" {
		s += " " + e.Type
	}
	if e.Path != "" {
		s += ": " + e.Path
	}
	return s + ": " + e.Message
}

// Unwrap returns ErrCompile and Err.
func (e *CompileError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrCompile}
	}
	return []error{ErrCompile, e.Err}
}

// ValidationError reports why a payload does not satisfy its schema. It
// describes the first failure found; values from the payload appear in it
// only cut short.
type ValidationError struct {
	// Type is the message type.
	Type string
	// Path is the JSON pointer of the failing value inside the payload,
	// such as "/items/3/name"; "" is the payload itself. Keys longer than
	// 40 bytes are cut and marked with "...", so a path is for people.
	Path string
	// Keyword is the schema keyword that failed, such as "minLength", or
	// "false" for the false schema, or "" when evaluation hit a limit.
	Keyword string
	// Message describes the failure, starting with the keyword and its
	// value: `minLength 1: string has 0 characters`.
	Message string
}

// Error returns a message such as
// `schema greet: /name: minLength 1: string has 0 characters`.
func (e *ValidationError) Error() string {
	s := "schema " + e.Type + ": "
	if e.Path != "" {
		s += e.Path + ": "
	}
	return s + e.Message
}

// Unwrap returns ErrInvalid.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// jsonError reports a payload that is not JSON.
type jsonError struct {
	typ string
	err error
}

func (e *jsonError) Error() string {
	return "schema " + e.typ + ": payload is not valid JSON: " + e.err.Error()
}

func (e *jsonError) Unwrap() []error { return []error{ErrJSON, e.err} }

// typeError reports a type without a schema.
type typeError struct{ typ string }

func (e *typeError) Error() string { return "schema: no schema for type " + quoteShort(e.typ) }

func (e *typeError) Unwrap() error { return ErrUnknownType }

// maxShown bounds how many bytes of a payload value or key a message or a
// path repeats.
const maxShown = 40

// cut returns s cut to maxShown bytes at a rune boundary, marked with "...".
func cut(s string) string { return cutN(s, maxShown) }

// cutN returns s cut to n bytes at a rune boundary, marked with "...".
func cutN(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}

// quoteShort quotes s for a message, cut to maxShown bytes.
func quoteShort(s string) string {
	c := cut(s)
	if len(c) == len(s) {
		return strconv.QuoteToASCII(s)
	}
	return strconv.QuoteToASCII(c[:len(c)-3]) + "..."
}

// plural returns "1 property", "2 properties" and the like.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
