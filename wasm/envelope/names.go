package envelope

import (
	"strings"
	"unicode/utf8"
)

// The rules, as written in PROTOCOL.md and error messages.
const (
	nameRule    = "name must match [A-Za-z][A-Za-z0-9._:-]{0,63}"
	sessionRule = "session nonce must be 16 to 64 characters of [A-Za-z0-9_-]"
	codeRule    = "code must match [A-Z][A-Z0-9_]{0,31}"
)

// ValidName reports whether s is a valid channel or message type name: an
// ASCII letter followed by up to 63 ASCII letters, digits, '.', '_', ':'
// or '-'. "__proto__" is not a name; "constructor" is.
func ValidName(s string) bool { return validName(s) }

// text is what the rules read: a string, or bytes of a message for Scan.
type chars interface{ ~string | ~[]byte }

func validName[T chars](s T) bool {
	if len(s) == 0 || len(s) > 64 || class[s[0]]&letter == 0 {
		return false
	}
	for i := 1; i < len(s); i++ {
		if class[s[i]]&inName == 0 {
			return false
		}
	}
	return true
}

// ValidSession reports whether s is a valid session nonce: 16 to 64 ASCII
// letters, digits, '_' or '-' (base64url without padding fits).
func ValidSession(s string) bool { return validSession(s) }

func validSession[T chars](s T) bool {
	if len(s) < 16 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if class[s[i]]&inSession == 0 {
			return false
		}
	}
	return true
}

// validCode reports whether s is a valid fault code.
func validCode[T chars](s T) bool {
	if len(s) == 0 || len(s) > 32 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if class[s[i]]&inCode == 0 {
			return false
		}
	}
	return true
}

// The character classes of the rules above, one bit each, looked up in a
// table: the rules run on every message, and a lookup needs no call even
// where the compiler does not inline.
const (
	letter    = 1 << iota // A-Z a-z
	inName                // letters, digits, . _ : -
	inSession             // letters, digits, _ -
	inCode                // A-Z, digits, _
)

var class [256]uint8

func init() {
	for c := 'A'; c <= 'Z'; c++ {
		class[c] = letter | inName | inSession | inCode
		class[c+'a'-'A'] = letter | inName | inSession
	}
	for c := '0'; c <= '9'; c++ {
		class[c] = inName | inSession | inCode
	}
	class['_'] = inName | inSession | inCode
	class['-'] = inName | inSession
	class['.'] = inName
	class[':'] = inName
}

// foldEqual reports whether a and b are equal under Unicode simple case
// folding, for hints about case-variant member names. The member names of
// the protocol are ASCII; of the non-ASCII letters only the long s (ſ,
// U+017F, which folds to s) and the Kelvin sign (K, U+212A, which folds
// to k) can stand for one of their letters. Doing this here keeps the
// Unicode folding tables, which strings.EqualFold links, out of the
// module.
func foldEqual(a, b string) bool {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		ra, na := foldRune(a[i:])
		rb, nb := foldRune(b[j:])
		if ra != rb {
			return false
		}
		i, j = i+na, j+nb
	}
	return i == len(a) && j == len(b)
}

// foldRune reads one character of s and folds it as foldEqual needs.
func foldRune(s string) (rune, int) {
	c := s[0]
	switch {
	case 'A' <= c && c <= 'Z':
		return rune(c + 'a' - 'A'), 1
	case c < 0x80:
		return rune(c), 1
	case strings.HasPrefix(s, "\u017f"): // ſ, the long s
		return 's', 2
	case strings.HasPrefix(s, "\u212a"): // K, the Kelvin sign
		return 'k', 3
	}
	r, n := utf8.DecodeRuneInString(s)
	return r, n
}
