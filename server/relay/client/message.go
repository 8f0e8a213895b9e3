package client

import (
	"encoding/json"
	"errors"
	"time"
)

// Message is one frame from the relay, as returned by Conn.Next: a Msg, an
// Ack or a Dropped. Error frames come back as an *ErrorFrame error instead.
type Message interface {
	message()
}

// Msg is a publication relayed to a subscriber.
type Msg struct {
	Room string // the room it was published into
	From string // the sender's client id, or "server"
	// Origin is the sending page's origin as checked by the relay at its
	// upgrade; "" for programs and for the server.
	Origin string
	Seq    uint64          // per-sender sequence number: 1, 2, 3… across all rooms
	Time   time.Time       // when the relay accepted it
	Data   json.RawMessage // the published JSON object, compacted
	// History is set for a publication made before this client
	// subscribed, replayed from the relay's history of the room.
	History bool
}

// Ack confirms a request: Op is "subscribed", "unsubscribed" or "pong".
type Ack struct {
	Op   string
	Room string // for subscribed and unsubscribed
	ID   string // the request id, if one was sent
	// Replay, for subscribed, is the number of history Msgs that follow
	// (Msg.History set) before the room's live traffic.
	Replay int
}

// Dropped reports that Count frames meant for this client were lost because
// its queue on the relay was full. Gaps in Msg.Seq show where.
type Dropped struct {
	Count uint64
}

func (Msg) message()     {}
func (Ack) message()     {}
func (Dropped) message() {}

// Error codes carried by ErrorFrame.Code.
const (
	CodeBadFrame  = "BAD_FRAME"
	CodeTooLarge  = "TOO_LARGE"
	CodeUnknownOp = "UNKNOWN_OP"
	CodeBadRoom   = "BAD_ROOM"
	CodeForbidden = "FORBIDDEN"
)

// ErrorFrame is the relay's answer to a frame it refused. The connection
// stays usable. Match a code with errors.Is(err, client.ErrBadRoom) or read
// it with errors.As.
type ErrorFrame struct {
	Code    string
	Message string
	ID      string // the request id, if one was sent
}

// Error implements error.
func (e *ErrorFrame) Error() string {
	if e.Message == "" {
		return "relay error " + e.Code
	}
	return "relay error " + e.Code + ": " + e.Message
}

// Is matches the sentinel with the same code.
func (e *ErrorFrame) Is(target error) bool {
	t, ok := target.(*ErrorFrame)
	return ok && t.Message == "" && t.ID == "" && t.Code == e.Code
}

// Sentinels for errors.Is, one per code.
var (
	ErrBadFrame  = &ErrorFrame{Code: CodeBadFrame}
	ErrTooLarge  = &ErrorFrame{Code: CodeTooLarge}
	ErrUnknownOp = &ErrorFrame{Code: CodeUnknownOp}
	ErrBadRoom   = &ErrorFrame{Code: CodeBadRoom}
	ErrForbidden = &ErrorFrame{Code: CodeForbidden}
)

// ErrUnexpected reports a server frame this client does not understand.
var ErrUnexpected = errors.New("client: unexpected frame from relay")

// Limits are the relay's limits, announced in its welcome frame.
type Limits struct {
	MaxFrame         int `json:"maxFrame"`
	MaxBatch         int `json:"maxBatch"`
	Queue            int `json:"queue"`
	DropLimit        int `json:"dropLimit"`
	MaxSubscriptions int `json:"maxSubscriptions"`
	History          int `json:"history"`      // publications kept per room for new subscribers
	HistoryBytes     int `json:"historyBytes"` // bytes kept per room
}

// serverFrame has every member any server frame may carry.
type serverFrame struct {
	Op      string          `json:"op"`
	ID      string          `json:"id"`
	Epoch   string          `json:"epoch"`
	History bool            `json:"history"`
	Replay  int             `json:"replay"`
	Role    string          `json:"role"`
	Limits  Limits          `json:"limits"`
	Room    string          `json:"room"`
	From    string          `json:"from"`
	Origin  string          `json:"origin"`
	Seq     uint64          `json:"seq"`
	Time    string          `json:"time"`
	Data    json.RawMessage `json:"data"`
	Code    string          `json:"code"`
	Message string          `json:"message"`
	Count   uint64          `json:"count"`
}

// decode turns one server frame into a Message, or an *ErrorFrame error.
func decode(b []byte) (Message, error) {
	var f serverFrame
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, errors.Join(ErrUnexpected, err)
	}
	switch f.Op {
	case "msg":
		t, err := time.Parse(time.RFC3339Nano, f.Time)
		if err != nil {
			return nil, errors.Join(ErrUnexpected, err)
		}
		return Msg{Room: f.Room, From: f.From, Origin: f.Origin, Seq: f.Seq, Time: t, Data: f.Data, History: f.History}, nil
	case "subscribed", "unsubscribed", "pong":
		return Ack{Op: f.Op, Room: f.Room, ID: f.ID, Replay: f.Replay}, nil
	case "dropped":
		return Dropped{Count: f.Count}, nil
	case "error":
		return nil, &ErrorFrame{Code: f.Code, Message: f.Message, ID: f.ID}
	}
	return nil, ErrUnexpected
}
