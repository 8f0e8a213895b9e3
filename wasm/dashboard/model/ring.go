package model

// Ring keeps the newest values pushed into it, up to a fixed capacity: a
// push into a full ring overwrites the oldest value. Memory stays bounded
// however fast values arrive.
type Ring[T any] struct {
	buf   []T
	start int // index of the oldest value
	n     int
}

// NewRing returns an empty ring holding at most capacity values (at least
// one).
func NewRing[T any](capacity int) *Ring[T] {
	return &Ring[T]{buf: make([]T, max(capacity, 1))}
}

// Push adds v as the newest value and reports whether the oldest value
// was dropped to make room.
func (r *Ring[T]) Push(v T) (evicted bool) {
	if r.n < len(r.buf) {
		r.buf[(r.start+r.n)%len(r.buf)] = v
		r.n++
		return false
	}
	r.buf[r.start] = v
	r.start = (r.start + 1) % len(r.buf)
	return true
}

// Len returns how many values the ring holds.
func (r *Ring[T]) Len() int { return r.n }

// Cap returns the most values the ring holds.
func (r *Ring[T]) Cap() int { return len(r.buf) }

// At returns the i-th value, 0 being the oldest. It panics if i is out of
// range, like a slice index.
func (r *Ring[T]) At(i int) T {
	if i < 0 || i >= r.n {
		panic("model: ring index out of range")
	}
	return r.buf[(r.start+i)%len(r.buf)]
}

// Slice returns a copy of the values, oldest first.
func (r *Ring[T]) Slice() []T {
	out := make([]T, r.n)
	for i := range out {
		out[i] = r.buf[(r.start+i)%len(r.buf)]
	}
	return out
}

// Clear empties the ring, releasing what it held.
func (r *Ring[T]) Clear() {
	clear(r.buf)
	r.start, r.n = 0, 0
}
