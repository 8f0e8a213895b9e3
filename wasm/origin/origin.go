package origin

import "strconv"

// MaxLength is the longest input, in bytes, that Parse reads and that
// Allowlist.Allows compares. Real origins are far shorter.
const MaxLength = 2048

// Origin is a canonical http or https origin, as a browser serialises it.
// The zero value is no origin at all. Origins are comparable with ==, and two
// Origins are equal exactly when their String forms are equal.
type Origin struct {
	scheme string // "http" or "https"
	host   string // lower-case ASCII domain, dotted-quad IPv4 or bracketed IPv6
	port   int    // 0 for the scheme's default port
}

// String returns the origin as a browser writes it in MessageEvent.origin
// and in the Origin request header, for example "https://xn--bcher-kva.example",
// "http://localhost:8080" or "http://[::1]:8080". It returns "" for the zero Origin.
func (o Origin) String() string {
	if o.IsZero() {
		return ""
	}
	n := len(o.scheme) + len("://") + len(o.host)
	if o.port != 0 {
		n += len(":65535")
	}
	b := make([]byte, 0, n)
	b = append(b, o.scheme...)
	b = append(b, "://"...)
	b = append(b, o.host...)
	if o.port != 0 {
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(o.port), 10)
	}
	return string(b)
}

// Scheme returns "http" or "https", or "" for the zero Origin.
func (o Origin) Scheme() string { return o.scheme }

// Host returns the host as serialised in String: a lower-case ASCII domain
// (IDN labels in punycode), a dotted-quad IPv4 address, or an IPv6 address in
// brackets such as "[::1]".
func (o Origin) Host() string { return o.host }

// Port returns the port, or 0 when it is the scheme's default (80 for http,
// 443 for https) and so absent from String.
func (o Origin) Port() int { return o.port }

// IsZero reports whether o is the zero Origin.
func (o Origin) IsZero() bool { return o == Origin{} }

// MustParse is like Parse but panics if s is not a valid origin. Use it
// only for constants in tests and examples, never for configuration read at
// run time.
func MustParse(s string) Origin {
	o, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return o
}
