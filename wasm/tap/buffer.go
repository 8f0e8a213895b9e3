package tap

import (
	"strconv"
	"sync"
)

// Buffer holds decisions waiting to be sent, and those sent but not yet
// confirmed by the relay. It never blocks and never grows past its
// capacity, in records or in bytes: when full, the oldest records are
// dropped and counted, and the count travels with the next record sent.
//
// Every record gets a number, 1, 2, 3…, when it is added: a frame says
// the number of its first record ("n") and the relay drops the records it
// already has, so records can be sent again after a reconnection (Rewind)
// without ever being shown twice.
type Buffer struct {
	mu       sync.Mutex
	ring     []Record
	head     int // index of the oldest record
	n        int // records held
	sent     int // of them, sent and awaiting confirmation (the oldest)
	bytes    int // their size, as Record.size counts it
	maxBytes int
	first    uint64 // the number of the record at head
	dropped  int    // dropped since the last record taken
	total    int    // dropped in all
}

// NewBuffer returns a buffer holding at most capacity records (at least
// 1) and at most maxBytes bytes of them (at least one record's worth).
func NewBuffer(capacity, maxBytes int) *Buffer {
	return &Buffer{ring: make([]Record, max(capacity, 1)), maxBytes: maxBytes, first: 1}
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
		b.pop()
		if b.sent > 0 {
			b.sent-- // it was sent: the relay may have it
		} else {
			b.dropped++
			b.total++
		}
	}
	b.ring[(b.head+b.n)%len(b.ring)] = r
	b.n++
	b.bytes += size
}

// pop removes the oldest record; the caller holds mu.
func (b *Buffer) pop() {
	b.bytes -= b.ring[b.head].size()
	b.ring[b.head] = Record{}
	b.head = (b.head + 1) % len(b.ring)
	b.n--
	b.first++
}

// Len returns the number of records held, sent or not.
func (b *Buffer) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.n
}

// Unsent returns the number of records not sent yet.
func (b *Buffer) Unsent() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.n - b.sent
}

// Bytes returns the size of the records held.
func (b *Buffer) Bytes() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.bytes
}

// Dropped returns how many records were dropped in all before being sent.
func (b *Buffer) Dropped() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.total
}

// Confirm releases the records numbered up to n: the relay has them.
func (b *Buffer) Confirm(n uint64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.sent > 0 && b.first <= n {
		b.pop()
		b.sent--
	}
}

// Rewind makes every unconfirmed record unsent again, for a new
// connection: they go out again, with their numbers.
func (b *Buffer) Rewind() {
	b.mu.Lock()
	b.sent = 0
	b.mu.Unlock()
}

// Frame takes up to max unsent records, oldest first, and returns them as
// one relay pub frame for room from source src, with the number of the
// last record in it; nil when nothing is unsent. The frame stays under
// maxBytes unless a single record is larger. The records stay in the
// buffer until Confirm.
func (b *Buffer) Frame(room, src string, max, maxBytes int) (frame []byte, last uint64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.sent == b.n {
		return nil, 0
	}
	start := b.first + uint64(b.sent)
	out := append([]byte(`{"op":"pub","room":`), '"')
	out = append(out, room...)
	out = append(out, `","src":"`...)
	out = append(out, src...)
	out = append(out, `","n":`...)
	out = strconv.AppendUint(out, start, 10)
	out = append(out, `,"batch":[`...)
	for i := 0; i < max && b.sent < b.n; i++ {
		idx := (b.head + b.sent) % len(b.ring)
		if b.dropped > 0 { // the count travels with this record, resent or not
			b.ring[idx].Dropped += b.dropped
			b.dropped = 0
		}
		r := b.ring[idx]
		mark := len(out)
		if i > 0 {
			out = append(out, ',')
		}
		out = r.Append(out)
		if i > 0 && len(out)+2 > maxBytes {
			out = out[:mark]
			break
		}
		b.sent++
	}
	return append(out, ']', '}'), b.first + uint64(b.sent) - 1
}
