package jsonvalue

import "unicode/utf8"

// scanString checks the string literal whose opening quote is at p.pos and
// moves past its closing quote. It reports whether the literal has escapes.
func (p *lexer) scanString() (esc bool, err error) {
	d := p.data
	i := p.pos + 1
	for {
		i += plainRun(d, i)
		if i >= len(d) {
			p.pos = i
			return esc, p.fail(ErrSyntax, "unterminated string")
		}
		switch c := d[i]; {
		case c == '"':
			p.pos = i + 1
			return esc, nil
		case c == '\\':
			esc = true
			n, err := p.escape(i)
			if err != nil {
				return esc, err
			}
			i += n
		case c < 0x20:
			p.pos = i
			return esc, p.fail(ErrSyntax, "control character in string must be escaped")
		default:
			r, size := utf8.DecodeRune(d[i:])
			if r == utf8.RuneError && size == 1 {
				p.pos = i
				return esc, p.fail(ErrUTF8, "invalid UTF-8 in string")
			}
			i += size
		}
	}
}

// escape checks the escape sequence at d[i] == '\\' and returns its length:
// 2, 6, or 12 for a surrogate pair.
func (p *lexer) escape(i int) (int, error) {
	d := p.data
	if i+1 >= len(d) {
		p.pos = len(d)
		return 0, p.fail(ErrSyntax, "unterminated string")
	}
	switch d[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2, nil
	case 'u':
		r, ok := hex4(d, i+2)
		if !ok {
			p.pos = i
			return 0, p.fail(ErrSyntax, "invalid \\u escape")
		}
		switch {
		case r >= 0xD800 && r < 0xDC00:
			if i+7 < len(d) && d[i+6] == '\\' && d[i+7] == 'u' {
				if r2, ok := hex4(d, i+8); ok && r2 >= 0xDC00 && r2 < 0xE000 {
					return 12, nil
				}
			}
			p.pos = i
			return 0, p.fail(ErrUTF8, "unpaired surrogate escape")
		case r >= 0xDC00 && r < 0xE000:
			p.pos = i
			return 0, p.fail(ErrUTF8, "unpaired surrogate escape")
		}
		return 6, nil
	}
	p.pos = i
	return 0, p.fail(ErrSyntax, "invalid escape: "+describeByte(d[i+1]))
}

// hex4 reads four hex digits at d[i:].
func hex4(d []byte, i int) (rune, bool) {
	if i+4 > len(d) {
		return 0, false
	}
	var r rune
	for _, c := range d[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// decode returns the text of a string literal's content data[start:end],
// which scanString has already checked.
func (p *parser) decode(start, end int, esc bool) string {
	if !esc {
		if p.build {
			return p.src[start:end]
		}
		return string(p.data[start:end])
	}
	p.buf = appendUnescaped(p.buf[:0], p.data[start:end])
	return string(p.buf)
}

// appendUnescaped appends the text of a checked string literal's content d
// (without its quotes) to b, decoding its escapes.
func appendUnescaped(b, d []byte) []byte {
	for i := 0; i < len(d); {
		c := d[i]
		if c != '\\' {
			j := i + 1
			for j < len(d) && d[j] != '\\' {
				j++
			}
			b = append(b, d[i:j]...)
			i = j
			continue
		}
		switch c = d[i+1]; c {
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, _ := hex4(d, i+2)
			if r >= 0xD800 && r < 0xDC00 {
				r2, _ := hex4(d, i+8)
				r = 0x10000 + (r-0xD800)<<10 + (r2 - 0xDC00)
				i += 6
			}
			b = utf8.AppendRune(b, r)
			i += 6
			continue
		default: // '"', '\\', '/'
			b = append(b, c)
		}
		i += 2
	}
	return b
}

// AppendUnquote appends the text of the JSON string literal lit, quotes
// included and nothing around them, to dst, decoding its escapes. It checks
// lit as strictly as [Parse] does and returns a [*ParseError] (offsets in
// lit) and dst unchanged when lit is not exactly one valid string literal.
// It allocates only when dst lacks room.
func AppendUnquote(dst, lit []byte) ([]byte, error) {
	p := lexer{data: lit}
	if p.peek() != '"' {
		return dst, p.fail(ErrSyntax, "want string literal")
	}
	esc, err := p.scanString()
	if err != nil {
		return dst, err
	}
	if p.pos < len(lit) {
		return dst, p.fail(ErrSyntax, "unexpected "+describeByte(lit[p.pos])+" after string literal")
	}
	content := lit[1 : len(lit)-1]
	if !esc {
		return append(dst, content...), nil
	}
	return appendUnescaped(dst, content), nil
}

// AppendQuote appends s to dst as a JSON string literal and returns the
// extended buffer. It escapes '"', '\\', control characters, and U+2028 and
// U+2029 (which older JavaScript engines treat as line ends). It refuses
// invalid UTF-8 with a [*ParseError] wrapping [ErrUTF8] and then returns dst
// unchanged, so a caller never sends text that the peer would read
// differently.
func AppendQuote(dst []byte, s string) ([]byte, error) {
	const hex = "0123456789abcdef"
	n0 := len(dst)
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x80 && c != '"' && c != '\\' {
			i++
			continue
		}
		if c < 0x80 {
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return dst[:n0], &ParseError{Offset: int64(i), Err: ErrUTF8, Msg: "invalid UTF-8 in string"}
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&15])
			start = i + size
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"'), nil
}
