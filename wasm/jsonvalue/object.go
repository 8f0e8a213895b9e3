package jsonvalue

import "hash/maphash"

// linearKeys is the member count up to which duplicate keys are found by
// comparing each new key with the earlier ones. Larger objects are checked
// once, when they close, with a hash set: quadratic work on a 64 KiB object
// of short keys would otherwise be an easy way to burn CPU.
const linearKeys = 16

// keyRef records one object key for the duplicate check. It holds no
// pointer, so moving many of them costs no write barriers.
type keyRef struct {
	start, end   int  // the key's content in data, between the quotes
	esc          bool // the key has escapes,
	dstart, dend int  // and its text is p.decoded[dstart:dend]
}

// inlineKeys is how many keys of open objects a parser holds without
// allocating: an envelope's members and a typical payload's.
const inlineKeys = 32

// keyStack holds the keys of the open objects, innermost last. It lives
// inside the parser, by value, so that ordinary input needs no allocation.
type keyStack struct {
	inline [inlineKeys]keyRef
	spill  []keyRef // all the keys instead, once inline is full
	n      int
}

// slice returns the keys; it is valid until the next push.
func (s *keyStack) slice() []keyRef {
	if s.spill != nil {
		return s.spill[:s.n]
	}
	return s.inline[:s.n]
}

func (s *keyStack) push(k keyRef) {
	switch {
	case s.spill != nil:
		s.spill = append(s.spill[:s.n], k)
	case s.n < len(s.inline):
		s.inline[s.n] = k
	default:
		s.spill = append(make([]keyRef, 0, 4*inlineKeys), s.inline[:]...)
		s.spill = append(s.spill, k)
	}
	s.n++
}

// object parses the object at p.pos. With rec, it is the top-level value of
// ValidMembers, and its members are recorded.
func (p *parser) object(rec *recorder) (Value, error) {
	start, base, kbase, dbase := p.pos, len(p.stack), p.keys.n, len(p.decoded)
	if p.build && p.stack == nil {
		p.stack = make([]Member, 0, 16)
	}
	if err := p.enter(); err != nil {
		return Value{}, err
	}
	p.pos++
	p.skipSpace()
	if p.peek() == '}' {
		p.pos++
		return p.finish(Object, start, base), nil
	}
	for {
		p.skipSpace()
		if p.peek() != '"' {
			return Value{}, p.fail(ErrSyntax, "want string key in object")
		}
		k := keyRef{start: p.pos + 1}
		esc, err := p.scanString()
		if err != nil {
			return Value{}, err
		}
		k.end = p.pos - 1
		if esc {
			k.esc, k.dstart = true, len(p.decoded)
			p.decoded = appendUnescaped(p.decoded, p.data[k.start:k.end])
			k.dend = len(p.decoded)
		}
		var key string
		if p.build {
			key = p.keyString(&k)
		}
		if keys := p.keys.slice()[kbase:]; len(keys) < linearKeys {
			for i := range keys {
				if p.sameKey(&keys[i], &k) {
					return Value{}, p.duplicate(k)
				}
			}
		}
		p.keys.push(k)

		p.skipSpace()
		if p.peek() != ':' {
			return Value{}, p.fail(ErrSyntax, "want ':' after object key")
		}
		p.pos++
		v, err := p.value()
		if err != nil {
			return Value{}, err
		}
		if p.build {
			p.stack = append(p.stack, Member{Key: key, Value: v})
		}
		if rec != nil {
			if rec.n < len(rec.dst) {
				rec.dst[rec.n] = RawMember{Key: p.data[k.start-1 : k.end+1], Value: v.raw, Kind: v.kind}
			}
			rec.n++
		}
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.pos++
		case '}':
			p.pos++
			if keys := p.keys.slice()[kbase:]; len(keys) > linearKeys {
				if err := p.manyDuplicates(keys); err != nil {
					return Value{}, err
				}
			}
			p.keys.n, p.decoded = kbase, p.decoded[:dbase]
			return p.finish(Object, start, base), nil
		default:
			return Value{}, p.fail(ErrSyntax, "want ',' or '}' in object")
		}
	}
}

// keyText returns the decoded text of k, without allocating.
func (p *parser) keyText(k *keyRef) []byte {
	if k.esc {
		return p.decoded[k.dstart:k.dend]
	}
	return p.data[k.start:k.end]
}

// keyString returns the decoded text of k as a string for the tree.
func (p *parser) keyString(k *keyRef) string {
	if k.esc {
		return string(p.keyText(k))
	}
	return p.src[k.start:k.end]
}

func (p *parser) sameKey(a, b *keyRef) bool {
	return string(p.keyText(a)) == string(p.keyText(b))
}

// keySeed keys the hash of manyDuplicates. It is random per process, so
// input cannot be crafted to make keys collide.
var keySeed = maphash.MakeSeed()

// manyDuplicates finds the first repeated key, in source order, among the
// keys of one object: the first key already in a hash set of the earlier
// ones. That is O(n) expected and copies no key, where a map[string] would
// copy every one; the set's table is kept for the next large object.
//
// A slot holds a key's index plus one in its low 32 bits and the top 32
// bits of its hash above; 2^32 keys would take a 20 GB input.
func (p *parser) manyDuplicates(keys []keyRef) error {
	size := 2
	for size < 2*len(keys) {
		size <<= 1
	}
	var small [64]uint64 // objects of up to 32 keys need no allocation
	var table []uint64
	switch {
	case size <= len(small):
		table = small[:size]
	case cap(p.table) < size:
		p.table = make([]uint64, size)
		table = p.table
	default:
		table = p.table[:size]
		clear(table)
	}
	const low = 1<<32 - 1
	mask := uint64(size - 1)
	for i := range keys {
		h := maphash.Bytes(keySeed, p.keyText(&keys[i]))
		tag := h &^ low
		for j := h & mask; ; j = (j + 1) & mask {
			slot := table[j]
			if slot == 0 {
				table[j] = tag | uint64(i+1)
				break
			}
			if slot&^low == tag && p.sameKey(&keys[slot&low-1], &keys[i]) {
				return p.duplicate(keys[i])
			}
		}
	}
	return nil
}

func (p *parser) duplicate(k keyRef) *ParseError {
	return &ParseError{Offset: int64(k.start - 1), Err: ErrDuplicateKey, Msg: "duplicate key " + quoteShort(string(p.keyText(&k)))}
}
