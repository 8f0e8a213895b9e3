package relay

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"unicode/utf8"
)

// Client operations.
const (
	opSub   = "sub"
	opUnsub = "unsub"
	opPub   = "pub"
	opPing  = "ping"
)

// frame is a decoded, validated client frame.
type frame struct {
	Op    string
	Room  string   // valid room, or AllRooms for sub/unsub; "" for ping
	ID    string   // optional request id echoed in the reply; "" when absent or invalid
	Items [][]byte // pub only: compact JSON objects, one per data item
	Src   string   // pub only: the publisher's source id for duplicate detection, or ""
	N     uint64   // pub only, with Src: the number of the first item
}

// maxItemNumber bounds "n": item numbers stay exact in a JS number.
const maxItemNumber = 1<<53 - 1

// members holds the raw value of each member a client frame may carry.
// Keys are matched exactly: encoding/json alone would accept "OP" or "Op" for
// "op" and let a duplicate key silently override the first, so a frame could
// mean one thing to a JS peer (first key or exact case) and another to us.
type members struct {
	op, room, id, data, batch, src, n json.RawMessage
}

func (m *members) slot(key string) *json.RawMessage {
	switch key {
	case "op":
		return &m.op
	case "room":
		return &m.room
	case "id":
		return &m.id
	case "data":
		return &m.data
	case "batch":
		return &m.batch
	case "src":
		return &m.src
	case "n":
		return &m.n
	}
	return nil
}

func badFrame(msg string) *Error { return newError(CodeBadFrame, msg) }

// decodeFrame parses one client text frame. The caller has already checked
// the size against MaxFrame. Every failure is an *Error; the returned frame
// carries the request id whenever one could be read, so the error reply can
// echo it.
func decodeFrame(b []byte, maxBatch int) (frame, error) {
	var f frame
	if !utf8.Valid(b) {
		return f, badFrame("frame is not valid UTF-8")
	}
	m, err := splitObject(b)
	if err != nil {
		return f, err
	}
	if m.id != nil {
		id, ok := jsonString(m.id)
		if !ok || !ValidRoom(id) {
			return f, badFrame(`"id" must be a string following the room rule`)
		}
		f.ID = id
	}
	if m.op == nil {
		return f, badFrame(`"op" is required`)
	}
	op, ok := jsonString(m.op)
	if !ok {
		return f, badFrame(`"op" must be a string`)
	}
	f.Op = op
	switch op {
	case opPing:
		return f, only(op, m.room, m.data, m.batch, m.src, m.n)
	case opSub, opUnsub:
		if err := only(op, nil, m.data, m.batch, m.src, m.n); err != nil {
			return f, err
		}
		f.Room, err = roomMember(m.room, true)
		return f, err
	case opPub:
		if f.Room, err = roomMember(m.room, false); err != nil {
			return f, err
		}
		if f.Items, err = items(m.data, m.batch, maxBatch); err != nil {
			return f, err
		}
		f.Src, f.N, err = numbering(m.src, m.n)
		return f, err
	}
	return f, newError(CodeUnknownOp, "unknown op "+quoteShort(op))
}

// splitObject reads one JSON object and files each member's raw value,
// refusing unknown and duplicate keys and anything after the object.
func splitObject(b []byte) (members, error) {
	var m members
	dec := json.NewDecoder(bytes.NewReader(b))
	tok, err := dec.Token()
	if err != nil {
		return m, badFrame("frame is not JSON")
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return m, badFrame("frame must be a JSON object")
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return m, badFrame("frame is not JSON")
		}
		key, _ := tok.(string) // inside an object the decoder only yields string keys
		slot := m.slot(key)
		if slot == nil {
			return m, badFrame("unknown member " + quoteShort(key))
		}
		if *slot != nil {
			return m, badFrame("duplicate member " + quoteShort(key))
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return m, badFrame("frame is not JSON")
		}
		*slot = raw
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return m, badFrame("frame is not JSON")
	}
	if _, err := dec.Token(); err != io.EOF {
		return m, badFrame("trailing data after the frame object")
	}
	return m, nil
}

