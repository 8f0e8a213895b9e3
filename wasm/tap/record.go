package tap

import (
	"github.com/postbridge/postbridge/wasm/clock"
	"strconv"
	"unicode/utf8"

	"github.com/postbridge/postbridge/wasm/core"
	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

// MaxPayloadShown bounds the payload text carried in one record.
const MaxPayloadShown = 4096

// Record is one decision as the dashboard reads it: a JSON object with
// members v (1), time (ms since the epoch), page, self (this page's
// origin), dir ("in" or "out"), from, to, verdict, reason, detail,
// channel, kind, type, latency (ms), payload (text, cut to
// MaxPayloadShown bytes) and dropped (decisions lost before this one).
type Record struct {
	core.Decision
	Page    string // the page's URL
	Self    string // the page's origin
	Dropped int    // decisions the buffer dropped before this one
}

// size is what r costs in memory, roughly: its strings and payload and a
// fixed overhead.
func (r Record) size() int {
	return 256 + len(r.Detail) + len(r.Payload) + len(r.Origin) + len(r.Type) + len(r.Channel)
}

// Append writes r as a JSON object.
func (r Record) Append(b []byte) []byte {
	dir, from, to := "in", r.Origin, r.Self
	if r.Verdict == core.Sent {
		dir, from, to = "out", r.Self, r.Origin
	}
	b = append(b, `{"v":1,"time":`...)
	b = appendMillis(b, r.Time)
	b = str(b, "page", r.Page)
	b = str(b, "self", r.Self)
	b = str(b, "dir", dir)
	b = str(b, "from", from)
	b = str(b, "to", to)
	b = str(b, "verdict", string(r.Verdict))
	if r.Reason != "" {
		b = str(b, "reason", string(r.Reason))
	}
	if r.Detail != "" {
		b = str(b, "detail", r.Detail)
	}
	b = str(b, "channel", r.Channel)
	b = str(b, "kind", r.Kind)
	b = str(b, "type", r.Type)
	if r.Latency > 0 {
		b = append(b, `,"latency":`...)
		b = appendMillis(b, int64(r.Latency/clock.Microsecond))
	}
	if r.Payload != nil {
		p := string(r.Payload)
		if len(p) > MaxPayloadShown {
			p = jsonvalue.ToValidUTF8(p[:MaxPayloadShown], "") + "…"
		}
		b = str(b, "payload", p)
	}
	if r.Dropped > 0 {
		b = append(b, `,"dropped":`...)
		b = strconv.AppendInt(b, int64(r.Dropped), 10)
	}
	return append(b, '}')
}

// str appends ,"name":"value"; invalid UTF-8 in value is replaced first,
// so the record is always valid JSON.
func str(b []byte, name, value string) []byte {
	if !utf8.ValidString(value) {
		value = jsonvalue.ToValidUTF8(value, "\uFFFD")
	}
	b = append(b, ',', '"')
	b = append(b, name...)
	b = append(b, '"', ':')
	out, err := jsonvalue.AppendQuote(b, value)
	if err != nil {
		return append(b, `""`...)
	}
	return out
}

// appendMillis writes a count of microseconds as milliseconds with three
// decimals ("1733044800123.456"), without floating point.
func appendMillis(b []byte, micros int64) []byte {
	if micros < 0 {
		b = append(b, '-')
		micros = -micros
	}
	b = strconv.AppendInt(b, micros/1000, 10)
	frac := micros % 1000
	return append(b, '.', byte('0'+frac/100), byte('0'+frac/10%10), byte('0'+frac%10))
}
