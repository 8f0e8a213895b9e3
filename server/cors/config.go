package cors

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/postbridge/postbridge/wasm/origin"
)

// Config is the policy a [Middleware] enforces. Every field is checked by
// [New]; nothing is interpreted loosely at request time.
type Config struct {
	// Origins lists the exact origins (scheme://host[:port]) whose pages may
	// read responses. Each entry is parsed by [origin.Parse]: "*", "null",
	// wildcards, paths and userinfo are configuration errors. Required.
	Origins []string
	// Methods lists the methods a preflight may grant beyond GET, HEAD and
	// POST, which browsers never preflight for their method alone. Entries
	// must be HTTP tokens; "*", CONNECT, TRACE and TRACK are refused. The six
	// methods browsers upper-case (DELETE, GET, HEAD, OPTIONS, POST, PUT) are
	// upper-cased here too; any other method is matched byte for byte, so
	// "patch" and "PATCH" are different methods, as they are for browsers.
	Methods []string
	// RequestHeaders lists the request-header names a preflight may grant.
	// Entries must be HTTP tokens and not names browsers forbid scripts to
	// set (Cookie, Host, Origin, Sec-*, Proxy-*, Access-Control-*, ...).
	// Matching is case-insensitive. "*" is refused.
	RequestHeaders []string
	// ExposedHeaders lists response-header names that allowed pages may
	// read beyond the CORS-safelisted ones. "*", Set-Cookie and Set-Cookie2
	// are refused.
	ExposedHeaders []string
	// Credentials, when true, lets allowed pages send cookies and read the
	// responses (Access-Control-Allow-Credentials: true).
	Credentials bool
	// MaxAge is how long browsers may cache a successful preflight. It is
	// truncated to whole seconds; zero omits Access-Control-Max-Age (browsers
	// then cache for 5 s). Negative values and values over 24h are errors;
	// browsers cap it further (Chromium at 2h).
	MaxAge time.Duration
}

// Configuration errors. [New] joins one error per bad entry; each matches one
// of these with [errors.Is]. Origin errors also match the underlying
// [origin] error, for example [origin.ErrWildcard].
var (
	// ErrNoOrigins means Config.Origins is empty.
	ErrNoOrigins = errors.New("cors: no origins configured")
	// ErrOrigin means an entry of Config.Origins was refused by
	// [origin.NewAllowlist]; the origin package's reason is wrapped too.
	ErrOrigin = errors.New("cors: bad origin")
	// ErrMethod means an entry of Config.Methods is not a token, "*" or a
	// forbidden method.
	ErrMethod = errors.New("cors: bad method")
	// ErrHeader means a request or exposed header name is not a token, "*"
	// or a name browsers never send or expose.
	ErrHeader = errors.New("cors: bad header name")
	// ErrMaxAge means Config.MaxAge is negative or over 24h.
	ErrMaxAge = errors.New("cors: bad max age")
)

// maxMaxAge is the largest MaxAge accepted; no browser caches longer.
const maxMaxAge = 24 * time.Hour

// compile checks cfg and fills m. It returns every problem found, joined.
func (m *Middleware) compile(cfg *Config) error {
	var errs []error
	m.credentials = cfg.Credentials

	if len(cfg.Origins) == 0 {
		errs = append(errs, ErrNoOrigins)
	} else {
		errs = m.compileOrigins(cfg.Origins, errs)
	}

	for _, s := range cfg.Methods {
		meth, err := checkMethod(s)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !contains(m.methods, meth) {
			m.methods = append(m.methods, meth)
		}
	}
	m.acam = strings.Join(m.methods, ", ")

	for _, s := range cfg.RequestHeaders {
		if err := checkRequestHeader(s); err != nil {
			errs = append(errs, err)
			continue
		}
		if low := strings.ToLower(s); !contains(m.headers, low) {
			m.headers = append(m.headers, low)
		}
	}
	m.acah = strings.Join(m.headers, ", ")

	var exposed []string
	for _, s := range cfg.ExposedHeaders {
		if err := checkExposedHeader(s); err != nil {
			errs = append(errs, err)
			continue
		}
		if low := strings.ToLower(s); !contains(exposed, low) {
			exposed = append(exposed, low)
		}
	}
	m.aceh = strings.Join(exposed, ", ")

	switch {
	case cfg.MaxAge < 0:
		errs = append(errs, fmt.Errorf("%w %v: negative", ErrMaxAge, cfg.MaxAge))
	case cfg.MaxAge > maxMaxAge:
		errs = append(errs, fmt.Errorf("%w %v: over %v", ErrMaxAge, cfg.MaxAge, maxMaxAge))
	case cfg.MaxAge >= time.Second:
		m.maxAge = strconv.FormatInt(int64(cfg.MaxAge/time.Second), 10)
	}
	return errors.Join(errs...)
}

// compileOrigins builds the allowlist and reports each refused entry as an
// error of its own, wrapping both ErrOrigin and the origin package's error.
func (m *Middleware) compileOrigins(list []string, errs []error) []error {
	allow, err := origin.NewAllowlist(list...)
	if err == nil {
		m.allow = allow
		return errs
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			errs = append(errs, fmt.Errorf("%w: %w", ErrOrigin, e))
		}
		return errs
	}
	return append(errs, fmt.Errorf("%w: %w", ErrOrigin, err))
}

// checkMethod validates one configured method and returns the spelling
// browsers send for it.
func checkMethod(s string) (string, error) {
	if s == "*" {
		return "", fmt.Errorf("%w %q: wildcard not supported", ErrMethod, s)
	}
	if !isToken(s) {
		return "", fmt.Errorf("%w %q: not an HTTP token", ErrMethod, s)
	}
	up := strings.ToUpper(s)
	switch up {
	case "CONNECT", "TRACE", "TRACK":
		return "", fmt.Errorf("%w %q: forbidden method", ErrMethod, s)
	case "DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT":
		return up, nil
	}
	return s, nil
}

// forbiddenRequest lists request-header names that scripts cannot set, so
// granting them is a configuration mistake (Fetch "forbidden request-header").
var forbiddenRequest = []string{
	"accept-charset", "accept-encoding", "connection", "content-length",
	"cookie", "cookie2", "date", "dnt", "expect", "host", "keep-alive",
	"origin", "referer", "set-cookie", "te", "trailer", "transfer-encoding",
	"upgrade", "via",
}

func checkRequestHeader(s string) error {
	if err := checkHeaderToken(s); err != nil {
		return err
	}
	low := strings.ToLower(s)
	if contains(forbiddenRequest, low) ||
		strings.HasPrefix(low, "proxy-") || strings.HasPrefix(low, "sec-") ||
		strings.HasPrefix(low, "access-control-") {
		return fmt.Errorf("%w %q: browsers forbid scripts to send it", ErrHeader, s)
	}
	return nil
}

func checkExposedHeader(s string) error {
	if err := checkHeaderToken(s); err != nil {
		return err
	}
	switch strings.ToLower(s) {
	case "set-cookie", "set-cookie2":
		return fmt.Errorf("%w %q: browsers never expose it", ErrHeader, s)
	}
	return nil
}

func checkHeaderToken(s string) error {
	if s == "*" {
		return fmt.Errorf("%w %q: wildcard not supported", ErrHeader, s)
	}
	if !isToken(s) {
		return fmt.Errorf("%w %q: not an HTTP token", ErrHeader, s)
	}
	return nil
}

// isToken reports whether s is an RFC 9110 token: one or more tchars.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isTchar(s[i]) {
			return false
		}
	}
	return true
}

func isTchar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
