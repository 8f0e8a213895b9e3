package relay

import (
	"strconv"
	"testing"
)

// TestDedup: the arithmetic of item numbers, one source, in order.
func TestDedup(t *testing.T) {
	t.Parallel()
	h := newHistory(Config{History: 10, HistoryBytes: 1 << 20, HistoryRooms: 4})
	for i, step := range []struct {
		n     uint64
		count int
		dup   int
	}{
		{1, 3, 0},  // 1-3 new
		{1, 3, 3},  // all again
		{2, 4, 2},  // 2-3 again, 4-5 new
		{4, 1, 1},  // old
		{9, 2, 0},  // ahead: 6-8 were lost by the tap, not duplicates
		{7, 2, 2},  // behind the highest: dropped, though never seen
		{10, 1, 1}, // the last one again
		{11, 1, 0},
	} {
		if got := h.dedup("demo", "o\x00p", step.n, step.count); got != step.dup {
			t.Errorf("step %d: dedup(n %d, count %d): got %d duplicates; want %d", i, step.n, step.count, got, step.dup)
		}
	}
	if got := h.dedup("demo", "other\x00p", 1, 2); got != 0 {
		t.Errorf("another key: got %d duplicates; want 0", got)
	}
	if got := h.dedup("elsewhere", "o\x00p", 1, 2); got != 0 {
		t.Errorf("another room: got %d duplicates; want 0", got)
	}
}

// TestDedupSourcesBounded: a room remembers at most maxSources sources;
// the one heard from least recently is forgotten first.
func TestDedupSourcesBounded(t *testing.T) {
	t.Parallel()
	h := newHistory(Config{History: 10, HistoryBytes: 1 << 20, HistoryRooms: 4})
	key := func(i int) string { return "\x00p" + strconv.Itoa(i) }
	for i := range maxSources {
		h.dedup("demo", key(i), 1, 1)
	}
	h.dedup("demo", key(0), 2, 1)          // 0 is now the most recent
	h.dedup("demo", key(maxSources), 1, 1) // one more: 1 is forgotten
	if n := len(h.rooms["demo"].sources); n != maxSources {
		t.Errorf("sources: got %d; want %d", n, maxSources)
	}
	if got := h.dedup("demo", key(0), 1, 1); got != 1 {
		t.Errorf("source 0 (recent): got %d duplicates; want 1 (remembered)", got)
	}
	if got := h.dedup("demo", key(1), 1, 1); got != 0 {
		t.Errorf("source 1 (least recent): got %d duplicates; want 0 (forgotten)", got)
	}
}

// TestRoomLogBounds: the ring keeps the newest entries within both
// bounds, oldest first, through its growth and wrap-around.
func TestRoomLogBounds(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		keep, keepBytes, push, size int
		want                        int
	}{
		{keep: 1, keepBytes: 100, push: 5, size: 10, want: 1},
		{keep: 5, keepBytes: 1000, push: 3, size: 10, want: 3},
		{keep: 5, keepBytes: 1000, push: 23, size: 10, want: 5},
		{keep: 100, keepBytes: 1000, push: 300, size: 10, want: 100},
		{keep: 100, keepBytes: 95, push: 30, size: 10, want: 9},
		{keep: 100, keepBytes: 9, push: 30, size: 10, want: 0},
		{keep: 1000, keepBytes: 1 << 20, push: 1000, size: 10, want: 1000},
	} {
		var r roomLog
		for i := range tc.push {
			b := make([]byte, tc.size)
			b[0] = byte(i)
			r.push(logEntry{f: &outFrame{b: b}, order: uint64(i)}, tc.keep, tc.keepBytes)
		}
		got := r.entries(nil)
		if len(got) != tc.want || r.n != tc.want || r.bytes != tc.want*tc.size {
			t.Errorf("%+v: got %d entries, %d bytes; want %d", tc, len(got), r.bytes, tc.want)
			continue
		}
		for i, e := range got {
			if want := uint64(tc.push - tc.want + i); e.order != want {
				t.Errorf("%+v: entry %d: got %d; want %d (newest, oldest first)", tc, i, e.order, want)
				break
			}
		}
		if len(r.ring) > tc.keep {
			t.Errorf("%+v: ring of %d slots; want at most %d", tc, len(r.ring), tc.keep)
		}
	}
}
