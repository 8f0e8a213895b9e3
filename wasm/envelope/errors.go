package envelope

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

// Sentinel errors, for errors.Is. Problems with one member come wrapped in a
// [*FieldError] naming it; a version mismatch comes as a [*VersionError].
var (
	// ErrNotEnvelope reports JSON that is not a Postbridge envelope at all:
	// not an object, or an object without a "postbridge" member. A receiver
	// sharing a window with other libraries ignores such messages quietly.
	ErrNotEnvelope = errors.New("envelope: not a postbridge envelope")
	// ErrVersion reports an envelope of another protocol version.
	ErrVersion = errors.New("envelope: unsupported protocol version")
	// ErrKind reports an unknown "kind".
	ErrKind = errors.New("envelope: unknown kind")
	// ErrUnknownField reports a member this version does not define.
	ErrUnknownField = errors.New("envelope: unknown member")
	// ErrMissingField reports a required member that is absent.
	ErrMissingField = errors.New("envelope: missing member")
	// ErrForbiddenField reports a member not allowed on the envelope's kind.
	ErrForbiddenField = errors.New("envelope: member not allowed for this kind")
	// ErrFieldType reports a member of the wrong JSON type or form.
	ErrFieldType = errors.New("envelope: member has the wrong type")
	// ErrName reports a channel, type or fault code that breaks its rule.
	ErrName = errors.New("envelope: invalid name")
	// ErrSession reports a session nonce that breaks its rule.
	ErrSession = errors.New("envelope: invalid session nonce")
	// ErrRange reports a number out of its range.
	ErrRange = errors.New("envelope: number out of range")
)

// JSON-level errors are jsonvalue's own, so errors.Is matches either name.
var (
	ErrTooLarge     = jsonvalue.ErrTooLarge     // message, payload or fault message too large
	ErrTooDeep      = jsonvalue.ErrTooDeep      // payload nested too deep
	ErrDuplicateKey = jsonvalue.ErrDuplicateKey // a member named twice
	ErrUTF8         = jsonvalue.ErrUTF8         // invalid UTF-8 or unpaired surrogate escape
	ErrSyntax       = jsonvalue.ErrSyntax       // not JSON
)

// FieldError reports a problem with one member.
type FieldError struct {
	// Field is the member's name, such as "type" or "error.code"; for an
	// unknown member it is that member's name, cut to 64 bytes.
	Field string
	// Err is one of the sentinel errors, or a jsonvalue error for a payload.
	Err error
	why string
}

// Error returns a message such as
// `envelope: member "type": name must match [A-Za-z][A-Za-z0-9._:-]{0,63}`.
func (e *FieldError) Error() string {
	why := e.why
	if why == "" && e.Err != nil {
		why = strings.TrimPrefix(e.Err.Error(), "envelope: ")
	}
	return "envelope: member " + strconv.QuoteToASCII(e.Field) + ": " + why
}

// Unwrap returns Err.
func (e *FieldError) Unwrap() error { return e.Err }

// VersionError reports an envelope of another protocol version, with the
// version it carried so that a peer can say which one it saw.
type VersionError struct {
	Got int
}

// Error names the version seen and the one supported.
func (e *VersionError) Error() string {
	return "envelope: protocol version " + strconv.Itoa(e.Got) + " is not supported (want " + strconv.Itoa(Version) + ")"
}

// Unwrap returns ErrVersion.
func (e *VersionError) Unwrap() error { return ErrVersion }

// whyError adds a description to a sentinel for errors about the whole message.
type whyError struct {
	err error
	why string
}

func (e *whyError) Error() string { return "envelope: " + e.why }
func (e *whyError) Unwrap() error { return e.err }

// fieldErr is called from some forty places; kept out of line, it is
// written once in the module instead of at each.
//
//go:noinline
func fieldErr(field string, err error, why string) *FieldError {
	return &FieldError{Field: field, Err: err, why: why}
}

// maxEcho bounds how much of an input an error repeats.
const maxEcho = 64

// cut shortens s to maxEcho bytes at a rune boundary.
func cut(s string) string {
	if len(s) <= maxEcho {
		return s
	}
	n := maxEcho
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "..."
}
