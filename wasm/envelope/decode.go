package envelope

import (
	"strconv"
	"strings"

	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

// knownMembers lists the member names of version 1, for hints about
// case-variant names.
var knownMembers = [...]string{"postbridge", "channel", "session", "to", "seq", "kind", "type", "id", "payload", "error"}

// Decode reads one envelope from the UTF-8 text of a message, checking every
// rule of PROTOCOL.md. The checks run in this order, and the first failure
// is returned:
//
//  1. length: over Limits.MaxPayload+Overhead bytes is ErrTooLarge, before
//     any parsing;
//  2. strict JSON (see package jsonvalue): ErrSyntax, ErrUTF8,
//     ErrDuplicateKey, ErrTooDeep;
//  3. shape: not an object, or no "postbridge" member, is ErrNotEnvelope;
//  4. version: "postbridge" other than 1 is a *VersionError, checked before
//     any other member so that a newer peer learns why it was refused;
//  5. each member in source order: unknown names (exact, case-sensitive
//     match), JSON types, name, session and number rules;
//  6. the per-kind matrix of required and forbidden members, and limits.
//
// "seq" and "id" must be written as plain digits: 1.0, 1e0 and -1 are
// refused even where their value would be in range.
//
// Decode is [Scan] followed by [View.Envelope]: the result shares nothing
// with data.
func Decode(data []byte, lim Limits) (Envelope, error) {
	var v View
	if err := Scan(data, lim, &v); err != nil {
		return Envelope{}, err
	}
	return v.Envelope(), nil
}

// jsonError words a jsonvalue error for this package, keeping it in the
// chain for errors.Is and errors.As.
func jsonError(err error, lim Limits) error {
	why := strings.TrimPrefix(err.Error(), "jsonvalue: ")
	if pe, ok := err.(*jsonvalue.ParseError); ok && pe.Err == ErrTooDeep {
		why = "nesting deeper than the payload limit of " + strconv.Itoa(lim.maxDepth()) +
			" levels at offset " + strconv.FormatInt(pe.Offset, 10)
	}
	return &whyError{err, why}
}

func unknown(key string) error {
	for _, k := range knownMembers {
		if k != key && foldEqual(k, key) {
			return fieldErr(key, ErrUnknownField, "unknown member; names are case-sensitive, the protocol's is "+strconv.QuoteToASCII(k))
		}
	}
	return fieldErr(cut(key), ErrUnknownField, "")
}
