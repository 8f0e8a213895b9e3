package jsonvalue

// plainRun returns how many bytes of d from i on are plain string bytes:
// ASCII, not a control character, not '"' and not '\\', the bytes a string
// literal holds as they are. It reads eight bytes at a time where it can,
// which matters for long strings: a payload of text is mostly such bytes,
// and the module checks each message's payload once on the way out and
// once on the way in.
func plainRun(d []byte, i int) int {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	j := i
	for j+8 <= len(d) {
		b := d[j : j+8 : j+8]
		v := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		// Any byte of 0x80 or more, any byte under 0x20, any '"' (0x22)
		// or '\\' (0x5C) sets a high bit here; none is missed. (A byte
		// under 0x20 in a word whose bytes are all under 0x80: the
		// "has less than" test of Hacker's Delight and Bit Twiddling
		// Hacks; a byte equal to c: the "has zero" test of v^(c×ones).)
		q, s := v^(0x22*ones), v^(0x5C*ones)
		if (v|(v-0x20*ones)|(q-ones)&^q|(s-ones)&^s)&highs != 0 {
			break
		}
		j += 8
	}
	for j < len(d) && isPlain(d[j]) {
		j++
	}
	return j - i
}

func isPlain(c byte) bool { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\' }
