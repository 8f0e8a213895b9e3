package model

import (
	"bytes"
	"encoding/json"
	"errors"
)

// Relay frame ops the dashboard acts on (server/relay/PROTOCOL.md).
const (
	OpWelcome    = "welcome"
	OpSubscribed = "subscribed"
	OpMsg        = "msg"
	OpDropped    = "dropped"
	OpError      = "error"
)

// Frame is one frame from the relay, reduced to the members the dashboard
// uses. Members it does not know are ignored, as the protocol asks.
type Frame struct {
	Op      string
	ID      string // welcome: this connection's id; error: the request id
	Epoch   string // welcome: names the relay process (ids and seqs are unique within it)
	Replay  int    // subscribed: history msg frames that follow
	History bool   // msg: published before this connection subscribed, replayed
	Room    string // msg, subscribed
	From    string // msg: the sender's connection id, or "server"
	Origin  string // msg: the sending page's origin as the relay checked it
	Seq     uint64 // msg: per-sender sequence number, from 1
	Time    string // msg: when the relay accepted it (RFC 3339)
	Data    []byte // msg: the published JSON object
	Count   uint64 // dropped: frames lost for this client
	Code    string // error
	Message string // error
}

type wireFrame struct {
	Op      *string         `json:"op"`
	ID      string          `json:"id"`
	Epoch   string          `json:"epoch"`
	Replay  int             `json:"replay"`
	History bool            `json:"history"`
	Room    string          `json:"room"`
	From    string          `json:"from"`
	Origin  string          `json:"origin"`
	Seq     *uint64         `json:"seq"`
	Time    string          `json:"time"`
	Data    json.RawMessage `json:"data"`
	Count   uint64          `json:"count"`
	Code    string          `json:"code"`
	Message string          `json:"message"`
}

// ParseFrame reads one relay frame. A msg frame must carry from, seq and
// an object as data; the data itself is read by ParseRecord.
func ParseFrame(b []byte) (Frame, error) {
	if !isObject(b) {
		return Frame{}, &ParseError{What: "frame", Err: ErrNotJSON, Detail: shortQuote(string(b))}
	}
	var w wireFrame
	if err := json.Unmarshal(b, &w); err != nil {
		return Frame{}, unmarshalError("frame", err)
	}
	if w.Op == nil {
		return Frame{}, &ParseError{What: "frame", Err: ErrNoOp}
	}
	f := Frame{Op: *w.Op, ID: w.ID, Epoch: w.Epoch, Replay: max(w.Replay, 0), History: w.History,
		Room: w.Room, From: w.From, Origin: w.Origin, Time: w.Time, Count: w.Count, Code: w.Code, Message: w.Message}
	if f.Op == OpMsg {
		if f.From == "" || w.Seq == nil || !isObject(w.Data) {
			return Frame{}, &ParseError{What: "frame", Err: ErrBadMsg}
		}
		f.Seq, f.Data = *w.Seq, w.Data
	}
	return f, nil
}

// unmarshalError sorts encoding/json's errors: a known member of the wrong
// type (an "op" that is not a string means there is no op), or bad JSON.
func unmarshalError(what string, err error) *ParseError {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if what == "frame" && te.Field == "op" {
			return &ParseError{What: what, Err: ErrNoOp, Detail: err.Error()}
		}
		return &ParseError{What: what, Err: ErrBadMember, Detail: err.Error()}
	}
	return &ParseError{What: what, Err: ErrNotJSON, Detail: err.Error()}
}

// isObject reports whether b, without surrounding space, looks like a JSON
// object (json.Unmarshal checks the rest).
func isObject(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) >= 2 && b[0] == '{' && b[len(b)-1] == '}'
}
