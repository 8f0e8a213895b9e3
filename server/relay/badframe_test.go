package relay_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/postbridge/postbridge/server/relay"
	"github.com/postbridge/postbridge/server/relay/client"
)

// TestBadFrames sends every kind of bad frame over one real connection:
// each gets a typed error frame back, and the connection still publishes.
func TestBadFrames(t *testing.T) {
	t.Parallel()
	const maxFrame = 4096
	s := newServer(t, relay.Config{MaxFrame: maxFrame})
	sub := s.subscriber(t, "demo")
	pub := s.raw(t, "driver")

	oversized := `{"op":"pub","room":"demo","data":{"pad":"` + strings.Repeat("x", maxFrame) + `"}}`
	for _, tc := range []struct {
		name string
		typ  websocket.MessageType
		in   string
		code string
	}{
		{"invalid JSON", websocket.MessageText, `{"op":"pub",`, client.CodeBadFrame},
		{"not an object", websocket.MessageText, `[1,2]`, client.CodeBadFrame},
		{"invalid UTF-8", websocket.MessageText, "{\"op\":\"pub\",\"room\":\"demo\",\"data\":{\"s\":\"\xc3\x28\"}}", client.CodeBadFrame},
		{"case-folded key", websocket.MessageText, `{"OP":"pub","room":"demo","data":{}}`, client.CodeBadFrame},
		{"forged sender", websocket.MessageText, `{"op":"pub","room":"demo","from":"server","data":{}}`, client.CodeBadFrame},
		{"unknown op", websocket.MessageText, `{"op":"shout","room":"demo"}`, client.CodeUnknownOp},
		{"missing room", websocket.MessageText, `{"op":"pub","data":{}}`, client.CodeBadRoom},
		{"bad room name", websocket.MessageText, `{"op":"pub","room":"../demo","data":{}}`, client.CodeBadRoom},
		{"data not an object", websocket.MessageText, `{"op":"pub","room":"demo","data":42}`, client.CodeBadFrame},
		{"oversized frame", websocket.MessageText, oversized, client.CodeTooLarge},
		{"binary frame", websocket.MessageBinary, `{"op":"pub","room":"demo","data":{}}`, client.CodeBadFrame},
	} {
		pub.send(tc.typ, []byte(tc.in))
		f := pub.next()
		if f["op"] != "error" || f["code"] != tc.code || f["message"] == "" {
			t.Errorf("%s: got %v; want error frame %s with a message", tc.name, f, tc.code)
		}
	}

	pub.send(websocket.MessageText, []byte(`{"op":"pub","room":"demo","id":"after","data":{"still":"usable"}}`))
	msg := expectMsg(t, sub)
	if msg.Seq != 1 || string(msg.Data) != `{"still":"usable"}` {
		t.Errorf("after bad frames: got seq %d data %s; want seq 1 (bad frames take no number) and the data", msg.Seq, msg.Data)
	}
	if got := s.hub.Stats().BadFrames; got != 11 {
		t.Errorf("Stats.BadFrames: got %d; want 11", got)
	}
}

// TestHardReadLimit: past 4×MaxFrame the websocket library ends the
// connection with 1009 instead of buffering the frame.
func TestHardReadLimit(t *testing.T) {
	t.Parallel()
	s := newServer(t, relay.Config{MaxFrame: 1024})
	pub := s.raw(t, "driver")
	_ = pub.ws.Write(testCtx(t, 5*time.Second), websocket.MessageText, []byte(strings.Repeat(" ", 5000)))
	_, _, err := pub.ws.Read(testCtx(t, 5*time.Second))
	if got := websocket.CloseStatus(err); got != websocket.StatusMessageTooBig {
		t.Errorf("frame of 5000 bytes with MaxFrame 1024: got %v; want close 1009", err)
	}
}

// TestRolesEnforced: a tap cannot listen, a dashboard cannot publish, and
// a tap bound to a room cannot publish elsewhere.
func TestRolesEnforced(t *testing.T) {
	t.Parallel()
	s := newServer(t, relay.Config{})
	ctx := testCtx(t, 10*time.Second)

	tap := s.dial(t, client.Options{Role: "tap", Room: "demo", Origin: mainOrigin})
	_ = tap.Subscribe(ctx, "demo")
	expectError(t, tap, client.CodeForbidden)
	_ = tap.Publish(ctx, "other", map[string]int{"x": 1})
	ef := expectError(t, tap, client.CodeForbidden)
	if !errors.Is(ef, client.ErrForbidden) {
		t.Errorf("errors.Is(%v, ErrForbidden): got false", ef)
	}

	dash := s.dial(t, client.Options{Role: "dashboard", Origin: otherOrigin})
	_ = dash.Publish(ctx, "demo", map[string]int{"x": 1})
	expectError(t, dash, client.CodeForbidden)
	_ = dash.Subscribe(ctx, "*")
	expectAck(t, dash, "subscribed")

	_ = tap.Publish(ctx, "demo", map[string]int{"x": 2})
	if m := expectMsg(t, dash); m.From != tap.ID() || m.Origin != mainOrigin || m.Seq != 1 || m.Room != "demo" {
		t.Errorf("tap publication seen by * dashboard: got %+v; want from %s (%s) seq 1 room demo", m, tap.ID(), mainOrigin)
	}
	_ = dash.Ping(ctx, "p1")
	if a := expectAck(t, dash, "pong"); a.ID != "p1" {
		t.Errorf("pong: got id %q; want p1", a.ID)
	}
}
