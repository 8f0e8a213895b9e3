package model

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Verdicts of a tap record, plus the dashboard's own for records it could
// not read.
const (
	VerdictSent       = "sent"
	VerdictAccepted   = "accepted"
	VerdictRefused    = "refused"
	VerdictUnreadable = "unreadable"
)

// TapVersion is the version of the tap record format this dashboard reads
// (wasm/tap/record.go).
const TapVersion = 1

// Record is one row of the dashboard: a tap record with the relay's
// envelope around it. The JSON names are those of the export.
type Record struct {
	ID uint64 `json:"-"` // given by the Store, increasing: a stable row key

	// From the relay's msg frame.
	Room         string `json:"room"`
	Sender       string `json:"sender"`                 // relay connection id
	SenderOrigin string `json:"senderOrigin,omitempty"` // as the relay checked it
	Seq          uint64 `json:"seq"`
	Relayed      string `json:"relayed,omitempty"` // RFC 3339
	// History is set for a record the relay replayed from before this
	// dashboard connected.
	History bool `json:"history,omitempty"`

	// From the tap record.
	Time    float64 `json:"time"` // ms since the epoch
	Page    string  `json:"page,omitempty"`
	Self    string  `json:"self,omitempty"`
	Dir     string  `json:"dir,omitempty"` // "in" or "out"
	From    string  `json:"from,omitempty"`
	To      string  `json:"to,omitempty"`
	Verdict string  `json:"verdict"`
	Reason  string  `json:"reason,omitempty"`
	Detail  string  `json:"detail,omitempty"`
	Channel string  `json:"channel,omitempty"`
	Kind    string  `json:"kind,omitempty"`
	Type    string  `json:"type,omitempty"`
	Latency float64 `json:"latency,omitempty"` // ms; 0 when not measured
	Payload string  `json:"payload,omitempty"` // JSON text, possibly cut
	Dropped int     `json:"dropped,omitempty"` // lost by the tap before this one

	// Problem says why the data could not be read (Verdict "unreadable").
	Problem string `json:"problem,omitempty"`

	search string // lower-cased text the free-text filter looks in
}

type wireRecord struct {
	V       *float64 `json:"v"`
	Time    float64  `json:"time"`
	Page    string   `json:"page"`
	Self    string   `json:"self"`
	Dir     string   `json:"dir"`
	From    string   `json:"from"`
	To      string   `json:"to"`
	Verdict string   `json:"verdict"`
	Reason  string   `json:"reason"`
	Detail  string   `json:"detail"`
	Channel string   `json:"channel"`
	Kind    string   `json:"kind"`
	Type    string   `json:"type"`
	Latency float64  `json:"latency"`
	Payload string   `json:"payload"`
	Dropped int      `json:"dropped"`
}

// ParseRecord reads the tap record in a msg frame's data. It fills the tap
// part of a Record; the Store adds the relay's part.
func ParseRecord(data []byte) (Record, error) {
	if !isObject(data) {
		return Record{}, &ParseError{What: "record", Err: ErrNotJSON, Detail: shortQuote(string(data))}
	}
	var w wireRecord
	if err := json.Unmarshal(data, &w); err != nil {
		return Record{}, unmarshalError("record", err)
	}
	if w.V == nil {
		return Record{}, &ParseError{What: "record", Err: ErrNotRecord, Detail: `no "v" member`}
	}
	if *w.V != TapVersion {
		return Record{}, &ParseError{What: "record", Err: ErrVersion,
			Detail: "v is " + strconv.FormatFloat(*w.V, 'g', -1, 64)}
	}
	if w.Latency < 0 {
		w.Latency = 0
	}
	return Record{
		Time: w.Time, Page: w.Page, Self: w.Self, Dir: w.Dir, From: w.From, To: w.To,
		Verdict: w.Verdict, Reason: w.Reason, Detail: w.Detail, Channel: w.Channel,
		Kind: w.Kind, Type: w.Type, Latency: w.Latency, Payload: w.Payload, Dropped: w.Dropped,
	}, nil
}

// index prepares the text the free-text filter searches.
func (r *Record) index() {
	r.search = strings.ToLower(strings.Join([]string{
		r.From, r.To, r.Verdict, r.Reason, r.Detail, r.Channel, r.Kind, r.Type,
		r.Payload, r.Page, r.Room, r.Sender, r.Problem,
	}, "\x00"))
}
