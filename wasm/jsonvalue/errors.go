package jsonvalue

import (
	"errors"
	"strconv"
	"unicode/utf8"
)

// Sentinel errors. Every error returned by [Parse], [Valid] and [AppendQuote]
// is a [*ParseError] that wraps exactly one of them, so callers can use
// errors.Is to learn the class of the problem.
var (
	// ErrSyntax reports input outside the JSON grammar.
	ErrSyntax = errors.New("jsonvalue: invalid JSON")
	// ErrUTF8 reports invalid UTF-8 in a string, or an unpaired surrogate escape.
	ErrUTF8 = errors.New("jsonvalue: invalid UTF-8")
	// ErrDuplicateKey reports an object with two equal keys (after unescaping).
	ErrDuplicateKey = errors.New("jsonvalue: duplicate object key")
	// ErrTooDeep reports arrays and objects nested deeper than the limit.
	ErrTooDeep = errors.New("jsonvalue: nesting too deep")
	// ErrTooLarge reports input longer than the limit.
	ErrTooLarge = errors.New("jsonvalue: input too large")
)

// ParseError describes why input was refused and where.
type ParseError struct {
	// Offset is the byte offset in the input where the problem was found.
	Offset int64
	// Err is one of the sentinel errors of this package.
	Err error
	// Msg is a short human-readable description. It never contains more
	// than a few dozen bytes of the input.
	Msg string
}

// Error returns the description with the offset.
func (e *ParseError) Error() string {
	msg := e.Msg
	if msg == "" && e.Err != nil {
		msg = e.Err.Error()
	}
	return "jsonvalue: " + msg + " at offset " + strconv.FormatInt(e.Offset, 10)
}

// Unwrap returns the sentinel error.
func (e *ParseError) Unwrap() error { return e.Err }

// maxQuoted bounds how much of the input an error message repeats.
const maxQuoted = 40

// quoteShort quotes s for an error message, cut to maxQuoted bytes at a rune
// boundary.
func quoteShort(s string) string {
	if len(s) <= maxQuoted {
		return strconv.QuoteToASCII(s)
	}
	n := maxQuoted
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return strconv.QuoteToASCII(s[:n]) + "..."
}

// describeByte names an unexpected byte for an error message.
func describeByte(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return "character " + strconv.QuoteRuneToASCII(rune(c))
	}
	const hex = "0123456789abcdef"
	return "byte 0x" + string([]byte{hex[c>>4], hex[c&15]})
}
