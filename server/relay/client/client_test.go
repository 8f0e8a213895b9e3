package client_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/postbridge/postbridge/server/relay"
	"github.com/postbridge/postbridge/server/relay/client"
)

func relayURL(t *testing.T) string {
	t.Helper()
	url, stop := startRelay()
	t.Cleanup(stop)
	return url
}

func TestSubscribeUnsubscribe(t *testing.T) {
	t.Parallel()
	url := relayURL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, url, client.Options{Token: token})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if l := c.Limits(); l.MaxFrame != relay.DefaultMaxFrame || l.Queue != relay.DefaultQueueSize {
		t.Errorf("Limits: got %+v; want the relay defaults", l)
	}
	next := func(want client.Message) {
		t.Helper()
		m, err := c.Next(ctx)
		if msg, ok := m.(client.Msg); ok && want == nil {
			if msg.Seq != 1 || msg.From != c.ID() {
				t.Errorf("Next: got %#v; want own Msg seq 1", m)
			}
			return
		}
		if err != nil || m != want {
			t.Errorf("Next: got %#v, %v; want %#v", m, err, want)
		}
	}
	_ = c.Subscribe(ctx, "a")
	next(client.Ack{Op: "subscribed", Room: "a"})
	_ = c.Publish(ctx, "a", map[string]int{"n": 1})
	next(nil) // a driver hears its own publications
	_ = c.Unsubscribe(ctx, "a")
	next(client.Ack{Op: "unsubscribed", Room: "a"})
	_ = c.Publish(ctx, "a", map[string]int{"n": 2})
	_ = c.Ping(ctx, "")
	next(client.Ack{Op: "pong"}) // and not the second publication
}

func TestDialErrors(t *testing.T) {
	t.Parallel()
	url := relayURL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, tc := range []struct {
		url    string
		opts   client.Options
		status int
	}{
		{url, client.Options{Token: "wrong-token-0123456789"}, 403},
		{url, client.Options{Role: "spectator", Token: token}, 400},
		{url, client.Options{Room: "bad room", Token: token}, 400},
		{strings.Replace(url, "ws://", "ws://user@", 1) + "/%zz", client.Options{Token: token}, 0},
	} {
		_, err := client.Dial(ctx, tc.url, tc.opts)
		var he *client.HandshakeError
		if tc.status == 0 {
			if err == nil || errors.As(err, &he) {
				t.Errorf("Dial(%q): got %v; want a URL error", tc.url, err)
			}
			continue
		}
		if !errors.As(err, &he) || he.StatusCode != tc.status {
			t.Errorf("Dial(%+v): got %v; want HTTP %d", tc.opts, err, tc.status)
		}
	}
}

// TestDialNotARelay: a server that upgrades but does not greet is refused.
func TestDialNotARelay(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(nil) // 404 for everything
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := client.Dial(ctx, "ws"+strings.TrimPrefix(srv.URL, "http"), client.Options{})
	var he *client.HandshakeError
	if !errors.As(err, &he) || he.StatusCode != 404 {
		t.Errorf("Dial(non-relay): got %v; want HTTP 404", err)
	}
}
