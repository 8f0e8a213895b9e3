package relay_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/postbridge/postbridge/server/relay"
	"github.com/postbridge/postbridge/server/relay/client"
)

// barrier waits until the hub has handled every frame c sent before.
func barrier(t testing.TB, c *client.Conn) {
	t.Helper()
	if err := c.Ping(testCtx(t, 10*time.Second), "barrier"); err != nil {
		t.Fatal(err)
	}
	expectAck(t, c, "pong")
}

// publishN publishes records {"i":from}…{"i":from+n-1} into room, each
// padded with pad bytes, in batches of ten.
func publishN(t testing.TB, c *client.Conn, room string, from, n, pad int) {
	t.Helper()
	ctx := testCtx(t, 30*time.Second)
	p := strings.Repeat("x", pad)
	for i := 0; i < n; i += 10 {
		batch := make([]any, 0, 10)
		for k := i; k < min(i+10, n); k++ {
			batch = append(batch, map[string]any{"i": from + k, "pad": p})
		}
		if err := c.PublishBatch(ctx, room, batch); err != nil {
			t.Fatal(err)
		}
	}
}

// readHistory subscribes a new dashboard to room and returns the history
// it is sent, checking that each frame is marked and that the count
// matches the subscribed reply.
func readHistory(t testing.TB, s *testServer, room string) (*client.Conn, []client.Msg) {
	t.Helper()
	c := s.dial(t, client.Options{Role: "dashboard", Room: room})
	ack := expectAck(t, c, "subscribed")
	out := make([]client.Msg, ack.Replay)
	for i := range out {
		out[i] = expectMsg(t, c)
		if !out[i].History {
			t.Fatalf("subscriber of %s: frame %d of %d history: got %+v; want a Msg marked history", room, i+1, ack.Replay, out[i])
		}
	}
	return c, out
}

func itemOf(t testing.TB, m client.Msg) int {
	t.Helper()
	var v struct{ I int }
	if err := json.Unmarshal(m.Data, &v); err != nil {
		t.Fatalf("data %s: %v", m.Data, err)
	}
	return v.I
}

// TestHistoryBounds: a new subscriber gets the room's newest publications,
// oldest first, marked as history, within both bounds, then live traffic
// unmarked and without a gap.
func TestHistoryBounds(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name             string
		history, bytes   int
		publish, pad     int
		wantMin, wantMax int // records replayed
	}{
		{name: "fewer than the bound", history: 10, publish: 5, wantMin: 5, wantMax: 5},
		{name: "records bound", history: 10, publish: 25, wantMin: 10, wantMax: 10},
		{name: "default records bound", publish: 1200, wantMin: relay.DefaultHistory, wantMax: relay.DefaultHistory},
		// Frames of about 1,160 bytes in 8 KiB: 7 fit.
		{name: "bytes bound", history: 100, bytes: 8 << 10, publish: 40, pad: 1000, wantMin: 6, wantMax: 7},
		{name: "a record larger than the bound", history: 100, bytes: 2 << 10, publish: 3, pad: 3000, wantMin: 0, wantMax: 0},
		{name: "history off", history: -1, publish: 5, wantMin: 0, wantMax: 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, relay.Config{History: tc.history, HistoryBytes: tc.bytes})
			pub := s.dial(t, client.Options{Role: "driver"})
			publishN(t, pub, "demo", 0, tc.publish, tc.pad)
			barrier(t, pub)

			sub, hist := readHistory(t, s, "demo")
			if n := len(hist); n < tc.wantMin || n > tc.wantMax {
				t.Fatalf("history: got %d records; want %d to %d", n, tc.wantMin, tc.wantMax)
			}
			bytes := 0
			for i, m := range hist {
				// The newest publications, oldest first: seq and data in order.
				if want := uint64(tc.publish - len(hist) + i + 1); m.Seq != want || itemOf(t, m) != int(want)-1 || m.From != pub.ID() {
					t.Errorf("history[%d]: got seq %d from %s, data %.20s; want seq %d from %s", i, m.Seq, m.From, m.Data, want, pub.ID())
				}
				bytes += len(m.Data)
			}
			barrier(t, sub) // the hub has counted what it wrote
			st := s.hub.Stats()
			if limit := max(tc.bytes, 0); limit > 0 && (st.HistoryBytes > limit || bytes > limit) {
				t.Errorf("bytes kept: got %d (data %d); want at most %d", st.HistoryBytes, bytes, limit)
			}
			if st.HistoryFrames != len(hist) || st.Replayed != uint64(len(hist)) {
				t.Errorf("Stats: got %+v; want HistoryFrames and Replayed %d", st, len(hist))
			}

			// Live traffic follows, unmarked, with the next seq.
			publishN(t, pub, "demo", tc.publish, 1, 0)
			if m := expectMsg(t, sub); m.History || m.Seq != uint64(tc.publish+1) {
				t.Errorf("first live frame: got %+v; want seq %d, not history", m, tc.publish+1)
			}
		})
	}
}

