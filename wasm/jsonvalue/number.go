package jsonvalue

// maxExp caps the exponent read by exactInt. Any number whose exponent
// reaches it is either not an integer or far out of int64 range, since
// the input's length is bounded well below it.
const maxExp = 1 << 30

// exactInt converts a JSON number literal (already checked against the
// grammar) to an int64 when its value is exactly an integer in range.
//
// It works on the decimal digits, not on a float, so it is exact: the value
// is D × 10^shift where D is the integer spelled by the integer and fraction
// digits together and shift is the exponent less the number of fraction
// digits.
func exactInt(s string) (int64, bool) {
	neg := false
	if s != "" && s[0] == '-' {
		neg = true
		s = s[1:]
	}
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	intPart, rest := s[:i], s[i:]
	frac := ""
	if rest != "" && rest[0] == '.' {
		j := 1
		for j < len(rest) && isDigit(rest[j]) {
			j++
		}
		frac, rest = rest[1:j], rest[j:]
	}
	exp := 0
	if rest != "" { // 'e' or 'E', optional sign, digits
		rest = rest[1:]
		expNeg := false
		if rest != "" && (rest[0] == '+' || rest[0] == '-') {
			expNeg = rest[0] == '-'
			rest = rest[1:]
		}
		for k := 0; k < len(rest); k++ {
			if exp < maxExp {
				exp = exp*10 + int(rest[k]-'0')
			}
		}
		if expNeg {
			exp = -exp
		}
	}

	// digit k of the digit sequence intPart+frac, without concatenating.
	n := len(intPart) + len(frac)
	digit := func(k int) byte {
		if k < len(intPart) {
			return intPart[k]
		}
		return frac[k-len(intPart)]
	}
	first := 0
	for first < n && digit(first) == '0' {
		first++
	}
	if first == n {
		return 0, true // every digit is zero, whatever the exponent
	}
	last := n - 1
	for digit(last) == '0' {
		last--
	}
	// value = digits[first..last] × 10^shift; the last digit is not zero,
	// so a negative shift leaves a fraction.
	shift := exp - len(frac) + (n - 1 - last)
	if shift < 0 || (last-first+1)+shift > 19 {
		return 0, false
	}
	limit := uint64(1<<63 - 1)
	if neg {
		limit = 1 << 63
	}
	var u uint64
	for k := first; k <= last; k++ {
		u = u*10 + uint64(digit(k)-'0') // at most 19 digits: no overflow
	}
	for ; shift > 0; shift-- {
		if u > limit/10 {
			return 0, false
		}
		u *= 10
	}
	if u > limit {
		return 0, false
	}
	if neg {
		return -int64(u-1) - 1, true // careful with -2^63
	}
	return int64(u), true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
