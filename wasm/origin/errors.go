package origin

import (
	"strconv"
	"unicode/utf8"
)

// Reason is why Parse or NewAllowlist refused its input. Every Reason is
// one of the Err* values of this package: match it with errors.Is, and read
// [Reason.Code] to pass the same meaning across the JavaScript boundary.
type Reason struct {
	code string
	msg  string
}

// Error returns the reason as a message of its own, prefixed with "origin: ".
func (r *Reason) Error() string { return "origin: " + r.message() }

// Code returns a short stable identifier for the reason, such as "wildcard"
// or "port", meant for err.code on the JavaScript side.
func (r *Reason) Code() string {
	if r == nil {
		return ""
	}
	return r.code
}

func (r *Reason) message() string {
	if r == nil {
		return "refused"
	}
	return r.msg
}

// Reasons Parse gives, in the order it checks for them.
var (
	ErrTooLong     = &Reason{"too-long", "longer than " + strconv.Itoa(MaxLength) + " bytes"}
	ErrEmpty       = &Reason{"empty", "origin is empty"}
	ErrUTF8        = &Reason{"utf8", "not valid UTF-8"}
	ErrWhitespace  = &Reason{"whitespace", "whitespace is not allowed (trim the entry and list each origin separately)"}
	ErrControl     = &Reason{"control", "control characters are not allowed"}
	ErrNull        = &Reason{"null", `"null" cannot be allowed (sandboxed frames, file: pages and other opaque origins all send it)`}
	ErrWildcard    = &Reason{"wildcard", "wildcards are not allowed (list each origin exactly)"}
	ErrScheme      = &Reason{"scheme", `scheme must be "http" or "https" (write "https://host" or "https://host:port")`}
	ErrBackslash   = &Reason{"backslash", "backslashes are not allowed (browsers read them as slashes)"}
	ErrList        = &Reason{"list", "looks like several origins in one entry (list each origin separately)"}
	ErrSlashes     = &Reason{"slashes", `scheme must be followed by "//"`}
	ErrUserinfo    = &Reason{"userinfo", "user info (user:password@) is not allowed"}
	ErrHost        = &Reason{"host", "host is empty or malformed (use letters, digits, '-', '_' and non-empty labels of at most 63 bytes)"}
	ErrPercent     = &Reason{"percent", "percent-encoding is not allowed in the host"}
	ErrTrailingDot = &Reason{"trailing-dot", `host ends with a dot (browsers treat "example.com." as a different origin)`}
	ErrIDNA        = &Reason{"idna", "host is not a valid internationalised domain name"}
	ErrIPv4        = &Reason{"ipv4", "numeric host must be a dotted quad such as 127.0.0.1 (browsers rewrite other forms)"}
	ErrIPv6        = &Reason{"ipv6", "IPv6 address must be valid and in brackets, without a zone identifier"}
	ErrPort        = &Reason{"port", "port must be a number from 1 to 65535 without sign or leading zeros"}
	ErrPath        = &Reason{"path", `a path is not allowed (an origin ends after the host and port; only one trailing "/" is tolerated)`}
	ErrQuery       = &Reason{"query", "a query is not allowed"}
	ErrFragment    = &Reason{"fragment", "a fragment is not allowed"}
)

// ErrEmptyAllowlist is returned by NewAllowlist when it is given no origins:
// an empty allowlist would silently refuse every message.
var ErrEmptyAllowlist = &Reason{"empty-allowlist", "allowlist is empty (list at least one origin)"}

// quoteLimit is how many bytes of the input a ParseError message shows.
const quoteLimit = 100

// ParseError reports an origin that Parse refused. Use errors.As to get it
// and errors.Is to test its Reason.
type ParseError struct {
	Input  string  // the refused input, verbatim
	Reason *Reason // why it was refused; one of the Err* values
}

// Error returns a message such as
//
//	origin: parse "https://*.example.com": wildcards are not allowed (list each origin exactly)
//
// The input is quoted with strconv.QuoteToASCII, so control characters, invisible and look-alike
// runes show as escapes, and it is cut to its first 100 bytes if it is longer.
func (e *ParseError) Error() string {
	in := e.Input
	more := ""
	if len(in) > quoteLimit {
		more = "... (" + strconv.Itoa(len(in)) + " bytes)"
		cut := quoteLimit
		for cut > 0 && !utf8.RuneStart(in[cut]) {
			cut--
		}
		in = in[:cut]
	}
	return "origin: parse " + strconv.QuoteToASCII(in) + more + ": " + e.Reason.message()
}

// Unwrap returns the Reason, so errors.Is(err, ErrWildcard) works.
func (e *ParseError) Unwrap() error {
	if e.Reason == nil {
		return nil
	}
	return e.Reason
}

func fail(input string, r *Reason) (Origin, error) {
	return Origin{}, &ParseError{Input: input, Reason: r}
}
