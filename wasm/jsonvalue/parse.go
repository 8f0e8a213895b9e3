package jsonvalue

import "strconv"

// Default limits, used where a [Limits] field is zero or negative.
const (
	DefaultMaxBytes = 64 << 10
	DefaultMaxDepth = 32
)

// Limits bounds the work done on one input. A zero or negative field means
// its default.
type Limits struct {
	// MaxBytes is the largest accepted input length in bytes; longer input
	// is refused with [ErrTooLarge] before it is read.
	MaxBytes int
	// MaxDepth is the deepest accepted nesting of arrays and objects: the
	// top-level array or object is at depth 1, so a scalar has depth 0.
	// Deeper input is refused with [ErrTooDeep].
	MaxDepth int
}

func (l Limits) maxBytes() int {
	if l.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return l.MaxBytes
}

func (l Limits) maxDepth() int {
	if l.MaxDepth <= 0 {
		return DefaultMaxDepth
	}
	return l.MaxDepth
}

// Parse parses one JSON text and returns its value tree. It refuses anything
// outside RFC 8259 and anything that two parsers could read differently; the
// error is a [*ParseError] wrapping one of the sentinel errors.
//
// The tree's Raw slices alias data, which must not be modified while they are
// in use; decoded strings and numbers do not alias it.
func Parse(data []byte, lim Limits) (Value, error) {
	return run(data, lim, true, nil)
}

// Valid applies the same checks as [Parse] without building a tree. It does
// not allocate, except for one buffer when keys are written with escapes and
// for input that holds more than 32 keys of open objects at once.
func Valid(data []byte, lim Limits) error {
	_, err := run(data, lim, false, nil)
	return err
}

// run checks data; with build it returns the value tree, and with rec it
// records the top-level object's members (see [ValidMembers]).
func run(data []byte, lim Limits, build bool, rec *recorder) (Value, error) {
	maxBytes := lim.maxBytes()
	if len(data) > maxBytes {
		return Value{}, &ParseError{Offset: int64(maxBytes), Err: ErrTooLarge,
			Msg: "input is " + strconv.Itoa(len(data)) + " bytes, limit " + strconv.Itoa(maxBytes)}
	}
	p := parser{lexer: lexer{data: data}, maxDepth: lim.maxDepth(), build: build}
	if build {
		// One copy of the whole input: decoded keys, strings without
		// escapes and numbers are then substrings of it, not allocations.
		p.src = string(data)
	}
	var v Value
	var err error
	if p.skipSpace(); rec != nil && p.peek() == '{' {
		v, err = p.object(rec)
	} else {
		v, err = p.value()
	}
	if err != nil {
		return Value{}, err
	}
	p.skipSpace()
	if p.pos < len(data) {
		return Value{}, p.fail(ErrSyntax, "unexpected "+describeByte(data[p.pos])+" after top-level value")
	}
	return v, nil
}

// parser holds the state of one Parse or Valid call. It holds no pointer to
// memory of its own or of its caller's frame: escape analysis would then
// move that memory to the heap, since Parse stores what the parser reads in
// heap memory.
type parser struct {
	lexer
	src      string // string(data) when building a tree
	depth    int
	maxDepth int
	build    bool
	stack    []Member // members of the open arrays and objects
	keys     keyStack // keys of the open objects, for duplicate checks
	buf      []byte   // scratch space for unescaping strings
	decoded  []byte   // decoded text of the open objects' escaped keys
	table    []uint64 // hash set of manyDuplicates
}

// lexer is the part of the parser that reads literals, for AppendUnquote.
type lexer struct {
	data []byte
	pos  int
}

//go:noinline
func (p *lexer) fail(err error, msg string) *ParseError {
	return &ParseError{Offset: int64(p.pos), Err: err, Msg: msg}
}

func (p *lexer) peek() byte {
	if p.pos < len(p.data) {
		return p.data[p.pos]
	}
	return 0
}

