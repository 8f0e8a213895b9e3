package envelope

import "github.com/postbridge/postbridge/wasm/jsonvalue"

// fast reads a message written exactly as Append writes one, the only
// form a Postbridge peer sends: members in the order of PROTOCOL.md,
// no white space, no escapes in names, no error member. It checks the
// same rules Scan's general path checks, the payload's JSON with
// jsonvalue.Valid, and reports false at the first byte that differs
// from that form, leaving the message (and any error it has) to the
// general path; it never refuses on its own. FuzzFastMatchesScan checks
// that whatever it accepts, the general path accepts with the same View.
func (v *View) fast(d []byte, lim Limits) bool {
	if len(d) > lim.maxMessage() || len(d) == 0 || d[len(d)-1] != '}' {
		return false
	}
	end := len(d) - 1 // the closing brace
	i, ok := expect(d, 0, `{"postbridge":1`)
	for f := 0; ok && f < len(fastMembers); f++ {
		j, found := expect(d, i, fastMembers[f])
		if !found {
			continue // absent, or not where Append puts it
		}
		var s []byte
		switch f {
		case fastSeq:
			v.Seq, j, ok = digits(d, j)
		case fastID:
			v.ID, j, ok = digits(d, j)
		case fastPayload:
			p := d[j:end]
			ok = len(p) > 0 && !isSpace(p[0]) && !isSpace(p[len(p)-1]) &&
				jsonvalue.Valid(p, jsonvalue.Limits{MaxBytes: lim.maxPayload(), MaxDepth: lim.maxDepth()}) == nil
			v.Payload, j = p, end
		default:
			s, j, ok = quoted(d, j, end)
			switch f {
			case fastChannel:
				v.Channel, ok = s, ok && validName(s)
			case fastSession:
				v.Session, ok = s, ok && validSession(s)
			case fastTo:
				v.To, ok = s, ok && validSession(s)
			case fastKind:
				var k Kind
				k, found = kindOf(s)
				v.Kind, ok = k, ok && found
			case fastType:
				v.Type, ok = s, ok && validName(s)
			}
		}
		i = j
	}
	return ok && i == end && v.check(lim) == nil
}

// fastMembers are the members in the order Append writes them, each with
// what precedes its value.
var fastMembers = [...]string{
	fastChannel: `,"channel":"`, fastSession: `,"session":"`, fastTo: `,"to":"`,
	fastSeq: `,"seq":`, fastKind: `,"kind":"`, fastType: `,"type":"`,
	fastID: `,"id":`, fastPayload: `,"payload":`,
}

const (
	fastChannel = iota
	fastSession
	fastTo
	fastSeq
	fastKind
	fastType
	fastID
	fastPayload
)

// expect reports whether d continues at i with s, and where it ends.
func expect(d []byte, i int, s string) (int, bool) {
	if len(d)-i < len(s) || string(d[i:i+len(s)]) != s {
		return i, false
	}
	return i + len(s), true
}

// quoted reads the text of a string literal whose opening quote is just
// before i, up to its closing quote, refusing escapes and control and
// non-ASCII bytes (the general path handles those).
func quoted(d []byte, i, end int) ([]byte, int, bool) {
	for j := i; j < end; j++ {
		switch c := d[j]; {
		case c == '"':
			return d[i:j], j + 1, true
		case c == '\\' || c < 0x20 || c >= 0x80:
			return nil, i, false
		}
	}
	return nil, i, false
}

// digits reads a count as Append writes one: 1 to MaxSeq, no leading zero.
func digits(d []byte, i int) (uint64, int, bool) {
	var n uint64
	j := i
	for ; j < len(d) && '0' <= d[j] && d[j] <= '9'; j++ {
		if j-i == 16 {
			return 0, i, false
		}
		n = n*10 + uint64(d[j]-'0')
	}
	if j == i || d[i] == '0' || n > MaxSeq {
		return 0, i, false
	}
	return n, j, true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