// TestHistoryAllRooms: a subscription to "*" gets every room's history
// merged in publication order; a room the client already receives is not
// replayed again, and a second subscription brings nothing twice.
func TestHistoryAllRooms(t *testing.T) {
	t.Parallel()
	s := newServer(t, relay.Config{})
	pub := s.dial(t, client.Options{Role: "driver"})
	ctx := testCtx(t, 30*time.Second)
	rooms := []string{"a", "b", "c"}
	for i := range 30 {
		if err := pub.Publish(ctx, rooms[i%3], map[string]int{"i": i}); err != nil {
			t.Fatal(err)
		}
	}
	barrier(t, pub)

	_, all := readHistory(t, s, "*")
	if len(all) != 30 {
		t.Fatalf("history of *: got %d; want 30", len(all))
	}
	for i, m := range all {
		if m.Seq != uint64(i+1) || m.Room != rooms[i%3] {
			t.Errorf("history of *[%d]: got seq %d in %s; want seq %d in %s (publication order)", i, m.Seq, m.Room, i+1, rooms[i%3])
		}
	}

	// Subscribed to a first, then to *: b and c only; then a again: nothing.
	c, hist := readHistory(t, s, "a")
	if len(hist) != 10 {
		t.Fatalf("history of a: got %d; want 10", len(hist))
	}
	for _, step := range []struct {
		room string
		want int
	}{{"*", 20}, {"a", 0}, {"*", 0}} {
		if err := c.Subscribe(ctx, step.room); err != nil {
			t.Fatal(err)
		}
		ack := expectAck(t, c, "subscribed")
		if ack.Replay != step.want {
			t.Errorf("sub %s after a: got replay %d; want %d", step.room, ack.Replay, step.want)
		}
		for range ack.Replay {
			if m := expectMsg(t, c); m.Room == "a" || !m.History {
				t.Errorf("sub %s after a: got %+v; want history of b and c only", step.room, m)
			}
		}
	}
	barrier(t, c) // nothing else was queued before the pong
}

// TestHistoryRoomsBounded: only HistoryRooms rooms keep history; the room
// published into least recently is forgotten first, so a flood of rooms
// costs at most HistoryRooms × HistoryBytes.
func TestHistoryRoomsBounded(t *testing.T) {
	t.Parallel()
	s := newServer(t, relay.Config{HistoryRooms: 3, History: 5})
	pub := s.dial(t, client.Options{Role: "driver"})
	for i := range 200 {
		publishN(t, pub, fmt.Sprintf("room-%d", i), 0, 7, 0)
	}
	publishN(t, pub, "room-197", 7, 1, 0) // used again: now 198 is the least recent
	publishN(t, pub, "fresh", 0, 2, 0)    // a room more: 198 is forgotten
	barrier(t, pub)
	if st := s.hub.Stats(); st.HistoryRooms != 3 || st.HistoryFrames != 12 {
		t.Errorf("Stats: got %+v; want 3 rooms, 12 frames kept", st)
	}
	for room, want := range map[string]int{"room-0": 0, "room-196": 0, "room-198": 0, "room-197": 5, "room-199": 5, "fresh": 2} {
		if _, hist := readHistory(t, s, room); len(hist) != want {
			t.Errorf("history of %s: got %d; want %d", room, len(hist), want)
		}
	}
}

// TestHistoryThenLiveExactlyOnce: subscribers join while a publisher
// floods the room. Each sees one run of consecutive sequence numbers,
// history then live, ending with the last publication: no gap at the seam
// and no publication twice.
func TestHistoryThenLiveExactlyOnce(t *testing.T) {
	t.Parallel()
	const total, subs = 3000, 8
	s := newServer(t, relay.Config{History: 200, QueueSize: total + 16, WriteTimeout: time.Minute})
	pub := s.dial(t, client.Options{Role: "driver"})
	done := make(chan struct{})
	go func() {
		defer close(done)
		publishN(t, pub, "flood", 0, total, 0)
	}()
	errs := make(chan error, subs)
	for k := range subs {
		time.Sleep(time.Duration(k) * 3 * time.Millisecond)
		c := s.dial(t, client.Options{Role: "dashboard", Room: "flood"})
		go func() { errs <- seeRun(c, total) }()
	}
	<-done
	for range subs {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if st := s.hub.Stats(); st.Dropped != 0 {
		t.Errorf("Stats: got %+v; want nothing dropped", st)
	}
}

// seeRun reads c until seq last and checks the run is consecutive, with
// every history frame before every live one.
func seeRun(c *client.Conn, last uint64) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var prev uint64
	live := false
	for prev < last {
		m, err := c.Next(ctx)
		if err != nil {
			return fmt.Errorf("subscriber %s after seq %d: %w", c.ID(), prev, err)
		}
		msg, ok := m.(client.Msg)
		if !ok {
			continue
		}
		switch {
		case prev != 0 && msg.Seq != prev+1:
			return fmt.Errorf("subscriber %s: seq %d after %d (history %v): a gap or a duplicate", c.ID(), msg.Seq, prev, msg.History)
		case msg.History && live:
			return fmt.Errorf("subscriber %s: history seq %d after live traffic", c.ID(), msg.Seq)
		}
		live = live || !msg.History
		prev = msg.Seq
	}
	return nil
}
