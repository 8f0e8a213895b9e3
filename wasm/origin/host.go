package origin

import (
	"strconv"
	"strings"
)

// parseHost returns the canonical serialisation of a host: a bracketed
// IPv6 address, a dotted-quad IPv4 address or a lower-case ASCII domain.
func parseHost(h string) (string, *Reason) {
	if h == "" {
		return "", ErrHost
	}
	if h[0] == '[' {
		return parseIPv6(h[1 : len(h)-1])
	}
	for i := 0; i < len(h); i++ {
		switch c := h[i]; {
		case c >= 0x80:
			// Left to IDNA mapping, then checked again by checkDomain.
		case c == '%':
			return "", ErrPercent
		case !isHostByte(lower(c)):
			return "", ErrHost
		}
	}
	if strings.HasSuffix(h, ".") {
		return "", ErrTrailingDot
	}
	mapped, err := toASCII(h)
	if err != nil {
		return "", ErrIDNA
	}
	if strings.HasSuffix(mapped, ".") {
		return "", ErrTrailingDot // a full-width or ideographic full stop
	}
	if r := checkDomain(mapped); r != nil {
		return "", r
	}
	if endsInNumber(mapped) {
		// Browsers parse such a host as an IPv4 address, reading forms such
		// as "127.1", "0x7f.1" or "2130706433" and writing them back as a
		// dotted quad. Accept only the form they write.
		if !canonicalIPv4(mapped) {
			return "", ErrIPv4
		}
	}
	return mapped, nil
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

// isHostByte reports the ASCII bytes a canonical domain may hold.
func isHostByte(c byte) bool {
	return 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.'
}

// checkDomain checks a mapped ASCII domain: only host bytes, no empty
// labels, and lengths that DNS can carry.
func checkDomain(d string) *Reason {
	if len(d) > 253 {
		return ErrHost
	}
	label := 0 // length of the label so far
	for i := 0; i <= len(d); i++ {
		if i == len(d) || d[i] == '.' {
			if label == 0 || label > 63 {
				return ErrHost
			}
			label = 0
			continue
		}
		if !isHostByte(d[i]) {
			return ErrHost
		}
		label++
	}
	return nil
}

// endsInNumber reports whether the last label of a domain is something the
// WHATWG URL parser reads as a number (decimal, or hex with a 0x prefix),
// which makes the whole host an IPv4 address to a browser.
func endsInNumber(d string) bool {
	last := d[strings.LastIndexByte(d, '.')+1:]
	if last == "" {
		return false
	}
	if all(last, func(c byte) bool { return '0' <= c && c <= '9' }) {
		return true
	}
	if len(last) >= 2 && last[0] == '0' && (last[1] == 'x' || last[1] == 'X') {
		return all(last[2:], func(c byte) bool { return hexDigit(c) >= 0 })
	}
	return false
}

// parseIPv6 parses the inside of a bracketed host and returns it bracketed
// and canonical. Zone identifiers are refused: browsers do not accept them.
func parseIPv6(s string) (string, *Reason) {
	if strings.IndexByte(s, '%') >= 0 {
		return "", ErrIPv6
	}
	a, ok := ipv6(s)
	if !ok {
		return "", ErrIPv6
	}
	return "[" + formatIPv6(a) + "]", nil
}

// formatIPv6 writes an IPv6 address as the WHATWG URL standard does: lower
// case hex, the first longest run of two or more zero pieces written as
// "::", and never a dotted IPv4 tail (net/netip writes "::ffff:1.2.3.4"
// where browsers write "::ffff:102:304").
func formatIPv6(b [16]byte) string {
	var pieces [8]uint16
	for i := range pieces {
		pieces[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	runStart, runLen := -1, 1
	for i := 0; i < len(pieces); {
		if pieces[i] != 0 {
			i++
			continue
		}
		j := i
		for j < len(pieces) && pieces[j] == 0 {
			j++
		}
		if j-i > runLen {
			runStart, runLen = i, j-i
		}
		i = j
	}
	out := make([]byte, 0, 39)
	for i := 0; i < len(pieces); i++ {
		if i == runStart {
			out = append(out, "::"...)
			i += runLen - 1
			continue
		}
		if i > 0 && i != runStart+runLen {
			out = append(out, ':')
		}
		out = strconv.AppendUint(out, uint64(pieces[i]), 16)
	}
	return string(out)
}

// all reports whether every byte of s satisfies ok.
func all(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}
