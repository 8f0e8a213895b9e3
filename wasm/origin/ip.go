package origin

// The two IP address forms a host can take, parsed here rather than with
// net/netip, which costs the browser module about 20 KB of brotli (with
// package unique and its dependencies) for the two functions used.

// canonicalIPv4 reports whether s is an IPv4 address written the way
// browsers write one: four decimal numbers from 0 to 255, without leading
// zeros, separated by dots.
func canonicalIPv4(s string) bool {
	parts, n, digits := 0, 0, 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == '.' {
			if digits == 0 || parts == 4 {
				return false
			}
			parts, n, digits = parts+1, 0, 0
			continue
		}
		c := s[i]
		if c < '0' || c > '9' || digits > 0 && n == 0 { // a leading zero
			return false
		}
		n = n*10 + int(c-'0')
		digits++
		if n > 255 {
			return false
		}
	}
	return parts == 4
}

// ipv6 parses an IPv6 address in text form (RFC 4291 section 2.2: groups
// of one to four hex digits, one "::" standing for a run of zero groups,
// optionally a dotted IPv4 address as the last 32 bits), with no zone.
func ipv6(s string) (a [16]byte, ok bool) {
	var groups [8]uint16
	n, gap := 0, -1 // groups written; where "::" stands
	i := 0
	if len(s) >= 2 && s[0] == ':' && s[1] == ':' {
		gap, i = 0, 2
		if i == len(s) {
			return a, true
		}
	}
	for i < len(s) {
		if n == 8 {
			return a, false
		}
		// A dotted IPv4 tail takes the last two groups.
		if j := indexDotBefore(s, i); j >= 0 && n <= 6 {
			if !canonicalIPv4(s[i:]) { // net/netip refuses leading zeros here too
				return a, false
			}
			var v [4]byte
			k, p := 0, 0
			for _, c := range []byte(s[i:] + ".") {
				if c == '.' {
					v[k], k, p = byte(p), k+1, 0
					continue
				}
				p = p*10 + int(c-'0')
			}
			groups[n], groups[n+1] = uint16(v[0])<<8|uint16(v[1]), uint16(v[2])<<8|uint16(v[3])
			n += 2
			i = len(s)
			break
		}
		v, digits := 0, 0
		for i < len(s) && digits < 5 {
			d := hexDigit(s[i])
			if d < 0 {
				break
			}
			v, digits, i = v<<4|d, digits+1, i+1
		}
		if digits == 0 || digits > 4 {
			return a, false
		}
		groups[n] = uint16(v)
		n++
		if i == len(s) {
			break
		}
		if s[i] != ':' || i+1 == len(s) {
			return a, false
		}
		i++
		if s[i] == ':' {
			if gap >= 0 {
				return a, false // a second "::"
			}
			gap = n
			i++
			if i == len(s) {
				break
			}
		}
	}
	switch {
	case gap < 0 && n != 8, gap >= 0 && n == 8:
		return a, false
	case gap >= 0: // move the groups after the gap to the end
		copy(groups[8-(n-gap):], groups[gap:n])
		for k := gap; k < 8-(n-gap); k++ {
			groups[k] = 0
		}
	}
	for k, g := range groups {
		a[2*k], a[2*k+1] = byte(g>>8), byte(g)
	}
	return a, true
}

// indexDotBefore returns the index of a '.' in s[i:] before the next ':',
// or -1.
func indexDotBefore(s string, i int) int {
	for ; i < len(s) && s[i] != ':'; i++ {
		if s[i] == '.' {
			return i
		}
	}
	return -1
}

func hexDigit(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
