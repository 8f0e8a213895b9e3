package relay

import (
	"cmp"
	"slices"
	"sync"
)

// maxSources bounds the publishers (origin and src) remembered per room
// for duplicate detection; past it, the one heard from least recently is
// forgotten.
const maxSources = 256

// history keeps, per room, the newest publications (for late subscribers)
// and the highest item number accepted from each source (for duplicate
// detection). Everything in it is bounded: rooms by HistoryRooms, each
// room's publications by History and HistoryBytes, its sources by
// maxSources.
//
// Ordering with live traffic: fanout appends to a room's log while it
// holds Hub.mu for reading, and subscribe takes its snapshot while it
// holds Hub.mu for writing, so every publication is either in the
// snapshot a new subscriber gets or queued for it live, never both and
// never neither.
type history struct {
	keep, keepBytes, maxRooms int

	mu    sync.Mutex
	rooms map[string]*roomLog
	clock uint64 // hub-wide order of appends and uses
}

// roomLog is one room's history: a ring of frames, oldest first.
type roomLog struct {
	ring    []logEntry // len(ring) grows to at most keep
	head, n int
	bytes   int
	used    uint64            // clock of the last publication or dedup
	sources map[string]source // key: origin + "\x00" + src
}

type logEntry struct {
	f     *outFrame
	order uint64 // clock when appended: merges rooms in publication order
}

type source struct {
	last uint64 // highest item number accepted
	used uint64
}

func newHistory(cfg Config) *history {
	return &history{keep: cfg.History, keepBytes: cfg.HistoryBytes, maxRooms: cfg.HistoryRooms,
		rooms: make(map[string]*roomLog)}
}

// room returns room's log, creating it (and forgetting the least recently
// used room if there are too many) when create is set. Call with mu held.
func (h *history) room(name string, create bool) *roomLog {
	if r := h.rooms[name]; r != nil || !create {
		return r
	}
	if len(h.rooms) >= h.maxRooms {
		var oldest string
		var at uint64
		for n, r := range h.rooms {
			if oldest == "" || r.used < at {
				oldest, at = n, r.used
			}
		}
		delete(h.rooms, oldest)
	}
	r := &roomLog{sources: make(map[string]source)}
	h.rooms[name] = r
	return r
}

// append keeps frames, in order, as room's newest publications.
func (h *history) append(room string, frames []*outFrame) {
	if h.keep == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.room(room, true)
	for _, f := range frames {
		h.clock++
		r.used = h.clock
		r.push(logEntry{f: f, order: h.clock}, h.keep, h.keepBytes)
	}
}

// push adds e, first evicting the oldest entries until it fits both
// bounds. An entry larger than keepBytes is not kept.
func (r *roomLog) push(e logEntry, keep, keepBytes int) {
	size := len(e.f.b)
	if size > keepBytes {
		return
	}
	for r.n > 0 && (r.n == keep || r.bytes+size > keepBytes) {
		old := &r.ring[r.head]
		r.bytes -= len(old.f.b)
		*old = logEntry{}
		r.head = (r.head + 1) % len(r.ring)
		r.n--
	}
	if r.n == len(r.ring) { // grow: double, up to keep, oldest first
		grown := make([]logEntry, min(max(2*len(r.ring), 16), keep))
		for i := range r.n {
			grown[i] = r.ring[(r.head+i)%len(r.ring)]
		}
		r.ring, r.head = grown, 0
	}
	r.ring[(r.head+r.n)%len(r.ring)] = e
	r.n++
	r.bytes += size
}

// entries appends the room's entries to dst, oldest first.
func (r *roomLog) entries(dst []logEntry) []logEntry {
	for i := range r.n {
		dst = append(dst, r.ring[(r.head+i)%len(r.ring)])
	}
	return dst
}

// snapshot returns the history a new subscription to room gets: the
// room's frames, or for AllRooms those of every room not in skip (rooms
// the subscriber already receives), merged in publication order.
func (h *history) snapshot(room string, skip map[string]struct{}) []*outFrame {
	h.mu.Lock()
	defer h.mu.Unlock()
	var all []logEntry
	if room != AllRooms {
		if r := h.rooms[room]; r != nil {
			all = r.entries(nil)
		}
	} else {
		for name, r := range h.rooms {
			if _, ok := skip[name]; !ok {
				all = r.entries(all)
			}
		}
		slices.SortFunc(all, func(a, b logEntry) int { return cmp.Compare(a.order, b.order) })
	}
	if len(all) == 0 {
		return nil
	}
	out := make([]*outFrame, len(all))
	for i, e := range all {
		out[i] = e.f
	}
	return out
}

// dedup numbers the count items of a publication n, n+1, … for key in
// room, and returns how many leading items were already accepted (the
// duplicates to drop). It remembers the highest number accepted.
func (h *history) dedup(room, key string, n uint64, count int) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.room(room, true)
	h.clock++
	r.used = h.clock
	s, known := r.sources[key]
	if !known && len(r.sources) >= maxSources {
		var oldest string
		var at uint64
		for k, v := range r.sources {
			if oldest == "" || v.used < at {
				oldest, at = k, v.used
			}
		}
		delete(r.sources, oldest)
	}
	end := n + uint64(count) - 1
	dup := 0
	switch {
	case end <= s.last:
		dup = count
	case n <= s.last:
		dup = int(s.last - n + 1)
	}
	r.sources[key] = source{last: max(s.last, end), used: h.clock}
	return dup
}

// size returns the rooms, frames and bytes kept.
func (h *history) size() (rooms, frames, bytes int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, r := range h.rooms {
		if r.n > 0 {
			rooms++
		}
		frames += r.n
		bytes += r.bytes
	}
	return rooms, frames, bytes
}
