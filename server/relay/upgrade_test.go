package relay_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/postbridge/postbridge/server/relay"
	"github.com/postbridge/postbridge/server/relay/client"
)

// TestUpgradeOrigins dials real sockets with the Origin and token a browser
// page or a Go driver would send.
func TestUpgradeOrigins(t *testing.T) {
	t.Parallel()
	s := newServer(t, relay.Config{})
	for _, tc := range []struct {
		name string
		opts client.Options
		want int // 0: upgraded
	}{
		{"allowed origin", client.Options{Role: "tap", Origin: mainOrigin, Host: "main.localhost:8080"}, 0},
		{"second allowed origin", client.Options{Role: "tap", Origin: otherOrigin, Host: "main.localhost:8080"}, 0},
		// Same Host as the hostile origin: the library's default check
		// would let this through.
		{"hostile origin", client.Options{Role: "tap", Origin: evilOrigin, Host: "main.localhost.evil.localhost:8082"}, 403},
		{"hostile origin, real Host", client.Options{Role: "tap", Origin: evilOrigin, Host: "main.localhost:8080"}, 403},
		{"allowed origin with suffix", client.Options{Role: "tap", Origin: mainOrigin + ".evil.localhost"}, 403},
		{"null origin", client.Options{Role: "tap", Origin: "null"}, 403},
		{"hostile origin with token", client.Options{Role: "driver", Origin: evilOrigin, Token: testToken}, 403},
		{"no origin, no token", client.Options{Role: "driver"}, 403},
		{"no origin, wrong token", client.Options{Role: "driver", Token: "wrong-token-0123456789abcdef"}, 403},
		{"no origin, token from loopback", client.Options{Role: "driver", Token: testToken}, 0},
		{"bad role", client.Options{Role: "admin", Token: testToken}, 400},
		{"tap bound to every room", client.Options{Role: "tap", Room: "*", Token: testToken}, 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := dialStatus(t, s.url, tc.opts); got != tc.want {
				t.Errorf("Dial(%+v): got status %d; want %d", tc.opts, got, tc.want)
			}
		})
	}
	if got, want := s.hub.Stats().Refused, uint64(9); got != want {
		t.Errorf("Stats.Refused: got %d; want %d", got, want)
	}
	if logs := s.logs.String(); !strings.Contains(logs, "upgrade refused") || !strings.Contains(logs, evilOrigin) {
		t.Errorf("log: want a refusal line naming %s; got:\n%s", evilOrigin, logs)
	}
	if strings.Contains(s.logs.String(), testToken) {
		t.Error("log: the token appears in the log")
	}
}

// TestUpgradeRoles: an admitted page may always tap, but may read the
// traffic (dashboard, driver) only from an origin AllowSubscribe admits,
// here the main origin only; token clients take any role.
func TestUpgradeRoles(t *testing.T) {
	t.Parallel()
	s := newServer(t, relay.Config{AllowSubscribe: allowMain})
	for _, tc := range []struct {
		name string
		opts client.Options
		want int // 0: upgraded
	}{
		{"main as dashboard", client.Options{Role: "dashboard", Origin: mainOrigin}, 0},
		{"main as driver", client.Options{Role: "driver", Origin: mainOrigin}, 0},
		{"other as tap", client.Options{Role: "tap", Origin: otherOrigin}, 0},
		// The frame's origin is admitted, so a check of the origin alone
		// would let it watch everything the parent page taps.
		{"other as dashboard", client.Options{Role: "dashboard", Origin: otherOrigin}, 403},
		{"other as driver", client.Options{Role: "driver", Origin: otherOrigin}, 403},
		{"other as dashboard of one room", client.Options{Role: "dashboard", Room: "demo", Origin: otherOrigin}, 403},
		{"main with a suffix as dashboard", client.Options{Role: "dashboard", Origin: mainOrigin + ".evil.localhost"}, 403},
		{"token as dashboard", client.Options{Role: "dashboard", Token: testToken}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := dialStatus(t, s.url, tc.opts); got != tc.want {
				t.Errorf("Dial(%+v): got status %d; want %d", tc.opts, got, tc.want)
			}
		})
	}
	if logs := s.logs.String(); !strings.Contains(logs, "origin may not subscribe") {
		t.Errorf("log: want a refusal line saying the origin may not subscribe; got:\n%s", logs)
	}
}

// TestNilAllowSubscribe: without AllowSubscribe, no page may read the
// traffic, though it may still tap.
func TestNilAllowSubscribe(t *testing.T) {
	t.Parallel()
	h, err := relay.New(relay.Config{AllowOrigin: allowExact, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http")
	for role, want := range map[string]int{"tap": 0, "dashboard": 403, "driver": 403} {
		if got := dialStatus(t, url, client.Options{Role: role, Origin: mainOrigin}); got != want {
			t.Errorf("Dial as %s from %s with a nil AllowSubscribe: got status %d; want %d", role, mainOrigin, got, want)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = h.Shutdown(ctx)
}

// TestRefusedIsNotUpgraded checks the raw HTTP answer: 403 and no switch of
// protocols, before any websocket byte is exchanged.
func TestRefusedIsNotUpgraded(t *testing.T) {
	t.Parallel()
	s := newServer(t, relay.Config{})
	req, err := http.NewRequest(http.MethodGet, s.srv.URL+"/relay?role=tap", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Connection", "Upgrade")
	req.Header.Set("Upgrade", "websocket")
	req.Header.Set("Sec-WebSocket-Version", "13")
	req.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
	req.Header.Set("Origin", evilOrigin)
	req.Host = "main.localhost.evil.localhost:8082"
	resp, err := s.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || resp.Header.Get("Upgrade") != "" || resp.Header.Get("Sec-WebSocket-Accept") != "" {
		t.Errorf("upgrade with Origin %s: got %d %v; want 403 without upgrade headers", evilOrigin, resp.StatusCode, resp.Header)
	}
}

// TestRefusalLogLimited: a flood of refused upgrades is counted in full
// but logs only a burst of lines, so a hostile page in a loop cannot fill
// the log.
func TestRefusalLogLimited(t *testing.T) {
	t.Parallel()
	s := newServer(t, relay.Config{})
	const n = 60
	for range n {
		req, err := http.NewRequest(http.MethodGet, s.srv.URL+"/relay?role=tap", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Origin", evilOrigin)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("status %d; want 403", res.StatusCode)
		}
	}
	if got := s.hub.Stats().Refused; got != n {
		t.Errorf("Stats.Refused: got %d; want %d", got, n)
	}
	// The burst is 10 lines; a slow machine may earn a few more tokens
	// while the loop runs, never one per refusal.
	if lines := strings.Count(s.logs.String(), "upgrade refused"); lines < 1 || lines > n/2 {
		t.Errorf("log: %d refusal lines for %d refusals; want a limited burst", lines, n)
	}
}
