package relay_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/postbridge/postbridge/server/relay"
	"github.com/postbridge/postbridge/server/relay/client"
)

const (
	testToken   = "test-token-0123456789abcdef"
	mainOrigin  = "http://main.localhost:8080"
	otherOrigin = "http://other.localhost:8081"
	evilOrigin  = "http://main.localhost.evil.localhost:8082"
)

// allowExact stands in for origin.Allowlist.Allows.
func allowExact(o string) bool { return o == mainOrigin || o == otherOrigin }

// allowMain is AllowSubscribe for a dashboard served by the main origin.
func allowMain(o string) bool { return o == mainOrigin }

// lockedBuffer collects log output from many goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

type testServer struct {
	hub  *relay.Hub
	srv  *httptest.Server
	url  string // ws://127.0.0.1:port/relay
	logs *lockedBuffer
}

// newServer starts a hub behind a real loopback listener. Unset
// AllowOrigin, AllowSubscribe and Token get the test values.
func newServer(t testing.TB, cfg relay.Config) *testServer {
	t.Helper()
	if cfg.AllowOrigin == nil {
		cfg.AllowOrigin = allowExact
	}
	if cfg.AllowSubscribe == nil {
		cfg.AllowSubscribe = allowExact
	}
	if cfg.Token == "" {
		cfg.Token = testToken
	}
	logs := &lockedBuffer{}
	cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	hub, err := relay.New(cfg)
	if err != nil {
		t.Fatalf("relay.New: %v", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/relay", hub)
	srv := httptest.NewServer(mux)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := hub.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		srv.Close()
	})
	return &testServer{hub: hub, srv: srv, url: "ws" + strings.TrimPrefix(srv.URL, "http") + "/relay", logs: logs}
}

// dial connects a client; without an Origin it presents the token.
func (s *testServer) dial(t testing.TB, opts client.Options) *client.Conn {
	t.Helper()
	if opts.Origin == "" && opts.Token == "" {
		opts.Token = testToken
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, s.url, opts)
	if err != nil {
		t.Fatalf("Dial(%+v): %v", opts, err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// subscriber dials a dashboard already subscribed to room.
func (s *testServer) subscriber(t testing.TB, room string) *client.Conn {
	t.Helper()
	c := s.dial(t, client.Options{Role: "dashboard", Room: room})
	expectAck(t, c, "subscribed")
	return c
}

func testCtx(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func expectAck(t testing.TB, c *client.Conn, op string) client.Ack {
	t.Helper()
	m, err := c.Next(testCtx(t, 10*time.Second))
	ack, ok := m.(client.Ack)
	if err != nil || !ok || ack.Op != op {
		t.Fatalf("Next: got %#v, %v; want Ack %s", m, err, op)
	}
	return ack
}

func expectMsg(t testing.TB, c *client.Conn) client.Msg {
	t.Helper()
	m, err := c.Next(testCtx(t, 10*time.Second))
	msg, ok := m.(client.Msg)
	if err != nil || !ok {
		t.Fatalf("Next: got %#v, %v; want Msg", m, err)
	}
	return msg
}

func expectError(t testing.TB, c *client.Conn, code string) *client.ErrorFrame {
	t.Helper()
	m, err := c.Next(testCtx(t, 10*time.Second))
	var ef *client.ErrorFrame
	if !errors.As(err, &ef) || ef.Code != code {
		t.Fatalf("Next: got %#v, %v; want error frame %s", m, err, code)
	}
	return ef
}

// rawConn is a websocket speaking frames by hand, for frames the client
// package would never send.
type rawConn struct {
	t  testing.TB
	ws *websocket.Conn
}

func (s *testServer) raw(t testing.TB, role string) *rawConn {
	t.Helper()
	h := http.Header{"Authorization": {"Bearer " + testToken}}
	ws, _, err := websocket.Dial(testCtx(t, 10*time.Second), s.url+"?role="+role, &websocket.DialOptions{HTTPHeader: h})
	if err != nil {
		t.Fatalf("websocket.Dial: %v", err)
	}
	t.Cleanup(func() { _ = ws.CloseNow() })
	r := &rawConn{t: t, ws: ws}
	if f := r.next(); f["op"] != "welcome" {
		t.Fatalf("first frame: got %v; want welcome", f)
	}
	return r
}

func (r *rawConn) send(typ websocket.MessageType, b []byte) {
	r.t.Helper()
	if err := r.ws.Write(testCtx(r.t, 10*time.Second), typ, b); err != nil {
		r.t.Fatalf("Write: %v", err)
	}
}

func (r *rawConn) next() map[string]any {
	r.t.Helper()
	_, b, err := r.ws.Read(testCtx(r.t, 10*time.Second))
	if err != nil {
		r.t.Fatalf("Read: %v", err)
	}
	var f map[string]any
	if err := json.Unmarshal(b, &f); err != nil {
		r.t.Fatalf("server frame %q is not JSON: %v", b, err)
	}
	return f
}

// dialStatus dials url with opts and returns 0 if the relay upgraded and
// welcomed the client (it is closed again), or the HTTP status it refused
// with. Any other failure ends the test.
func dialStatus(t *testing.T, url string, opts client.Options) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, url, opts)
	var he *client.HandshakeError
	switch {
	case err == nil:
		if c.ID() == "" {
			t.Errorf("Dial(%+v): welcome without id", opts)
		}
		_ = c.Close()
		return 0
	case errors.As(err, &he):
		return he.StatusCode
	}
	t.Fatalf("Dial(%+v): got %v; want a HandshakeError or nil", opts, err)
	return -1
}
