package client

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

var decodeCases = []struct {
	name string
	in   string
	want Message
	code string // error frame code
	bad  bool   // ErrUnexpected
}{
	{name: "msg", in: `{"op":"msg","room":"demo","from":"c3","seq":7,"time":"2025-01-02T03:04:05.000000006Z","data":{"k":1}}`,
		want: Msg{Room: "demo", From: "c3", Seq: 7, Time: time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC), Data: json.RawMessage(`{"k":1}`)}},
	{name: "history msg", in: `{"op":"msg","history":true,"room":"demo","from":"c3","origin":"http://a.localhost:1","seq":2,"time":"2025-01-02T03:04:05Z","data":{}}`,
		want: Msg{Room: "demo", From: "c3", Origin: "http://a.localhost:1", Seq: 2, Time: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), Data: json.RawMessage(`{}`), History: true}},
	{name: "subscribed with history", in: `{"op":"subscribed","room":"demo","replay":3}`, want: Ack{Op: "subscribed", Room: "demo", Replay: 3}},
	{name: "subscribed", in: `{"op":"subscribed","room":"demo","id":"r1"}`, want: Ack{Op: "subscribed", Room: "demo", ID: "r1"}},
	{name: "unsubscribed", in: `{"op":"unsubscribed","room":"*"}`, want: Ack{Op: "unsubscribed", Room: "*"}},
	{name: "pong", in: `{"op":"pong"}`, want: Ack{Op: "pong"}},
	{name: "dropped", in: `{"op":"dropped","count":12}`, want: Dropped{Count: 12}},
	{name: "error", in: `{"op":"error","code":"BAD_ROOM","message":"no","id":"x"}`, code: CodeBadRoom},
	{name: "unknown op", in: `{"op":"party"}`, bad: true},
	{name: "welcome later", in: `{"op":"welcome","id":"c1"}`, bad: true},
	{name: "not JSON", in: `op=msg`, bad: true},
	{name: "bad time", in: `{"op":"msg","time":"yesterday"}`, bad: true},
}

func TestDecode(t *testing.T) {
	t.Parallel()
	for _, tc := range decodeCases {
		got, err := decode([]byte(tc.in))
		switch {
		case tc.bad:
			if !errors.Is(err, ErrUnexpected) {
				t.Errorf("decode(%q): got %v, %v; want ErrUnexpected", tc.in, got, err)
			}
		case tc.code != "":
			var ef *ErrorFrame
			if !errors.As(err, &ef) || ef.Code != tc.code || !errors.Is(err, &ErrorFrame{Code: tc.code}) {
				t.Errorf("decode(%q): got %v; want error frame %s", tc.in, err, tc.code)
			}
		default:
			if err != nil || !sameMessage(got, tc.want) {
				t.Errorf("decode(%q): got %#v, %v; want %#v", tc.in, got, err, tc.want)
			}
		}
	}
}

func sameMessage(a, b Message) bool {
	am, aok := a.(Msg)
	bm, bok := b.(Msg)
	if aok && bok {
		return am.Room == bm.Room && am.From == bm.From && am.Origin == bm.Origin && am.Seq == bm.Seq &&
			am.Time.Equal(bm.Time) && string(am.Data) == string(bm.Data) && am.History == bm.History
	}
	return a == b
}

func TestErrorFrameIs(t *testing.T) {
	t.Parallel()
	err := error(&ErrorFrame{Code: CodeTooLarge, Message: "frame of 9 bytes", ID: "r2"})
	if !errors.Is(err, ErrTooLarge) || errors.Is(err, ErrBadFrame) {
		t.Errorf("errors.Is(%v): matches the wrong sentinel", err)
	}
	if errors.Is(ErrTooLarge, err) {
		t.Errorf("errors.Is(sentinel, %v): a specific error must not match the other way", err)
	}
}

// FuzzDecode: whatever a server sends, decode returns a Message or an
// error, never both and never a panic.
func FuzzDecode(f *testing.F) {
	for _, tc := range decodeCases {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := decode(b)
		if (m == nil) == (err == nil) {
			t.Fatalf("decode(%q): got %#v and %v; want exactly one", b, m, err)
		}
	})
}
