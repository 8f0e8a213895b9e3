package relay_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/postbridge/postbridge/server/relay"
	"github.com/postbridge/postbridge/server/relay/client"
)

// TestShutdownFlushes: everything published before Shutdown reaches its
// subscribers, then each client gets close 1001 (going away).
func TestShutdownFlushes(t *testing.T) {
	t.Parallel()
	const n = 500
	s := newServer(t, relay.Config{})
	ctx := testCtx(t, 30*time.Second)
	subs := []*client.Conn{s.subscriber(t, "demo"), s.subscriber(t, "demo"), s.subscriber(t, "*")}
	pub := s.dial(t, client.Options{Role: "driver"})
	for i := range n {
		if err := pub.Publish(ctx, "demo", map[string]int{"n": i}); err != nil {
			t.Fatal(err)
		}
	}
	// The pong proves the hub has handled, and so queued, all n.
	_ = pub.Ping(ctx, "barrier")
	expectAck(t, pub, "pong")
	if err := s.hub.Publish("demo", []byte(`{"last":true}`)); err != nil {
		t.Fatal(err)
	}

	shut := make(chan error, 1)
	go func() { shut <- s.hub.Shutdown(ctx) }()

	for _, c := range append(subs, pub) {
		got := 0
		var err error
		for {
			var m client.Message
			if m, err = c.Next(ctx); err != nil {
				break
			}
			if _, ok := m.(client.Msg); ok {
				got++
			}
		}
		want := n + 1
		if c == pub {
			want = 0
		}
		if got != want || websocket.CloseStatus(err) != websocket.StatusGoingAway {
			t.Errorf("client %s: got %d messages then %v; want %d then close 1001", c.ID(), got, err, want)
		}
	}
	if err := <-shut; err != nil {
		t.Errorf("Shutdown: got %v; want nil", err)
	}
	if st := s.hub.Stats(); st.Clients != 0 || st.Dropped != 0 {
		t.Errorf("Stats after Shutdown: got %+v; want no clients, no drops", st)
	}

	_, err := client.Dial(ctx, s.url, client.Options{Token: testToken})
	var he *client.HandshakeError
	if !errors.As(err, &he) || he.StatusCode != 503 {
		t.Errorf("Dial after Shutdown: got %v; want 503", err)
	}
	if err := s.hub.Publish("demo", []byte(`{}`)); !errors.Is(err, relay.ErrClosed) {
		t.Errorf("Publish after Shutdown: got %v; want ErrClosed", err)
	}
}

// TestShutdownDeadline: a client that never answers the close handshake
// cannot hold Shutdown past its context.
func TestShutdownDeadline(t *testing.T) {
	t.Parallel()
	s := newServer(t, relay.Config{})
	// A raw socket that is never read again (client.Conn would answer:
	// its reader goroutine always reads).
	s.raw(t, "dashboard")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := s.hub.Shutdown(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Errorf("Shutdown with a silent client: got %v after %v; want DeadlineExceeded at about 200ms", err, time.Since(start))
	}
}