// only returns an error naming the first member present that op does not
// take; the arguments are room, data, batch, src and n, nil when absent or
// allowed.
func only(op string, present ...json.RawMessage) error {
	for i, name := range [...]string{"room", "data", "batch", "src", "n"} {
		if i < len(present) && present[i] != nil {
			return badFrame(`"` + name + `" is not allowed with op "` + op + `"`)
		}
	}
	return nil
}

// numbering reads the optional "src" and "n" of a pub frame: both or
// neither; src follows the room rule, n is an integer from 1 to 2^53-1.
func numbering(rawSrc, rawN json.RawMessage) (string, uint64, error) {
	switch {
	case rawSrc == nil && rawN == nil:
		return "", 0, nil
	case rawSrc == nil || rawN == nil:
		return "", 0, badFrame(`"src" and "n" go together`)
	}
	src, ok := jsonString(rawSrc)
	if !ok || !ValidRoom(src) {
		return "", 0, badFrame(`"src" must be a string following the room rule`)
	}
	n, err := strconv.ParseUint(string(bytes.TrimSpace(rawN)), 10, 64)
	if err != nil || n == 0 || n > maxItemNumber {
		return "", 0, badFrame(`"n" must be an integer from 1 to 2^53-1`)
	}
	return src, n, nil
}

func roomMember(raw json.RawMessage, allowAll bool) (string, error) {
	if raw == nil {
		return "", newError(CodeBadRoom, `"room" is required`)
	}
	room, ok := jsonString(raw)
	switch {
	case !ok:
		return "", newError(CodeBadRoom, `"room" must be a string`)
	case room == AllRooms && allowAll:
		return room, nil
	case room == AllRooms:
		return "", newError(CodeBadRoom, `"*" is for subscribing only`)
	case !ValidRoom(room):
		return "", newError(CodeBadRoom, "room "+quoteShort(room)+" does not match [A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
	}
	return room, nil
}

// items returns the compacted objects of a pub frame: exactly one of data
// (one object) and batch (1..maxBatch objects).
func items(data, batch json.RawMessage, maxBatch int) ([][]byte, error) {
	switch {
	case data != nil && batch != nil:
		return nil, badFrame(`"data" and "batch" are exclusive`)
	case data != nil:
		obj, err := compactObject(data, `"data"`)
		if err != nil {
			return nil, err
		}
		return [][]byte{obj}, nil
	case batch == nil:
		return nil, badFrame(`op "pub" needs "data" or "batch"`)
	}
	var list []json.RawMessage
	if !startsWith(batch, '[') || json.Unmarshal(batch, &list) != nil {
		return nil, badFrame(`"batch" must be an array of objects`)
	}
	if len(list) == 0 {
		return nil, badFrame(`"batch" must not be empty`)
	}
	if len(list) > maxBatch {
		return nil, newError(CodeTooLarge, "batch of "+strconv.Itoa(len(list))+" items exceeds the limit of "+strconv.Itoa(maxBatch))
	}
	out := make([][]byte, len(list))
	for i, raw := range list {
		obj, err := compactObject(raw, `"batch" item `+strconv.Itoa(i))
		if err != nil {
			return nil, err
		}
		out[i] = obj
	}
	return out, nil
}

// compactObject checks that raw (already valid JSON) is an object and
// returns it without insignificant whitespace.
func compactObject(raw json.RawMessage, what string) ([]byte, error) {
	if !startsWith(raw, '{') {
		return nil, badFrame(what + " must be a JSON object")
	}
	var buf bytes.Buffer
	buf.Grow(len(raw))
	if err := json.Compact(&buf, raw); err != nil {
		return nil, badFrame(what + " is not JSON")
	}
	return buf.Bytes(), nil
}

// jsonString decodes raw if it is a JSON string (not null, not a number).
func jsonString(raw json.RawMessage) (string, bool) {
	var s string
	if !startsWith(raw, '"') || json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

func startsWith(raw []byte, c byte) bool {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	return len(raw) > 0 && raw[0] == c
}

// quoteShort quotes s for an error message, cut to a few dozen bytes so a
// client cannot make the relay echo its whole frame back.
func quoteShort(s string) string {
	const max = 32
	if len(s) > max {
		s = s[:max] + "…"
	}
	return strconv.Quote(s)
}
