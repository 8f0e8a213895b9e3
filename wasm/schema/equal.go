package schema

import (
	"hash/maphash"
	"math"

	"github.com/postbridge/postbridge/wasm/jsonvalue"
)

// equal reports whether a and b are equal JSON values, as "const", "enum"
// and "uniqueItems" define it: numbers compare by value (1, 1.0 and 1e0 are
// equal), object members in any order. Its work counts against the budget.
func (c *checker) equal(a, b jsonvalue.Value) bool {
	if a.Kind() != b.Kind() || !c.spend(1) {
		return false
	}
	switch a.Kind() {
	case jsonvalue.Null:
		return true
	case jsonvalue.Bool:
		return a.Bool() == b.Bool()
	case jsonvalue.Number:
		return a.Number() == b.Number() || floatOf(a) == floatOf(b)
	case jsonvalue.String:
		return a.Str() == b.Str()
	case jsonvalue.Array:
		if a.Len() != b.Len() {
			return false
		}
		for i := 0; i < a.Len(); i++ {
			if !c.equal(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case jsonvalue.Object:
		if a.Len() != b.Len() {
			return false
		}
		// Keys are unique, so matching each of a's in b is enough. Get is
		// a linear scan: charge for it.
		for _, m := range a.Members() {
			if !c.spend(b.Len() / 16) {
				return false
			}
			bv, ok := b.Get(m.Key)
			if !ok || !c.equal(m.Value, bv) {
				return false
			}
		}
		return true
	}
	return false
}

// pairwiseItems is the array length up to which duplicate finds equal
// items by comparing every pair.
const pairwiseItems = 16

// duplicate returns the indexes i < j of two equal items of the array v,
// with j as small as possible, or j = -1.
func (c *checker) duplicate(v jsonvalue.Value) (int, int) {
	n := v.Len()
	if n <= pairwiseItems {
		for j := 1; j < n; j++ {
			for i := 0; i < j; i++ {
				if c.equal(v.Index(i), v.Index(j)) {
					return i, j
				}
			}
		}
		return 0, -1
	}
	// Remember the first item of each keyed hash; compare an item only
	// with earlier items of the same hash. A long array costs n, not n².
	hashes := make([]uint64, n)
	first := make(map[uint64]int, n)
	for j := 0; j < n && !c.stopped; j++ {
		h := c.hash(v.Index(j))
		hashes[j] = h
		i, seen := first[h]
		if !seen {
			first[h] = j
			continue
		}
		for ; i < j; i++ {
			if hashes[i] == h && c.equal(v.Index(i), v.Index(j)) {
				return i, j
			}
		}
	}
	return 0, -1
}

// hashSeed keys the hashes of duplicate, so that no payload can be built
// in advance to make many unequal items collide.
var hashSeed = maphash.MakeSeed()

// hash returns a hash of v that equal values share: numbers hash by their
// float64 value, object members in any order.
func (c *checker) hash(v jsonvalue.Value) uint64 {
	c.spend(1)
	switch v.Kind() {
	case jsonvalue.Bool:
		if v.Bool() {
			return mix(2)
		}
		return mix(3)
	case jsonvalue.Number:
		f := floatOf(v)
		if f == 0 {
			f = 0 // -0 equals 0
		}
		bits := math.Float64bits(f)
		var b [8]byte
		for i := range b {
			b[i] = byte(bits >> (8 * i))
		}
		return mix(4 ^ maphash.Bytes(hashSeed, b[:]))
	case jsonvalue.String:
		return mix(5 ^ maphash.String(hashSeed, v.Str()))
	case jsonvalue.Array:
		h := mix(6)
		for i := 0; i < v.Len() && !c.stopped; i++ {
			h = mix(h ^ c.hash(v.Index(i)))
		}
		return h
	case jsonvalue.Object:
		var sum uint64 // order-free
		for _, m := range v.Members() {
			if c.stopped {
				break
			}
			sum += mix(maphash.String(hashSeed, m.Key) ^ c.hash(m.Value)*3)
		}
		return mix(7 ^ sum)
	}
	return mix(1)
}

// mix is the finaliser of MurmurHash3: a cheap bijection that spreads bits.
func mix(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}
