package e2e

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"
	"time"

	"github.com/postbridge/postbridge/server/relay/client"
)

// TestTapReachesRelay opens the demo page, whose bridges tap into the
// relay, and reads their decisions with a Go driver: a real websocket
// client on loopback, the way the dashboard gets them.
func TestTapReachesRelay(t *testing.T) {
	s := startSites(t)
	conn, ctx := relayDriver(t, s, "demo")
	openPage(t, s.Main+"/")

	type record struct {
		Verdict, Reason, From, To, Dir, Kind, Type, Self string
		Latency                                          float64
	}
	want := map[string]bool{"refused evil": false, "sent request": false, "accepted response": false, "accepted request in frame": false}
	seqs := map[string]uint64{}
	for n := 0; ; n++ {
		m, err := conn.Next(ctx)
		if err != nil {
			t.Fatalf("after %d messages, still missing %v: %v", n, want, err)
		}
		msg, ok := m.(client.Msg)
		if !ok {
			continue
		}
		if last := seqs[msg.From]; msg.Seq != last+1 {
			t.Errorf("sender %s: seq %d after %d: the relay lost messages", msg.From, msg.Seq, last)
		}
		seqs[msg.From] = msg.Seq
		var r record
		if err := json.Unmarshal(msg.Data, &r); err != nil {
			t.Fatalf("tap record %s: %v", msg.Data, err)
		}
		switch {
		case r.Verdict == "refused" && r.From == s.Evil && r.Reason == "ORIGIN_REFUSED":
			want["refused evil"] = true
		case r.Verdict == "sent" && r.Kind == "request" && r.Type == "greet" && r.From == s.Main && r.To == s.Other:
			want["sent request"] = true
		case r.Verdict == "accepted" && r.Kind == "response" && r.Type == "greet" && r.Self == s.Main && r.Latency > 0:
			want["accepted response"] = true
		case r.Verdict == "accepted" && r.Kind == "request" && r.Self == s.Other && r.From == s.Main:
			want["accepted request in frame"] = true
		}
		done := true
		for _, v := range want {
			done = done && v
		}
		if done {
			t.Logf("all expected decisions seen after %d tap records from %d pages", n+1, len(seqs))
			return
		}
	}
}

// TestGoTapReachesRelay: the Go API's tap (bridge.Tap in the Go peer)
// streams its page's decisions too.
func TestGoTapReachesRelay(t *testing.T) {
	s := startSites(t)
	conn, ctx := relayDriver(t, s, "lab")
	p := openPage(t, s.Main+"/lab")
	p.Wait("the lab", "window.labReady === true", 20*time.Second)
	Eval[float64](p, `(async () => { const f = lab.frame("", "/lab/gopeer");
		const ch = await lab.connect(f.contentWindow);
		return await ch.request("sum", {a: 1, b: 2});
	})()`)
	for {
		m, err := conn.Next(ctx)
		if err != nil {
			t.Fatalf("no tap record from the Go page: %v", err)
		}
		msg, ok := m.(client.Msg)
		if !ok {
			continue
		}
		var r struct{ Self, Verdict, Kind, Type string }
		json.Unmarshal(msg.Data, &r)
		if r.Self == s.Other && r.Verdict == "accepted" && r.Kind == "request" && r.Type == "sum" {
			return // the Go page reported accepting the sum request
		}
	}
}

// relayDriver connects a Go program to the relay as a driver (with the
// test token, from loopback) and, when room is not empty, returns once it
// is subscribed to room. The connection closes when the test ends.
func relayDriver(t *testing.T, s Sites, room string) (*client.Conn, context.Context) {
	t.Helper()
	u, _ := url.Parse(s.Main)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	// Go does not resolve *.localhost: dial loopback, name the host.
	c, err := client.Dial(ctx, "ws://127.0.0.1:"+u.Port()+"/relay", client.Options{Role: "driver", Room: room, Token: testToken, Host: u.Host})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	for room != "" {
		m, err := c.Next(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if a, ok := m.(client.Ack); ok && a.Op == "subscribed" {
			break
		}
	}
	return c, ctx
}
