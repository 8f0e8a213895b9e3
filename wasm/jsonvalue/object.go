package jsonvalue

// linearKeys is the member count up to which duplicate keys are found by
// comparing each new key with the earlier ones. Larger objects are checked
// once, when they close, with a map: quadratic work on a 64 KiB object of
// short keys would otherwise be an easy way to burn CPU.
const linearKeys = 16

// keyRef records one object key for the duplicate check.
type keyRef struct {
	start, end int    // the key's content in data, between the quotes
	off        int    // offset of the opening quote, for errors
	esc        bool   // the key contains escapes
	key        string // decoded key; set when building or when esc
}

func (p *parser) object() (Value, error) {
	start, base, kbase := p.pos, len(p.stack), len(p.keys)
	if p.keys == nil { // skip append's 1, 2, 4 steps
		n := 8
		if p.build {
			n = 16 // the envelope's members and a small payload's
		}
		p.keys = make([]keyRef, 0, n)
	}
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
		k := keyRef{off: p.pos, start: p.pos + 1}
		esc, err := p.scanString()
		if err != nil {
			return Value{}, err
		}
		k.end, k.esc = p.pos-1, esc
		if p.build || esc {
			k.key = p.decode(k.start, k.end, esc)
		}
		if n := len(p.keys) - kbase; n < linearKeys {
			for i := kbase; i < len(p.keys); i++ {
				if p.sameKey(&p.keys[i], &k) {
					return Value{}, p.duplicate(k)
				}
			}
		}
		p.keys = append(p.keys, k)

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
			p.stack = append(p.stack, Member{Key: k.key, Value: v})
		}
		p.skipSpace()
		switch p.peek() {
		case ',':
			p.pos++
		case '}':
			p.pos++
			if len(p.keys)-kbase > linearKeys {
				if err := p.manyDuplicates(p.keys[kbase:]); err != nil {
					return Value{}, err
				}
			}
			p.keys = p.keys[:kbase]
			return p.finish(Object, start, base), nil
		default:
			return Value{}, p.fail(ErrSyntax, "want ',' or '}' in object")
		}
	}
}

// sameKey compares two keys by their decoded text without allocating.
func (p *parser) sameKey(a, b *keyRef) bool {
	if p.build || (a.esc && b.esc) {
		return a.key == b.key
	}
	if !a.esc && !b.esc {
		return string(p.data[a.start:a.end]) == string(p.data[b.start:b.end])
	}
	if a.esc {
		a, b = b, a
	}
	return string(p.data[a.start:a.end]) == b.key
}

// manyDuplicates finds the first repeated key among many with a map.
func (p *parser) manyDuplicates(keys []keyRef) error {
	seen := make(map[string]struct{}, len(keys))
	for _, k := range keys {
		key := k.key
		if !p.build && !k.esc {
			key = string(p.data[k.start:k.end])
		}
		if _, dup := seen[key]; dup {
			return p.duplicate(k)
		}
		seen[key] = struct{}{}
	}
	return nil
}

func (p *parser) duplicate(k keyRef) *ParseError {
	key := k.key
	if !k.esc && !p.build {
		key = string(p.data[k.start:k.end])
	}
	return &ParseError{Offset: int64(k.off), Err: ErrDuplicateKey, Msg: "duplicate key " + quoteShort(key)}
}
