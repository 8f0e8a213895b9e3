package origin_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/postbridge/postbridge/wasm/origin"
)

func TestParseErrorMessage(t *testing.T) {
	t.Parallel()
	long := "https://example.com/" + strings.Repeat("é", 60)
	for _, c := range []struct{ in, want string }{
		{"https://*.example.com", `origin: parse "https://*.example.com": wildcards are not allowed (list each origin exactly)`},
		{"https://a.example\n", `origin: parse "https://a.example\n": whitespace is not allowed (trim the entry and list each origin separately)`},
		{"https://\u202eelgoog.com", `origin: parse "https://\u202eelgoog.com": host is not a valid internationalised domain name`},
		// Every byte outside printable ASCII is escaped: a look-alike
		// Cyrillic letter cannot pass for a Latin one in a log.
		{"https://p\u0430ypal.example/login", `origin: parse "https://p\u0430ypal.example/login": a path is not allowed` +
			` (an origin ends after the host and port; only one trailing "/" is tolerated)`},
		{long, `origin: parse "https://example.com/` + strings.Repeat(`\u00e9`, 40) + `"... (140 bytes): a path is not allowed` +
			` (an origin ends after the host and port; only one trailing "/" is tolerated)`},
	} {
		_, err := origin.Parse(c.in)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("Parse(%q): got %q; want %q", c.in, got, c.want)
		}
	}
}

func TestParseErrorAs(t *testing.T) {
	t.Parallel()
	_, err := origin.Parse("https://app.example.com:0")
	var pe *origin.ParseError
	if !errors.As(err, &pe) || pe.Input != "https://app.example.com:0" || pe.Reason != origin.ErrPort {
		t.Fatalf(`Parse("https://app.example.com:0"): got %#v; want a *ParseError with ErrPort`, err)
	}
	if got := pe.Reason.Code(); got != "port" {
		t.Errorf("ErrPort.Code(): got %q; want %q", got, "port")
	}
	if errors.Is(err, origin.ErrHost) {
		t.Errorf(`Parse("https://app.example.com:0"): got %v matching ErrHost; want only ErrPort`, err)
	}
}

func TestReasonCodesAreDistinct(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, r := range []*origin.Reason{
		origin.ErrTooLong, origin.ErrEmpty, origin.ErrUTF8, origin.ErrWhitespace, origin.ErrControl,
		origin.ErrNull, origin.ErrWildcard, origin.ErrScheme, origin.ErrBackslash, origin.ErrList,
		origin.ErrSlashes, origin.ErrUserinfo, origin.ErrHost, origin.ErrPercent, origin.ErrTrailingDot,
		origin.ErrIDNA, origin.ErrIPv4, origin.ErrIPv6, origin.ErrPort, origin.ErrPath, origin.ErrQuery,
		origin.ErrFragment, origin.ErrEmptyAllowlist,
	} {
		code := r.Code()
		if code == "" || seen[code] || !strings.HasPrefix(r.Error(), "origin: ") {
			t.Errorf("%v: got code %q (seen before: %v); want a new non-empty code", r, code, seen[code])
		}
		seen[code] = true
	}
}

func TestParseErrorWithoutReason(t *testing.T) {
	t.Parallel()
	e := &origin.ParseError{Input: "x"}
	if got, want := e.Error(), `origin: parse "x": refused`; got != want || e.Unwrap() != nil {
		t.Errorf("ParseError without Reason: got %q, %v; want %q, nil", got, e.Unwrap(), want)
	}
}