func (p *lexer) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) value() (Value, error) {
	p.skipSpace()
	if p.pos >= len(p.data) {
		return Value{}, p.fail(ErrSyntax, "unexpected end of input")
	}
	switch c := p.data[p.pos]; c {
	case '{':
		return p.object(nil)
	case '[':
		return p.array()
	case '"':
		start := p.pos
		esc, err := p.scanString()
		if err != nil {
			return Value{}, err
		}
		v := Value{kind: String, raw: p.data[start:p.pos]}
		if p.build {
			v.text = p.decode(start+1, p.pos-1, esc)
		}
		return v, nil
	case 't':
		return p.literal("true", Bool)
	case 'f':
		return p.literal("false", Bool)
	case 'n':
		return p.literal("null", Null)
	default:
		if c == '-' || isDigit(c) {
			return p.number()
		}
		if p.pos == 0 && len(p.data) >= 3 && c == 0xEF && p.data[1] == 0xBB && p.data[2] == 0xBF {
			return Value{}, p.fail(ErrSyntax, "byte order mark is not allowed")
		}
		return Value{}, p.fail(ErrSyntax, "unexpected "+describeByte(c))
	}
}

func (p *parser) literal(lit string, kind Kind) (Value, error) {
	end := p.pos + len(lit)
	if end > len(p.data) || string(p.data[p.pos:end]) != lit {
		return Value{}, p.fail(ErrSyntax, "invalid literal, want "+lit)
	}
	v := Value{kind: kind, raw: p.data[p.pos:end], text: lit}
	p.pos = end
	return v, nil
}

func (p *parser) digits() {
	for p.pos < len(p.data) && isDigit(p.data[p.pos]) {
		p.pos++
	}
}

func (p *parser) number() (Value, error) {
	start := p.pos
	if p.peek() == '-' {
		p.pos++
	}
	switch c := p.peek(); {
	case c == '0':
		p.pos++
		if isDigit(p.peek()) {
			return Value{}, p.fail(ErrSyntax, "leading zero in number")
		}
	case isDigit(c):
		p.digits()
	default:
		return Value{}, p.fail(ErrSyntax, "invalid number")
	}
	if p.peek() == '.' {
		p.pos++
		if !isDigit(p.peek()) {
			return Value{}, p.fail(ErrSyntax, "missing digits after decimal point")
		}
		p.digits()
	}
	if c := p.peek(); c == 'e' || c == 'E' {
		p.pos++
		if c := p.peek(); c == '+' || c == '-' {
			p.pos++
		}
		if !isDigit(p.peek()) {
			return Value{}, p.fail(ErrSyntax, "missing digits in exponent")
		}
		p.digits()
	}
	v := Value{kind: Number, raw: p.data[start:p.pos]}
	if p.build {
		v.text = p.src[start:p.pos]
	}
	return v, nil
}

// enter counts one more level of nesting.
func (p *parser) enter() error {
	p.depth++
	if p.depth > p.maxDepth {
		return p.fail(ErrTooDeep, "nesting deeper than "+strconv.Itoa(p.maxDepth))
	}
	return nil
}

// finish closes an array or object whose elements start at stack[base].
func (p *parser) finish(kind Kind, start, base int) Value {
	p.depth--
	v := Value{kind: kind, raw: p.data[start:p.pos]}
	if p.build && len(p.stack) > base {
		v.kids = make([]Member, len(p.stack)-base)
		copy(v.kids, p.stack[base:])
		clear(p.stack[base:]) // drop references held by the scratch stack
	}
	p.stack = p.stack[:base]
	return v
}

func (p *parser) array() (Value, error) {
	start, base := p.pos, len(p.stack)
	if p.build && p.stack == nil {
		p.stack = make([]Member, 0, 16)
	}
	if err := p.enter(); err != nil {
		return Value{}, err
	}
	p.pos++
	p.skipSpace()
	if p.peek() == ']' {
		p.pos++
		return p.finish(Array, start, base), nil
	}
	for {
		v, err := p.value()
		if err != nil {
			return Value{}, err
		}
		if p.build {
			p.stack = append(p.stack, Member{Value: v})
		}
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return p.finish(Array, start, base), nil
		default:
			return Value{}, p.fail(ErrSyntax, "want ',' or ']' in array")
		}
	}
}
