package envelope

import (
	"strconv"

	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

// Scan checks one message exactly as [Decode] does, with the same rules in
// the same order and the same errors, and on success fills *v with slices of
// data instead of copies. On error *v is the zero View.
//
// It is the receive path for a buffer that is reused for every message: it
// makes one strict pass over the JSON text, then reads the envelope's
// members from where that pass found them. It does not allocate for a valid
// message, except for a few allocations when member names, or the channel,
// nonces, type or error code, are written with escapes (see [View]), or when
// the payload has objects of more than 32 members. Errors allocate.
func Scan(data []byte, lim Limits, v *View) error {
	*v = View{}
	if v.fast(data, lim) {
		return nil
	}
	*v = View{}
	if err := v.scan(data, lim); err != nil {
		*v = View{}
		return err
	}
	return nil
}

func (v *View) scan(data []byte, lim Limits) error {
	if max := lim.maxMessage(); len(data) > max {
		return &whyError{ErrTooLarge,
			"message is " + strconv.Itoa(len(data)) + " bytes, limit " + strconv.Itoa(max)}
	}
	// The envelope object is one level of nesting above the payload.
	var buf [len(knownMembers)]jsonvalue.RawMember
	kind, ms, err := members(data, jsonvalue.Limits{MaxBytes: lim.maxMessage(), MaxDepth: lim.maxDepth() + 1}, buf[:])
	if err != nil {
		return jsonError(err, lim)
	}
	if kind != jsonvalue.Object {
		return &whyError{ErrNotEnvelope, "message is a JSON " + kind.String() + ", not an object"}
	}
	if err := scanVersion(ms); err != nil {
		return err
	}
	for i := range ms {
		if err := v.set(&ms[i], lim); err != nil {
			return err
		}
	}
	return v.check(lim)
}

// members checks data strictly and returns its kind and, for an object, its
// members. They are stored in buf when they fit; an object with more
// members than buf holds has unknown ones, so an error will follow and
// allocating is fine.
func members(data []byte, lim jsonvalue.Limits, buf []jsonvalue.RawMember) (jsonvalue.Kind, []jsonvalue.RawMember, error) {
	kind, n, err := jsonvalue.ValidMembers(data, lim, buf)
	if err != nil || n <= len(buf) {
		return kind, buf[:n], err
	}
	buf = make([]jsonvalue.RawMember, n)
	_, _, err = jsonvalue.ValidMembers(data, lim, buf) // the same input again: no error
	return kind, buf, err
}

// unquote returns the text of a checked string literal: a slice of lit when
// it has no escapes, else lit decoded into scratch, which grows when small.
func unquote(lit, scratch []byte) []byte {
	if s, ok := plainText(lit); ok {
		return s
	}
	s, _ := jsonvalue.AppendUnquote(scratch, lit)
	return s
}

// keyScratch holds a decoded member name: longer ones are unknown names,
// and errors may allocate.
type keyScratch [16]byte

func scanVersion(ms []jsonvalue.RawMember) error {
	var scratch keyScratch
	var ver *jsonvalue.RawMember
	for i := range ms {
		if string(unquote(ms[i].Key, scratch[:0])) == "postbridge" {
			ver = &ms[i]
			break
		}
	}
	if ver == nil {
		for i := range ms {
			if key := unquote(ms[i].Key, scratch[:0]); foldEqual(string(key), "postbridge") {
				return unknown(string(key))
			}
		}
		return &whyError{ErrNotEnvelope, `object has no "postbridge" member`}
	}
	num := ver.Value
	if ver.Kind != jsonvalue.Number || !plainDigits(num) {
		return fieldErr("postbridge", ErrFieldType, "must be an integer written as plain digits")
	}
	if len(num) == 1 && int(num[0]-'0') == Version {
		return nil
	}
	got, err := strconv.Atoi(string(num))
	if err != nil || got != int(int32(got)) {
		return fieldErr("postbridge", ErrRange, "version out of range")
	}
	if got != Version {
		return &VersionError{Got: got}
	}
	return nil
}

// set stores one member, checking its JSON type and its own rule.
func (v *View) set(m *jsonvalue.RawMember, lim Limits) error {
	var scratch keyScratch
	key := unquote(m.Key, scratch[:0])
	var err error
	switch string(key) {
	case "postbridge": // checked by scanVersion
	case "channel":
		v.Channel, err = textMember("channel", m, validName[[]byte], ErrName, nameRule)
	case "session":
		v.Session, err = textMember("session", m, validSession[[]byte], ErrSession, sessionRule)
	case "to":
		v.To, err = textMember("to", m, validSession[[]byte], ErrSession, sessionRule)
	case "seq":
		v.Seq, err = countMember("seq", m)
	case "kind":
		if m.Kind != jsonvalue.String {
			return fieldErr("kind", ErrFieldType, "must be a string")
		}
		var kb keyScratch
		s := unquote(m.Value, kb[:0])
		k, ok := kindOf(s)
		if !ok {
			return badKind(string(s))
		}
		v.Kind = k
	case "type":
		v.Type, err = textMember("type", m, validName[[]byte], ErrName, nameRule)
	case "id":
		v.ID, err = countMember("id", m)
	case "payload":
		v.Payload = m.Value
	case "error":
		v.Error, err = faultMember(m, lim)
		v.HasError = err == nil
	default:
		return unknown(string(key))
	}
	return err
}

func textMember(field string, m *jsonvalue.RawMember, valid func([]byte) bool, rule error, why string) ([]byte, error) {
	if m.Kind != jsonvalue.String {
		return nil, fieldErr(field, ErrFieldType, "must be a string")
	}
	s := unquote(m.Value, nil)
	if !valid(s) {
		return nil, fieldErr(field, rule, why)
	}
	return s, nil
}

// plainDigits reports whether a JSON number has neither fraction nor
// exponent.
func plainDigits(num []byte) bool {
	for _, c := range num {
		if c == '.' || c == 'e' || c == 'E' {
			return false
		}
	}
	return true
}

// countMember reads "seq" or "id": plain digits, 1..MaxSeq.
func countMember(field string, m *jsonvalue.RawMember) (uint64, error) {
	num := m.Value
	switch {
	case m.Kind != jsonvalue.Number:
		return 0, fieldErr(field, ErrFieldType, "must be a number")
	case num[0] == '-':
		return 0, fieldErr(field, ErrRange, rangeRule)
	case !plainDigits(num):
		return 0, fieldErr(field, ErrFieldType, "must be written as plain digits, without fraction or exponent")
	case len(num) > len("9007199254740991"):
		return 0, fieldErr(field, ErrRange, rangeRule)
	}
	var n uint64 // at most 16 digits, as the JSON grammar checked: no overflow
	for _, c := range num {
		n = n*10 + uint64(c-'0')
	}
	if n == 0 || n > MaxSeq {
		return 0, fieldErr(field, ErrRange, rangeRule)
	}
	return n, nil
}

func faultMember(m *jsonvalue.RawMember, lim Limits) (FaultView, error) {
	if m.Kind != jsonvalue.Object {
		return FaultView{}, fieldErr("error", ErrFieldType, "must be an object")
	}
	// Checked with the message; this pass only finds the members again.
	var buf [2]jsonvalue.RawMember
	_, ms, _ := members(m.Value, jsonvalue.Limits{MaxBytes: len(m.Value), MaxDepth: lim.maxDepth() + 1}, buf[:])
	var f FaultView
	var hasCode, hasMessage bool
	for i := range ms {
		var scratch keyScratch
		key := unquote(ms[i].Key, scratch[:0])
		if ms[i].Kind != jsonvalue.String && (string(key) == "code" || string(key) == "message") {
			return FaultView{}, fieldErr("error."+string(key), ErrFieldType, "must be a string")
		}
		switch string(key) {
		case "code":
			f.Code, hasCode = unquote(ms[i].Value, nil), true
		case "message":
			f.Quoted, hasMessage = ms[i].Value, true
		default:
			return FaultView{}, fieldErr("error."+cut(string(key)), ErrUnknownField, "")
		}
	}
	switch {
	case !hasCode:
		return FaultView{}, fieldErr("error.code", ErrMissingField, "required")
	case !hasMessage:
		return FaultView{}, fieldErr("error.message", ErrMissingField, "required")
	case len(f.Code) == 0:
		return FaultView{}, fieldErr("error.code", ErrMissingField, "required")
	case !validCode(f.Code):
		return FaultView{}, fieldErr("error.code", ErrName, codeRule)
	}
	// checkFault's UTF-8 rule holds already: the JSON pass refused invalid
	// UTF-8 and unpaired surrogate escapes.
	if n := messageLen(f.Quoted); n > MaxFaultMessage {
		return FaultView{}, fieldErr("error.message", ErrTooLarge,
			"message is "+strconv.Itoa(n)+" bytes, limit "+strconv.Itoa(MaxFaultMessage))
	}
	return f, nil
}

// messageLen returns the length of a checked message literal once decoded.
func messageLen(quoted []byte) int {
	if s, ok := plainText(quoted); ok {
		return len(s)
	}
	var buf [MaxFaultMessage]byte // a longer message is refused: it may allocate
	s, _ := jsonvalue.AppendUnquote(buf[:0], quoted)
	return len(s)
}

// check applies the rules of Envelope.check that set has not: the per-kind
// matrix and the payload limit. Every value set stored obeys its own rule.
func (v *View) check(lim Limits) error {
	if v.Kind == "" {
		return fieldErr("kind", ErrMissingField, "required")
	}
	r, _ := rulesFor(v.Kind)
	switch {
	case len(v.Channel) == 0:
		return fieldErr("channel", ErrMissingField, "required")
	case len(v.Session) == 0:
		return fieldErr("session", ErrMissingField, "required")
	}
	if err := checkPresence(v.Kind, "to", r.to, len(v.To) > 0); err != nil {
		return err
	}
	if v.Seq == 0 {
		return fieldErr("seq", ErrMissingField, "required")
	}
	if err := checkPresence(v.Kind, "type", r.typ, len(v.Type) > 0); err != nil {
		return err
	}
	if err := checkPresence(v.Kind, "id", r.id, v.ID != 0); err != nil {
		return err
	}
	if err := checkPresence(v.Kind, "payload", r.payload, v.Payload != nil); err != nil {
		return err
	}
	if err := checkPayload(v.Payload, lim, true); err != nil {
		return err
	}
	return checkPresence(v.Kind, "error", r.fault, v.HasError)
}
