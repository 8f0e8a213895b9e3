package envelope

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

// Validate checks e against every rule of the protocol, as Decode would on
// the other side: run it (or Append, which runs it) before sending. It
// reports the first problem, in the member order of PROTOCOL.md after kind.
func (e Envelope) Validate(lim Limits) error {
	return e.check(lim, false)
}

// check applies the rules. Decode has already parsed the payload within the
// limits, so it passes parsed to skip parsing it again.
func (e *Envelope) check(lim Limits, parsed bool) error {
	if e.Kind == "" {
		return fieldErr("kind", ErrMissingField, "required")
	}
	r, ok := rulesFor(e.Kind)
	if !ok {
		return badKind(string(e.Kind))
	}
	switch {
	case e.Channel == "":
		return fieldErr("channel", ErrMissingField, "required")
	case !ValidName(e.Channel):
		return fieldErr("channel", ErrName, nameRule)
	case e.Session == "":
		return fieldErr("session", ErrMissingField, "required")
	case !ValidSession(e.Session):
		return fieldErr("session", ErrSession, sessionRule)
	}
	if err := e.presence("to", r.to, e.To != ""); err != nil {
		return err
	}
	if e.To != "" && !ValidSession(e.To) {
		return fieldErr("to", ErrSession, sessionRule)
	}
	switch {
	case e.Seq == 0:
		return fieldErr("seq", ErrMissingField, "required")
	case e.Seq > MaxSeq:
		return fieldErr("seq", ErrRange, rangeRule)
	}
	if err := e.presence("type", r.typ, e.Type != ""); err != nil {
		return err
	}
	if e.Type != "" && !ValidName(e.Type) {
		return fieldErr("type", ErrName, nameRule)
	}
	if err := e.presence("id", r.id, e.ID != 0); err != nil {
		return err
	}
	if e.ID > MaxSeq {
		return fieldErr("id", ErrRange, rangeRule)
	}
	if err := e.presence("payload", r.payload, e.Payload != nil); err != nil {
		return err
	}
	if err := checkPayload(e.Payload, lim, parsed); err != nil {
		return err
	}
	if err := e.presence("error", r.fault, e.Error != nil); err != nil {
		return err
	}
	if e.Error != nil {
		return checkFault(e.Error)
	}
	return nil
}

const rangeRule = "must be an integer from 1 to 9007199254740991 (2^53-1)"

func (e *Envelope) presence(field string, p presence, present bool) error {
	return checkPresence(e.Kind, field, p, present)
}

// checkPresence applies one cell of the per-kind matrix.
func checkPresence(k Kind, field string, p presence, present bool) error {
	switch {
	case p == required && !present:
		return fieldErr(field, ErrMissingField, "required on kind "+strconv.QuoteToASCII(string(k)))
	case p == forbidden && present:
		return fieldErr(field, ErrForbiddenField, "not allowed on kind "+strconv.QuoteToASCII(string(k)))
	}
	return nil
}

func badKind(k string) error {
	return fieldErr("kind", ErrKind, "unknown kind "+strconv.QuoteToASCII(cut(k)))
}

func checkPayload(p []byte, lim Limits, parsed bool) error {
	if p == nil {
		return nil
	}
	if max := lim.maxPayload(); len(p) > max {
		return fieldErr("payload", ErrTooLarge,
			"payload is "+strconv.Itoa(len(p))+" bytes, limit "+strconv.Itoa(max))
	}
	if parsed {
		return nil
	}
	// Append writes the payload verbatim: it must be exactly one JSON value,
	// or it could close the envelope and add members of its own.
	if err := jsonvalue.Valid(p, jsonvalue.Limits{MaxBytes: lim.maxPayload(), MaxDepth: lim.maxDepth()}); err != nil {
		return fieldErr("payload", err, strings.TrimPrefix(err.Error(), "jsonvalue: "))
	}
	return nil
}

func checkFault(f *Fault) error {
	switch {
	case f.Code == "":
		return fieldErr("error.code", ErrMissingField, "required")
	case !validCode(f.Code):
		return fieldErr("error.code", ErrName, codeRule)
	case len(f.Message) > MaxFaultMessage:
		return fieldErr("error.message", ErrTooLarge,
			"message is "+strconv.Itoa(len(f.Message))+" bytes, limit "+strconv.Itoa(MaxFaultMessage))
	case !utf8.ValidString(f.Message):
		return fieldErr("error.message", ErrUTF8, "message is not valid UTF-8")
	}
	return nil
}
