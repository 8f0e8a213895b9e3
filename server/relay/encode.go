package relay

import (
	"encoding/json"
	"strconv"
	"time"
)

// outFrame is one encoded server frame waiting in a client's queue. A msg
// frame is encoded once and the same outFrame is shared by every subscriber.
type outFrame struct {
	b   []byte
	msg bool // a relayed publication, counted in Stats.Delivered when written
}

// queued is one entry of a client's queue: a frame, and how many frames
// meant for the client were dropped just before it. A subscription's
// reply carries the room's history, written right after it: one entry,
// so a new subscriber's history never competes with live traffic for
// queue space.
type queued struct {
	f             *outFrame
	history       []*outFrame
	droppedBefore uint64
}

// frames is how many frames the entry stands for.
func (q queued) frames() uint64 { return 1 + uint64(len(q.history)) }

// msgPrefix starts every msg frame appendMsg writes; historyPrefix
// replaces it in a frame sent as history.
const (
	msgPrefix     = `{"op":"msg",`
	historyPrefix = `{"op":"msg","history":true,`
)

// appendHistory appends msg, a frame from appendMsg, marked as history.
func appendHistory(dst, msg []byte) []byte {
	dst = append(dst, historyPrefix...)
	return append(dst, msg[len(msgPrefix):]...)
}

// appendMsg encodes a "msg" frame without reflection. It is safe to write
// room and from without escaping: room has passed ValidRoom and from is
// "server" or "c" followed by digits. origin is the sender's verified Origin
// already encoded as a JSON string, or nil for senders without one. data is
// a compact JSON object that decodeFrame or Publish has already validated
// as UTF-8 JSON.
func appendMsg(dst []byte, room, from string, origin []byte, seq uint64, t time.Time, data []byte) []byte {
	dst = append(dst, msgPrefix+`"room":"`...)
	dst = append(dst, room...)
	dst = append(dst, `","from":"`...)
	dst = append(dst, from...)
	if origin != nil {
		dst = append(dst, `","origin":`...)
		dst = append(dst, origin...)
		dst = append(dst, `,"seq":`...)
	} else {
		dst = append(dst, `","seq":`...)
	}
	dst = strconv.AppendUint(dst, seq, 10)
	dst = append(dst, `,"time":"`...)
	dst = t.UTC().AppendFormat(dst, time.RFC3339Nano)
	dst = append(dst, `","data":`...)
	dst = append(dst, data...)
	return append(dst, '}')
}

// Limits are the numbers a client needs to stay within bounds; the welcome
// frame carries them.
type Limits struct {
	MaxFrame         int `json:"maxFrame"`
	MaxBatch         int `json:"maxBatch"`
	Queue            int `json:"queue"`
	DropLimit        int `json:"dropLimit"`
	MaxSubscriptions int `json:"maxSubscriptions"`
	History          int `json:"history"`      // publications kept per room (0: none)
	HistoryBytes     int `json:"historyBytes"` // bytes kept per room
}

type welcomeFrame struct {
	Op     string `json:"op"`
	ID     string `json:"id"`
	Epoch  string `json:"epoch"`
	Role   Role   `json:"role"`
	Limits Limits `json:"limits"`
}

type errorFrame struct {
	Op      string `json:"op"`
	Code    Code   `json:"code"`
	Message string `json:"message"`
	ID      string `json:"id,omitempty"`
}

type ackFrame struct {
	Op     string `json:"op"`
	Room   string `json:"room,omitempty"`
	ID     string `json:"id,omitempty"`
	Replay int    `json:"replay,omitempty"` // subscribed: history frames that follow
}

type droppedFrame struct {
	Op    string `json:"op"`
	Count uint64 `json:"count"`
}

// control encodes a reply frame. The frame types above hold only strings
// and integers, so Marshal cannot fail; a failure would be a bug and yields
// an empty frame that the writer skips.
func control(v any) *outFrame {
	b, err := json.Marshal(v)
	if err != nil {
		return &outFrame{}
	}
	return &outFrame{b: b}
}

// encodeString encodes s as a JSON string.
func encodeString(s string) []byte {
	b, _ := json.Marshal(s) // a string always encodes
	return b
}

func errorReply(e *Error, id string) *outFrame {
	return control(errorFrame{Op: "error", Code: e.Code, Message: e.Message, ID: id})
}
