package jsonvalue

import "unicode/utf8"

// ToValidUTF8 returns s with each run of bytes that are not valid UTF-8
// replaced by replacement, as strings.ToValidUTF8 does; the module uses
// this one because the standard one links about 4 KB more. It returns s
// itself when s is valid.
func ToValidUTF8(s, replacement string) string {
	if utf8.ValidString(s) {
		return s
	}
	b := make([]byte, 0, len(s)+len(replacement))
	bad := false
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			b, bad, i = append(b, c), false, i+1
			continue
		}
		_, n := utf8.DecodeRuneInString(s[i:])
		if n == 1 { // an invalid byte: one replacement per run
			if !bad {
				b = append(b, replacement...)
			}
			bad, i = true, i+1
			continue
		}
		b, bad, i = append(b, s[i:i+n]...), false, i+n
	}
	return string(b)
}
