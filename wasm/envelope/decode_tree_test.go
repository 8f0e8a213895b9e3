package envelope

import (
	"strconv"
	"strings"

	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

// decodeTree is Decode as it was before Scan: it builds a jsonvalue tree
// and reads the envelope from it. It is kept, unchanged but for names, as
// the reference FuzzScanMatchesDecode compares Scan with.
func decodeTree(data []byte, lim Limits) (Envelope, error) {
	if max := lim.maxMessage(); len(data) > max {
		return Envelope{}, &whyError{ErrTooLarge,
			"message is " + strconv.Itoa(len(data)) + " bytes, limit " + strconv.Itoa(max)}
	}
	// The envelope object is one level of nesting above the payload.
	root, err := jsonvalue.Parse(data, jsonvalue.Limits{MaxBytes: lim.maxMessage(), MaxDepth: lim.maxDepth() + 1})
	if err != nil {
		return Envelope{}, jsonError(err, lim)
	}
	if root.Kind() != jsonvalue.Object {
		return Envelope{}, &whyError{ErrNotEnvelope, "message is a JSON " + root.Kind().String() + ", not an object"}
	}
	if err := treeVersion(root); err != nil {
		return Envelope{}, err
	}
	var e Envelope
	for _, m := range root.Members() {
		if err := e.treeSet(m.Key, m.Value); err != nil {
			return Envelope{}, err
		}
	}
	if err := e.check(lim, true); err != nil {
		return Envelope{}, err
	}
	e.treeDetach()
	return e, nil
}

func treeVersion(root jsonvalue.Value) error {
	v, ok := root.Get("postbridge")
	if !ok {
		for _, m := range root.Members() {
			if strings.EqualFold(m.Key, "postbridge") {
				return unknown(m.Key)
			}
		}
		return &whyError{ErrNotEnvelope, `object has no "postbridge" member`}
	}
	num := v.Number()
	if num == "" || strings.ContainsAny(num, ".eE") {
		return fieldErr("postbridge", ErrFieldType, "must be an integer written as plain digits")
	}
	got, err := strconv.Atoi(num)
	if err != nil || got != int(int32(got)) {
		return fieldErr("postbridge", ErrRange, "version out of range")
	}
	if got != Version {
		return &VersionError{Got: got}
	}
	return nil
}

// treeSet stores one member, checking its JSON type and its own rule.
func (e *Envelope) treeSet(key string, v jsonvalue.Value) error {
	var err error
	switch key {
	case "postbridge": // checked by checkVersion
	case "channel":
		e.Channel, err = treeText(key, v, ValidName, ErrName, nameRule)
	case "session":
		e.Session, err = treeText(key, v, ValidSession, ErrSession, sessionRule)
	case "to":
		e.To, err = treeText(key, v, ValidSession, ErrSession, sessionRule)
	case "seq":
		e.Seq, err = treeCount(key, v)
	case "kind":
		if v.Kind() != jsonvalue.String {
			return fieldErr(key, ErrFieldType, "must be a string")
		}
		k, ok := kindOf(v.Str())
		if !ok {
			return badKind(v.Str())
		}
		e.Kind = k
	case "type":
		e.Type, err = treeText(key, v, ValidName, ErrName, nameRule)
	case "id":
		e.ID, err = treeCount(key, v)
	case "payload":
		e.Payload = append([]byte(nil), v.Raw()...)
	case "error":
		e.Error, err = treeFault(v)
	default:
		return unknown(key)
	}
	return err
}

func treeText(field string, v jsonvalue.Value, valid func(string) bool, rule error, why string) (string, error) {
	if v.Kind() != jsonvalue.String {
		return "", fieldErr(field, ErrFieldType, "must be a string")
	}
	if !valid(v.Str()) {
		return "", fieldErr(field, rule, why)
	}
	return v.Str(), nil
}

// count reads "seq" or "id": plain digits, 1..MaxSeq.
func treeCount(field string, v jsonvalue.Value) (uint64, error) {
	num := v.Number()
	switch {
	case num == "":
		return 0, fieldErr(field, ErrFieldType, "must be a number")
	case num[0] == '-':
		return 0, fieldErr(field, ErrRange, rangeRule)
	case strings.ContainsAny(num, ".eE"):
		return 0, fieldErr(field, ErrFieldType, "must be written as plain digits, without fraction or exponent")
	case len(num) > len("9007199254740991"):
		return 0, fieldErr(field, ErrRange, rangeRule)
	}
	n, err := strconv.ParseUint(num, 10, 64)
	if err != nil || n == 0 || n > MaxSeq {
		return 0, fieldErr(field, ErrRange, rangeRule)
	}
	return n, nil
}

func treeFault(v jsonvalue.Value) (*Fault, error) {
	if v.Kind() != jsonvalue.Object {
		return nil, fieldErr("error", ErrFieldType, "must be an object")
	}
	var f Fault
	var hasCode, hasMessage bool
	for _, m := range v.Members() {
		if m.Value.Kind() != jsonvalue.String && (m.Key == "code" || m.Key == "message") {
			return nil, fieldErr("error."+m.Key, ErrFieldType, "must be a string")
		}
		switch m.Key {
		case "code":
			f.Code, hasCode = m.Value.Str(), true
		case "message":
			f.Message, hasMessage = m.Value.Str(), true
		default:
			return nil, fieldErr("error."+cut(m.Key), ErrUnknownField, "")
		}
	}
	switch {
	case !hasCode:
		return nil, fieldErr("error.code", ErrMissingField, "required")
	case !hasMessage:
		return nil, fieldErr("error.message", ErrMissingField, "required")
	}
	if err := checkFault(&f); err != nil {
		return nil, err
	}
	return &f, nil
}

// treeDetach copies the decoded strings into one allocation of their own, so
// that keeping a small envelope does not keep the parser's copy of a large
// message alive.
func (e *Envelope) treeDetach() {
	var f Fault
	if e.Error != nil {
		f = *e.Error
	}
	var b strings.Builder
	b.Grow(len(e.Channel) + len(e.Session) + len(e.To) + len(e.Type) + len(f.Code) + len(f.Message))
	b.WriteString(e.Channel)
	b.WriteString(e.Session)
	b.WriteString(e.To)
	b.WriteString(e.Type)
	b.WriteString(f.Code)
	b.WriteString(f.Message)
	all := b.String()
	next := func(n int) string {
		s := all[:n]
		all = all[n:]
		return s
	}
	e.Channel = next(len(e.Channel))
	e.Session = next(len(e.Session))
	e.To = next(len(e.To))
	e.Type = next(len(e.Type))
	if e.Error != nil {
		e.Error.Code = next(len(f.Code))
		e.Error.Message = next(len(f.Message))
	}
}
