package relay_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/postbridge/postbridge/server/relay"
	"github.com/postbridge/postbridge/server/relay/client"
)

type tapItem struct {
	I string `json:"i"`
}

func items(names ...string) []any {
	out := make([]any, len(names))
	for i, n := range names {
		out[i] = tapItem{n}
	}
	return out
}

// TestTapReconnectNoDuplicate: a page's tap numbers its records (src, n).
// When its socket breaks it cannot know what arrived, so it sends the
// unconfirmed records again on a new connection; the relay relays each
// record once, live and in history, and its sequence numbers show no gap.
// Another origin reusing the src is not silenced, and records without
// numbers are never held back.
func TestTapReconnectNoDuplicate(t *testing.T) {
	t.Parallel()
	s := newServer(t, relay.Config{})
	ctx := testCtx(t, 30*time.Second)
	dash := s.subscriber(t, "demo")
	tap := func() *client.Conn {
		return s.dial(t, client.Options{Role: "tap", Room: "demo", Origin: otherOrigin})
	}
	const src = "page-7f3a9c"
	send := func(c *client.Conn, n uint64, names ...string) {
		t.Helper()
		if err := c.PublishNumbered(ctx, "demo", src, n, items(names...)); err != nil {
			t.Fatal(err)
		}
		barrier(t, c)
	}

	first := tap()
	send(first, 1, "r1", "r2", "r3", "r4", "r5")
	// The socket seems dead; the page reconnects and sends again what it
	// had not seen confirmed, and more.
	second := tap()
	send(second, 3, "r3", "r4", "r5", "r6", "r7", "r8")
	// The old socket was alive after all and delivers a late retry.
	send(first, 6, "r6", "r7")
	// The same src from another origin is another source.
	other := s.dial(t, client.Options{Role: "tap", Room: "demo", Origin: mainOrigin})
	if err := other.PublishNumbered(ctx, "demo", src, 1, items("m1")); err != nil {
		t.Fatal(err)
	}
	barrier(t, other)
	// Without numbers, nothing is held back.
	for range 2 {
		if err := second.PublishBatch(ctx, "demo", items("plain")); err != nil {
			t.Fatal(err)
		}
	}
	barrier(t, second)

	want := []string{"r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "m1", "plain", "plain"}
	check := func(who string, msgs []client.Msg) {
		t.Helper()
		var got []string
		last := map[string]uint64{}
		for _, m := range msgs {
			var it tapItem
			_ = json.Unmarshal(m.Data, &it)
			got = append(got, it.I)
			if m.Seq != last[m.From]+1 {
				t.Errorf("%s: sender %s seq %d after %d: a gap", who, m.From, m.Seq, last[m.From])
			}
			last[m.From] = m.Seq
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: got %v; want %v (each record once)", who, got, want)
		}
	}
	live := make([]client.Msg, len(want))
	for i := range live {
		live[i] = expectMsg(t, dash)
	}
	barrier(t, dash) // and nothing more
	check("live subscriber", live)
	_, hist := readHistory(t, s, "demo")
	check("late subscriber's history", hist)
	if st := s.hub.Stats(); st.Duplicates != 5 || st.Published != uint64(len(want)) {
		t.Errorf("Stats: got %+v; want Duplicates 5, Published %d", st, len(want))
	}
}
