package relay_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/postbridge/postbridge/server/relay"
	"github.com/postbridge/postbridge/server/relay/client"
)

// TestSlowConsumerShed: a subscriber that stops reading fills its socket,
// then its queue, then passes DropLimit and is shed, while a fast
// subscriber of the same room keeps receiving everything and the publisher
// never waits. When the slow one reads again it finds its messages in
// order, "dropped" notices exactly where the gaps are, counts that add up
// to what was published, and the close reason.
func TestSlowConsumerShed(t *testing.T) {
	t.Parallel()
	const dropLimit = 128
	// Long timeouts: shedding must come from DropLimit, not from a write
	// timeout, even on a starved machine.
	s := newServer(t, relay.Config{QueueSize: 64, DropLimit: dropLimit, WriteTimeout: 3 * time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	slow := s.subscriber(t, "flood")
	fast := s.subscriber(t, "flood")
	pub := s.dial(t, client.Options{Role: "driver"})

	pad := strings.Repeat("x", 4000)
	const batch = 50
	published := 0
	for s.hub.Stats().Shed == 0 {
		if published > 100_000 { // ~400 MB: the socket buffers cannot be that large
			t.Fatal("slow consumer never shed")
		}
		items := make([]any, batch)
		for i := range items {
			items[i] = map[string]any{"n": published + i, "pad": pad}
		}
		if err := pub.PublishBatch(ctx, "flood", items); err != nil {
			t.Fatal(err)
		}
		// Pace on the fast subscriber: it must get every message.
		for range batch {
			published++
			m, err := fast.Next(ctx)
			if msg, ok := m.(client.Msg); err != nil || !ok || msg.Seq != uint64(published) {
				t.Fatalf("fast subscriber: got %#v, %v; want Msg seq %d", m, err, published)
			}
		}
	}
	t.Logf("slow consumer shed after %d messages", published)

	// Every publication is accounted for, in order: each Msg follows the
	// last one, or the last one plus the count of a "dropped" notice just
	// before it. Frames still queued when the client was shed are counted in
	// the last notice, so received + dropped is exactly what was published.
	var seq, dropped, received uint64
	var err error
	for {
		var m client.Message
		m, err = slow.Next(ctx)
		if err != nil {
			break
		}
		switch m := m.(type) {
		case client.Msg:
			if m.Seq != seq+1 {
				t.Fatalf("slow subscriber: got seq %d after %d; want %d (a gap without a notice, or a misplaced notice)", m.Seq, seq, seq+1)
			}
			seq = m.Seq
			received++
		case client.Dropped:
			seq += m.Count
			dropped += m.Count
		default:
			t.Fatalf("slow subscriber: unexpected %#v", m)
		}
	}
	var ce websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != websocket.StatusPolicyViolation || ce.Reason != "slow consumer" {
		t.Errorf("slow subscriber: got end %v; want close 1008 \"slow consumer\"", err)
	}
	if received == 0 || dropped <= dropLimit || received+dropped != uint64(published) {
		t.Errorf("slow subscriber: received %d and was told of %d dropped; want some received, more than %d dropped, %d in all",
			received, dropped, dropLimit, published)
	}
	t.Logf("slow subscriber: received %d, told of %d dropped, of %d published", received, dropped, published)

	// The hub and the other clients carry on.
	if err := pub.Publish(ctx, "flood", map[string]int{"after": 1}); err != nil {
		t.Fatal(err)
	}
	if m := expectMsg(t, fast); m.Seq != uint64(published)+1 {
		t.Errorf("fast subscriber after shedding: got seq %d; want %d", m.Seq, published+1)
	}
	if st := s.hub.Stats(); st.Shed != 1 || st.Dropped < dropLimit {
		t.Errorf("Stats: got %+v; want Shed 1, Dropped > %d", st, dropLimit)
	}
}
