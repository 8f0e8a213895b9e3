package relay

import "errors"

// Code is the machine-readable kind of a relay error. It travels as the
// "code" member of an error frame, so it means the same thing to a Go caller
// (errors.Is) and to a browser peer (frame.code).
type Code string

// The codes a client can receive in an error frame.
const (
	CodeBadFrame  Code = "BAD_FRAME"  // not UTF-8, not a JSON object, unknown or duplicate member, wrong type, binary frame
	CodeTooLarge  Code = "TOO_LARGE"  // frame above MaxFrame bytes, batch above MaxBatch items
	CodeUnknownOp Code = "UNKNOWN_OP" // "op" is a string but not one the relay knows
	CodeBadRoom   Code = "BAD_ROOM"   // room missing or not matching the room rule
	CodeForbidden Code = "FORBIDDEN"  // the client's role or binding does not allow the operation
)

// Error is a refused frame or publication. Its Code is stable; its Message is
// for people and may change.
type Error struct {
	Code    Code
	Message string
}

// Error implements error.
func (e *Error) Error() string {
	if e.Message == "" {
		return "relay: " + string(e.Code)
	}
	return "relay: " + string(e.Code) + ": " + e.Message
}

// Is reports whether target is the sentinel for e's code, so that
// errors.Is(err, relay.ErrBadRoom) works whatever the message.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Message == "" && t.Code == e.Code
}

// Sentinels for errors.Is; each matches every *Error with the same Code.
var (
	ErrBadFrame  = &Error{Code: CodeBadFrame}
	ErrTooLarge  = &Error{Code: CodeTooLarge}
	ErrUnknownOp = &Error{Code: CodeUnknownOp}
	ErrBadRoom   = &Error{Code: CodeBadRoom}
	ErrForbidden = &Error{Code: CodeForbidden}
)

// ErrClosed is returned by Publish once Shutdown has started.
var ErrClosed = errors.New("relay: hub is shut down")

func newError(code Code, msg string) *Error { return &Error{Code: code, Message: msg} }
