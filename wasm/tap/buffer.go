package tap

import "sync"

// Buffer holds decisions waiting to be sent. It never blocks and never
// grows past its capacity, in records or in bytes: when full, the oldest
// decisions are dropped and counted, and the count travels with the next
// record sent.
type Buffer struct {
	mu       sync.Mutex
	ring     []Record
	head     int // index of the oldest record
	n        int // records held
	bytes    int // their size, as Record.size counts it
	maxBytes int
	dropped  int // dropped since the last record taken
	total    int // dropped in all
}

// NewBuffer returns a buffer holding at most capacity records (at least
// 1) and at most maxBytes bytes of them (at least one record's worth).
func NewBuffer(capacity, maxBytes int) *Buffer {
	return &Buffer{ring: make([]Record, max(capacity, 1)), maxBytes: maxBytes}
}

// Add stores r, dropping the oldest records to make room. The payload is
// copied, cut to MaxPayloadShown bytes: the caller may reuse its own.
func (b *Buffer) Add(r Record) {
	if len(r.Payload) > MaxPayloadShown+1 {
		r.Payload = r.Payload[:MaxPayloadShown+1] // Append marks the cut
	}
	r.Payload = append([]byte(nil), r.Payload...)
	size := r.size()
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.n > 0 && (b.n == len(b.ring) || b.bytes+size > b.maxBytes) {
		b.bytes -= b.ring[b.head].size()
		b.ring[b.head] = Record{}
		b.head = (b.head + 1) % len(b.ring)
		b.n--
		b.dropped++
		b.total++
	}
	b.ring[(b.head+b.n)%len(b.ring)] = r
	b.n++
	b.bytes += size
}

// Bytes returns the size of the records held.
func (b *Buffer) Bytes() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.bytes
}

// Len returns the number of records held.
func (b *Buffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.n
}

// Dropped returns how many records were dropped in all.
func (b *Buffer) Dropped() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.total
}

// Frame takes up to max records, oldest first, and returns them as one
// relay pub frame for room, or nil when the buffer is empty. The frame
// stays under maxBytes unless a single record is larger.
func (b *Buffer) Frame(room string, max, maxBytes int) []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.n == 0 {
		return nil
	}
	out := append([]byte(`{"op":"pub","room":`), '"')
	out = append(out, room...)
	out = append(out, `","batch":[`...)
	for i := 0; i < max && b.n > 0; i++ {
		r := b.ring[b.head]
		if b.dropped > 0 {
			r.Dropped, b.dropped = b.dropped, 0
		}
		mark := len(out)
		if i > 0 {
			out = append(out, ',')
		}
		out = r.Append(out)
		if i > 0 && len(out)+2 > maxBytes {
			out = out[:mark]
			break
		}
		b.bytes -= r.size()
		b.ring[b.head] = Record{}
		b.head = (b.head + 1) % len(b.ring)
		b.n--
	}
	return append(out, ']', '}')
}
