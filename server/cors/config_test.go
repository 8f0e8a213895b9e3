package cors

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/postbridge/postbridge/wasm/origin"
)

func TestNewRefuses(t *testing.T) {
	ok := []string{mainOrigin}
	tests := []struct {
		name string
		cfg  Config
		want []error // each must match with errors.Is
	}{
		{"no origins", Config{}, []error{ErrNoOrigins}},
		{"empty origin list", Config{Origins: []string{}}, []error{ErrNoOrigins}},
		{"wildcard origin", Config{Origins: []string{"*"}},
			[]error{ErrOrigin, origin.ErrWildcard}},
		{"credentials with wildcard origin",
			Config{Origins: []string{"*"}, Credentials: true},
			[]error{ErrOrigin, origin.ErrWildcard}},
		{"subdomain wildcard", Config{Origins: []string{"http://*.localhost:8080"}},
			[]error{ErrOrigin, origin.ErrWildcard}},
		{"null origin", Config{Origins: []string{"null"}}, []error{ErrOrigin}},
		{"empty origin", Config{Origins: []string{""}}, []error{ErrOrigin}},
		{"origin with path", Config{Origins: []string{mainOrigin + "/api"}}, []error{ErrOrigin}},
		{"bare host", Config{Origins: []string{"main.localhost:8080"}}, []error{ErrOrigin}},
		{"method not a token", Config{Origins: ok, Methods: []string{"GE T"}}, []error{ErrMethod}},
		{"empty method", Config{Origins: ok, Methods: []string{""}}, []error{ErrMethod}},
		{"CONNECT", Config{Origins: ok, Methods: []string{"CONNECT"}}, []error{ErrMethod}},
		{"trace lower case", Config{Origins: ok, Methods: []string{"trace"}}, []error{ErrMethod}},
		{"TRACK", Config{Origins: ok, Methods: []string{"TRACK"}}, []error{ErrMethod}},
		{"wildcard method", Config{Origins: ok, Methods: []string{"*"}}, []error{ErrMethod}},
		{"header not a token", Config{Origins: ok, RequestHeaders: []string{"X-A:b"}}, []error{ErrHeader}},
		{"header wildcard", Config{Origins: ok, RequestHeaders: []string{"*"}}, []error{ErrHeader}},
		{"header Cookie", Config{Origins: ok, RequestHeaders: []string{"Cookie"}}, []error{ErrHeader}},
		{"header Sec-", Config{Origins: ok, RequestHeaders: []string{"Sec-Fetch-Site"}}, []error{ErrHeader}},
		{"header Proxy-", Config{Origins: ok, RequestHeaders: []string{"proxy-authorization"}}, []error{ErrHeader}},
		{"header Origin", Config{Origins: ok, RequestHeaders: []string{"ORIGIN"}}, []error{ErrHeader}},
		{"header ACR-PN", Config{Origins: ok,
			RequestHeaders: []string{"Access-Control-Request-Private-Network"}}, []error{ErrHeader}},
		{"exposed Set-Cookie", Config{Origins: ok, ExposedHeaders: []string{"Set-Cookie"}}, []error{ErrHeader}},
		{"exposed wildcard", Config{Origins: ok, ExposedHeaders: []string{"*"}}, []error{ErrHeader}},
		{"exposed empty", Config{Origins: ok, ExposedHeaders: []string{""}}, []error{ErrHeader}},
		{"negative max age", Config{Origins: ok, MaxAge: -time.Second}, []error{ErrMaxAge}},
		{"max age over a day", Config{Origins: ok, MaxAge: 25 * time.Hour}, []error{ErrMaxAge}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, err := New(tt.cfg)
			if err == nil || m != nil {
				t.Fatalf("New(%+v): got %v, %v; want nil, error", tt.cfg, m, err)
			}
			for _, w := range tt.want {
				if !errors.Is(err, w) {
					t.Errorf("New(%+v): got %v; want errors.Is %v", tt.cfg, err, w)
				}
			}
		})
	}
}

// TestNewListsEveryProblem checks that one call reports every bad entry.
func TestNewListsEveryProblem(t *testing.T) {
	cfg := Config{
		Origins:        []string{mainOrigin, "*", "null", mainOrigin + "/api"},
		Methods:        []string{"PUT", "CONNECT", "B@D"},
		RequestHeaders: []string{"X-Ok", "Cookie", "a b"},
		ExposedHeaders: []string{"Set-Cookie"},
		MaxAge:         -1,
	}
	_, err := New(cfg)
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		t.Fatalf("New: got %T %v; want joined errors", err, err)
	}
	const want = 3 + 2 + 2 + 1 + 1
	if got := len(joined.Unwrap()); got != want {
		t.Errorf("New: got %d errors; want %d:\n%v", got, want, err)
	}
	for _, s := range []string{`"*"`, `"null"`, `"CONNECT"`, `"B@D"`, `"Cookie"`, `"a b"`, `"Set-Cookie"`, "-1ns"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("New: error does not name %s:\n%v", s, err)
		}
	}
}

func TestNewCanonicalises(t *testing.T) {
	m, err := New(Config{
		Origins:        []string{mainOrigin},
		Methods:        []string{"put", "PUT", "patch", "Delete"},
		RequestHeaders: []string{"X-A", "x-a", "Content-Type"},
		ExposedHeaders: []string{"X-Request-Id", "x-request-id"},
		MaxAge:         90*time.Second + 500*time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, got, want string }{
		{"methods", m.acam, "PUT, patch, DELETE"},
		{"request headers", m.acah, "x-a, content-type"},
		{"exposed headers", m.aceh, "x-request-id"},
		{"max age", m.maxAge, "90"},
	} {
		if c.got != c.want {
			t.Errorf("New %s: got %q; want %q", c.name, c.got, c.want)
		}
	}
}

func TestIsToken(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"GET", true}, {"x-a_b.c~d", true}, {"!#$%&'*+-.^_`|~09azAZ", true},
		{"", false}, {"a b", false}, {"a,b", false}, {"a:b", false}, {"a\x00", false},
		{"é", false}, {"(a)", false}, {"a\"", false}, {"a/b", false},
	} {
		if got := isToken(tt.in); got != tt.want {
			t.Errorf("isToken(%q): got %t; want %t", tt.in, got, tt.want)
		}
	}
}
