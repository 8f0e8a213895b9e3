package envelope

import (
	"strconv"

	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

// Append validates e (see [Envelope.Validate]) and appends its wire form to
// dst. Members come in a fixed order: postbridge, channel, session, to, seq,
// kind, type, id, payload, error; absent ones are left out. On error dst is
// returned unchanged.
func (e Envelope) Append(dst []byte, lim Limits) ([]byte, error) {
	return e.appendChecked(dst, lim, false)
}

// AppendValidated is Append for an envelope whose payload has already
// passed Validate (or Append) under the same limits: every other rule is
// checked again, the payload's JSON is not parsed a second time. Use it
// only for a payload that has not changed since it was validated.
func (e Envelope) AppendValidated(dst []byte, lim Limits) ([]byte, error) {
	return e.appendChecked(dst, lim, true)
}

func (e Envelope) appendChecked(dst []byte, lim Limits, payloadChecked bool) ([]byte, error) {
	if err := e.check(lim, payloadChecked); err != nil {
		return dst, err
	}
	n0 := len(dst)
	// Names, nonces and kinds are validated ASCII that needs no escaping.
	dst = append(dst, `{"postbridge":`...)
	dst = strconv.AppendInt(dst, Version, 10)
	dst = append(dst, `,"channel":"`...)
	dst = append(dst, e.Channel...)
	dst = append(dst, `","session":"`...)
	dst = append(dst, e.Session...)
	dst = append(dst, '"')
	if e.To != "" {
		dst = append(dst, `,"to":"`...)
		dst = append(dst, e.To...)
		dst = append(dst, '"')
	}
	dst = append(dst, `,"seq":`...)
	dst = strconv.AppendUint(dst, e.Seq, 10)
	dst = append(dst, `,"kind":"`...)
	dst = append(dst, e.Kind...)
	dst = append(dst, '"')
	if e.Type != "" {
		dst = append(dst, `,"type":"`...)
		dst = append(dst, e.Type...)
		dst = append(dst, '"')
	}
	if e.ID != 0 {
		dst = append(dst, `,"id":`...)
		dst = strconv.AppendUint(dst, e.ID, 10)
	}
	if e.Payload != nil {
		dst = append(dst, `,"payload":`...)
		dst = append(dst, e.Payload...)
	}
	if e.Error != nil {
		dst = append(dst, `,"error":{"code":"`...)
		dst = append(dst, e.Error.Code...)
		dst = append(dst, `","message":`...)
		var err error
		if dst, err = jsonvalue.AppendQuote(dst, e.Error.Message); err != nil {
			return dst[:n0], fieldErr("error.message", err, "")
		}
		dst = append(dst, '}')
	}
	dst = append(dst, '}')
	// Escaping can make a fault message up to six times longer; never send
	// what the peer's length check would refuse.
	if n, max := len(dst)-n0, lim.maxMessage(); n > max {
		return dst[:n0], &whyError{ErrTooLarge,
			"encoded message is " + strconv.Itoa(n) + " bytes, limit " + strconv.Itoa(max)}
	}
	return dst, nil
}

// Encode returns the wire form of e, after validating it.
func Encode(e Envelope, lim Limits) ([]byte, error) {
	return e.Append(nil, lim)
}
