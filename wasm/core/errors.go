package core

import "strconv"

// Code is the machine-readable kind of an Error. The same codes reach
// JavaScript as err.code, so Go and JS callers branch on the same words.
type Code string

// The codes. Every refusal, failure and rejection carries one of these.
const (
	CodeBadConfig     Code = "BAD_CONFIG"     // the configuration was refused before anything was sent
	CodeOriginRefused Code = "ORIGIN_REFUSED" // a message came from an origin other than the configured one
	CodeSourceRefused Code = "SOURCE_REFUSED" // right origin, but not from the configured window
	CodeEnvelope      Code = "ENVELOPE"       // not a valid version-1 envelope
	CodeVersion       Code = "VERSION"        // the peer speaks a protocol version we do not
	CodeChannel       Code = "CHANNEL"        // a valid envelope for a channel nobody opened
	CodeReplay        Code = "REPLAY"         // stale session, replayed or out-of-order sequence number
	CodeState         Code = "STATE"          // a message that is not valid in the channel's state
	CodeUnknownType   Code = "UNKNOWN_TYPE"   // a type with no schema, or a request with no handler
	CodeSchema        Code = "SCHEMA"         // a payload that its type's schema refuses
	CodeTooLarge      Code = "TOO_LARGE"      // a payload over the size or depth limit
	CodeLimit         Code = "LIMIT"          // too many pending requests or queued messages
	CodeTimeout       Code = "TIMEOUT"        // no answer in time: handshake, request or handler
	CodeHandlerError  Code = "HANDLER_ERROR"  // the peer's handler failed; Message is its message
	CodeClosed        Code = "CLOSED"         // the channel or its session ended
	CodeUntrusted     Code = "UNTRUSTED"      // a message event that script dispatched (isTrusted false), not the browser
)

// Error is the one error type of the bridge. Compare with errors.Is
// against the sentinel of a code (ErrTimeout, ErrClosed, …): two Errors
// match when their codes match.
type Error struct {
	Code    Code
	Message string
}

// Error returns "postbridge: CODE: message".
func (e *Error) Error() string {
	if e.Message == "" {
		return "postbridge: " + string(e.Code)
	}
	return "postbridge: " + string(e.Code) + ": " + e.Message
}

// Is reports whether target is an *Error with the same code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Sentinels, one per code, for errors.Is.
var (
	ErrBadConfig     = &Error{Code: CodeBadConfig}
	ErrOriginRefused = &Error{Code: CodeOriginRefused}
	ErrSourceRefused = &Error{Code: CodeSourceRefused}
	ErrEnvelope      = &Error{Code: CodeEnvelope}
	ErrVersion       = &Error{Code: CodeVersion}
	ErrChannel       = &Error{Code: CodeChannel}
	ErrReplay        = &Error{Code: CodeReplay}
	ErrState         = &Error{Code: CodeState}
	ErrUnknownType   = &Error{Code: CodeUnknownType}
	ErrSchema        = &Error{Code: CodeSchema}
	ErrTooLarge      = &Error{Code: CodeTooLarge}
	ErrLimit         = &Error{Code: CodeLimit}
	ErrTimeout       = &Error{Code: CodeTimeout}
	ErrHandler       = &Error{Code: CodeHandlerError}
	ErrClosed        = &Error{Code: CodeClosed}
	ErrUntrusted     = &Error{Code: CodeUntrusted}
)

func newError(c Code, msg string) *Error { return &Error{Code: c, Message: msg} }

// allCodes lists the codes in a fixed order, for counting by code.
var allCodes = [...]Code{
	CodeBadConfig, CodeOriginRefused, CodeSourceRefused, CodeEnvelope, CodeVersion,
	CodeChannel, CodeReplay, CodeState, CodeUnknownType, CodeSchema, CodeTooLarge,
	CodeLimit, CodeTimeout, CodeHandlerError, CodeClosed, CodeUntrusted,
}

// Codes returns every code, in a fixed order.
func Codes() []Code { return append([]Code(nil), allCodes[:]...) }

// codeIndex is the position of c in allCodes; an unknown code counts as
// HANDLER_ERROR.
func codeIndex(c Code) int {
	for i, x := range allCodes {
		if x == c {
			return i
		}
	}
	return 13
}

// wireCode reports whether s may travel as an error code from a peer: a
// known code keeps its meaning, anything else becomes HANDLER_ERROR.
func wireCode(s string) Code {
	switch c := Code(s); c {
	case CodeTimeout, CodeHandlerError, CodeUnknownType, CodeSchema, CodeTooLarge, CodeLimit, CodeClosed:
		return c
	}
	return CodeHandlerError
}

func itoa(n int) string { return strconv.Itoa(n) }
