package origin

import (
	"strings"
	"unicode/utf8"
)

// Parse reads an http or https origin written by a developer, for example in
// configuration, and returns it in canonical form: scheme and host in lower
// case, internationalised host names in punycode, IPv6 addresses in their
// shortest form, the scheme's default port dropped. A single trailing "/" is
// tolerated. Anything a browser would not send as an origin, or would rewrite
// into a different one, is refused with a *ParseError whose Reason says what
// is wrong: "*", "null", wildcards, paths, queries, fragments, user info, other
// schemes, ports outside 1..65535, whitespace, control characters, backslashes,
// percent-encoded or malformed hosts, numeric hosts other than a dotted quad,
// trailing dots and inputs longer than MaxLength.
//
// Parse is for trusted configuration. To check an origin a browser reported,
// use Allowlist.Allows, which compares bytes and never parses.
func Parse(s string) (Origin, error) {
	if r := checkText(s); r != nil {
		return fail(s, r)
	}
	if equalFoldASCII(s, "null") {
		return fail(s, ErrNull)
	}
	if strings.IndexByte(s, '*') >= 0 {
		return fail(s, ErrWildcard)
	}
	scheme, rest, _ := strings.Cut(s, ":")
	var defaultPort int
	switch {
	case equalFoldASCII(scheme, "http"):
		scheme, defaultPort = "http", 80
	case equalFoldASCII(scheme, "https"):
		scheme, defaultPort = "https", 443
	default:
		return fail(s, ErrScheme)
	}
	if strings.IndexByte(s, '\\') >= 0 {
		return fail(s, ErrBackslash)
	}
	if looksLikeList(s) {
		return fail(s, ErrList)
	}
	rest, ok := strings.CutPrefix(rest, "//")
	if !ok {
		return fail(s, ErrSlashes)
	}

	authority, tail := rest, ""
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		authority, tail = rest[:i], rest[i:]
	}
	if strings.IndexByte(authority, '@') >= 0 {
		return fail(s, ErrUserinfo)
	}
	rawHost, rawPort, hasPort, r := splitHostPort(authority)
	if r != nil {
		return fail(s, r)
	}
	host, r := parseHost(rawHost)
	if r != nil {
		return fail(s, r)
	}
	port := 0
	if hasPort {
		if port, r = parsePort(rawPort); r != nil {
			return fail(s, r)
		}
		if port == defaultPort {
			port = 0
		}
	}
	if r := checkTail(tail); r != nil {
		return fail(s, r)
	}
	return Origin{scheme: scheme, host: host, port: port}, nil
}

// checkText refuses inputs that are too long, empty, not UTF-8, or carry
// whitespace or control characters anywhere. Leading and trailing whitespace
// is reported as such even when it is also a control character, because
// that is the mistake a developer needs to hear about.
func checkText(s string) *Reason {
	switch {
	case len(s) > MaxLength:
		return ErrTooLong
	case s == "":
		return ErrEmpty
	case !utf8.ValidString(s):
		return ErrUTF8
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if isSpace(first) || isSpace(last) {
		return ErrWhitespace
	}
	for _, r := range s {
		if isControl(r) {
			return ErrControl
		}
		if isSpace(r) {
			return ErrWhitespace
		}
	}
	return nil
}

// equalFoldASCII reports whether s is word, a lower-case ASCII word, in any
// mix of ASCII case. Unlike strings.EqualFold it does not fold "ſ" into "s"
// or "K" (Kelvin) into "k", which no browser does for schemes.
func equalFoldASCII(s, word string) bool {
	if len(s) != len(word) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if lower(s[i]) != word[i] {
			return false
		}
	}
	return true
}

// isSpace reports Unicode white space and the byte order mark, which
// JavaScript's String.prototype.trim also strips.
func isSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, '\uFEFF':
		return true
	}
	return 0x2000 <= r && r <= 0x200A // the Unicode White_Space property, as unicode.IsSpace has it
}

// isControl reports C0 and C1 control characters and DEL.
func isControl(r rune) bool { return r < 0x20 || 0x7f <= r && r <= 0x9f }

// looksLikeList catches "https://a.example,https://b.example" and
// "https://a.examplehttps://b.example": several origins pasted into one entry.
func looksLikeList(s string) bool {
	if strings.IndexByte(s, ',') >= 0 {
		return true
	}
	i := strings.Index(s, "://")
	return i >= 0 && strings.Contains(s[i+3:], "://")
}

// splitHostPort splits an authority (no user info) into host and port.
// A bracketed host keeps its brackets.
func splitHostPort(a string) (host, port string, hasPort bool, r *Reason) {
	if !strings.HasPrefix(a, "[") {
		if strings.Contains(a, "::") || strings.Count(a, ":") > 2 {
			return "", "", false, ErrIPv6 // an IPv6 address without brackets
		}
		host, port, hasPort = strings.Cut(a, ":")
		return host, port, hasPort, nil
	}
	end := strings.IndexByte(a, ']')
	if end < 0 {
		return "", "", false, ErrIPv6
	}
	host, after := a[:end+1], a[end+1:]
	if after == "" {
		return host, "", false, nil
	}
	if after[0] != ':' {
		return "", "", false, ErrIPv6
	}
	return host, after[1:], true, nil
}

// parsePort accepts 1..65535 written in plain decimal digits, without sign
// or leading zeros, so that every port has exactly one spelling.
func parsePort(p string) (int, *Reason) {
	if p == "" || len(p) > len("65535") || p[0] == '0' {
		return 0, ErrPort
	}
	n := 0
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c < '0' || c > '9' {
			return 0, ErrPort
		}
		n = n*10 + int(c-'0')
	}
	if n > 65535 {
		return 0, ErrPort
	}
	return n, nil
}

// checkTail accepts what follows the authority only if it is nothing or a
// single "/".
func checkTail(t string) *Reason {
	t = strings.TrimPrefix(t, "/")
	if t == "" {
		return nil
	}
	switch t[0] {
	case '?':
		return ErrQuery
	case '#':
		return ErrFragment
	}
	return ErrPath
}
