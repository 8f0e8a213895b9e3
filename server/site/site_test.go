package site

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/postbridge/postbridge/server/relay/client"
	"github.com/postbridge/postbridge/server/static"
	"github.com/postbridge/postbridge/web"
)

func testSite(t *testing.T) *Site {
	t.Helper()
	cfg, err := ParseConfig("http://main.localhost:18480", "http://other.localhost:18481", "http://main.localhost.evil.localhost:18482")
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// response is a response whose body was read in full.
type response struct {
	*http.Response
	body []byte
}

func get(t *testing.T, srv *httptest.Server, path string, header map[string]string) response {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{res, body}
}

func TestParseConfigCanonicalises(t *testing.T) {
	cfg, err := ParseConfig("HTTP://Main.Localhost:8080/", "http://other.localhost:8081", "http://evil.localhost:80")
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Main.String(); got != "http://main.localhost:8080" {
		t.Errorf("Main = %q; want http://main.localhost:8080", got)
	}
	if got := addr(cfg.Evil); got != "127.0.0.1:80" {
		t.Errorf("addr(Evil) = %q; want 127.0.0.1:80", got)
	}
}

// Each origin says who may frame it: the framed page only the main
// origin, the main page nobody.
func TestFrameAncestors(t *testing.T) {
	s := testSite(t)
	cases := []struct {
		role Role
		path string
		want string
	}{
		{Main, "/", "frame-ancestors 'none'"},
		{Other, "/frame", "frame-ancestors http://main.localhost:18480"},
		{Evil, "/attack", "frame-ancestors http://main.localhost:18480"},
	}
	for _, c := range cases {
		srv := httptest.NewServer(s.Handler(c.role))
		defer srv.Close()
		res := get(t, srv, c.path, nil)
		if res.StatusCode != 200 {
			t.Fatalf("%s %s: status %d", c.role, c.path, res.StatusCode)
		}
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.HasSuffix(csp, c.want) {
			t.Errorf("%s %s: CSP %q; want it to end with %q", c.role, c.path, csp, c.want)
		}
		if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options = %q", c.role, got)
		}
	}
}

// Pages carry the configured origins, not the defaults.
func TestPagesCarryOrigins(t *testing.T) {
	s := testSite(t)
	srv := httptest.NewServer(s.Handler(Main))
	defer srv.Close()
	body := get(t, srv, "/", nil).body
	for _, want := range []string{`data-other="http://other.localhost:18481"`, `src="http://other.localhost:18481/frame"`, `src="http://main.localhost.evil.localhost:18482/attack"`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("main page lacks %s", want)
		}
	}
}

func TestModuleServedPrecompressed(t *testing.T) {
	if _, err := web.FS.Open("postbridge/postbridge.wasm.br"); err != nil {
		t.Skip("module not built (make build)")
	}
	s := testSite(t)
	srv := httptest.NewServer(s.Handler(Other))
	defer srv.Close()
	cases := []struct{ accept, encoding string }{
		{"gzip, deflate, br, zstd", "br"},
		{"gzip", "gzip"},
		{"br;q=0, gzip", "gzip"},
		{"", ""},
	}
	for _, c := range cases {
		res := get(t, srv, "/postbridge/postbridge.wasm", map[string]string{"Accept-Encoding": c.accept})
		if res.StatusCode != 200 {
			t.Fatalf("Accept-Encoding %q: status %d", c.accept, res.StatusCode)
		}
		if got := res.Header.Get("Content-Type"); got != "application/wasm" {
			t.Errorf("Content-Type = %q; want application/wasm", got)
		}
		if got := res.Header.Get("Content-Encoding"); got != c.encoding {
			t.Errorf("Accept-Encoding %q: Content-Encoding = %q; want %q", c.accept, got, c.encoding)
		}
		if got := res.Header.Get("Access-Control-Allow-Origin"); got != "*" {
			t.Errorf("module ACAO = %q; want * (public, loadable from sandboxed frames)", got)
		}
		etag := res.Header.Get("ETag")
		again := get(t, srv, "/postbridge/postbridge.wasm", map[string]string{"Accept-Encoding": c.accept, "If-None-Match": etag})
		if again.StatusCode != http.StatusNotModified {
			t.Errorf("If-None-Match %s: status %d; want 304", etag, again.StatusCode)
		}
	}
}

// TestLoaderFetchesHashedModule: the loader names the module by its
// content hash, and that name is served with the module's bytes as
// immutable, so Chromium keeps it and its compiled code across loads; the
// loader itself is revalidated, so a new build is seen at once.
func TestLoaderFetchesHashedModule(t *testing.T) {
	loader, err := fs.ReadFile(web.FS, "postbridge/postbridge.js")
	if err != nil {
		t.Skip("module not built (make build)")
	}
	m := regexp.MustCompile(`new URL\("(postbridge\.[0-9a-f]{16}\.wasm)", import\.meta\.url\)`).FindSubmatch(loader)
	if m == nil {
		t.Fatal("postbridge.js does not fetch a content-hashed postbridge.<hash>.wasm")
	}
	plain, err := fs.ReadFile(web.FS, "postbridge/postbridge.wasm")
	if err != nil {
		t.Fatal(err)
	}
	if want := static.HashName("postbridge.wasm", plain); string(m[1]) != want {
		t.Fatalf("loader fetches %s; the module built is %s", m[1], want)
	}
	srv := httptest.NewServer(testSite(t).Handler(Other))
	defer srv.Close()
	res := get(t, srv, "/postbridge/"+string(m[1]), map[string]string{"Accept-Encoding": "br"})
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != static.Immutable || res.Header.Get("Content-Encoding") != "br" {
		t.Errorf("hashed module: %d, Cache-Control %q, Content-Encoding %q; want 200, %q, br",
			res.StatusCode, res.Header.Get("Cache-Control"), res.Header.Get("Content-Encoding"), static.Immutable)
	}
	js := get(t, srv, "/postbridge/postbridge.js", map[string]string{"Accept-Encoding": "br"})
	if js.Header.Get("Cache-Control") != "no-cache" || js.Header.Get("Content-Encoding") != "br" {
		t.Errorf("loader: Cache-Control %q, Content-Encoding %q; want no-cache, br (precompressed)",
			js.Header.Get("Cache-Control"), js.Header.Get("Content-Encoding"))
	}
}

func TestStaticRefusesWhatItShouldNotServe(t *testing.T) {
	s := testSite(t)
	srv := httptest.NewServer(s.Handler(Main))
	defer srv.Close()
	for _, path := range []string{
		"/postbridge/.gitkeep",
		"/pages/main/index.html.go",
		"/pages/../embed.go",
		"/pages/%2e%2e/embed.go",
		"/postbridge/missing.js",
	} {
		// The mux may redirect a dotted path to its clean form, which
		// is then not found; nothing may be served.
		if res := get(t, srv, path, nil); res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusTemporaryRedirect {
			t.Errorf("GET %s: status %d; want 404 (or a redirect)", path, res.StatusCode)
		}
	}
	req, _ := http.NewRequest("POST", srv.URL+"/pages/common/log.js", nil)
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST static: status %d; want 405", res.StatusCode)
	}
}

// Serve answers on real loopback listeners and stops when ctx ends.
func TestServeOnLoopback(t *testing.T) {
	s := testSite(t)
	lns := map[Role]net.Listener{}
	for _, r := range Roles {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		lns[r] = ln
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, lns) }()
	res, err := http.Get("http://" + lns[Other].Addr().String() + "/frame")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("GET /frame on the other origin: %d", res.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
}

// TestRelayRoles: on the site's relay, both demo origins may tap, only the
// main origin (the dashboard's) may read the traffic, and the hostile
// origin may do neither.
func TestRelayRoles(t *testing.T) {
	s := testSite(t)
	srv := httptest.NewServer(s.Handler(Main))
	defer srv.Close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/relay"
	cfg := s.Config()
	for _, tc := range []struct {
		origin, role string
		want         int // 0: upgraded
	}{
		{cfg.Main.String(), "dashboard", 0},
		{cfg.Main.String(), "tap", 0},
		{cfg.Other.String(), "tap", 0},
		{cfg.Other.String(), "dashboard", 403},
		{cfg.Other.String(), "driver", 403},
		{cfg.Evil.String(), "tap", 403},
		{cfg.Evil.String(), "dashboard", 403},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		c, err := client.Dial(ctx, url, client.Options{Role: tc.role, Origin: tc.origin})
		cancel()
		got := 0
		var he *client.HandshakeError
		switch {
		case err == nil:
			_ = c.Close()
		case errors.As(err, &he):
			got = he.StatusCode
		default:
			t.Fatalf("Dial as %s from %s: %v", tc.role, tc.origin, err)
		}
		if got != tc.want {
			t.Errorf("Dial as %s from %s: got status %d; want %d", tc.role, tc.origin, got, tc.want)
		}
	}
}

// TestAltParent: -alt adds a second parent site that the framed page
// allows in frame-ancestors; a bad or clashing -alt is refused, naming it.
func TestAltParent(t *testing.T) {
	cfg, err := ParseConfig("http://main.localhost:18480", "http://other.localhost:18481", "http://main.localhost.evil.localhost:18482")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"http://shop.localhost:18480", "https://shop.localhost:18483", "http://*.localhost:18483", "null"} {
		c := cfg
		if err := c.SetAlt(bad); !errors.Is(err, ErrFlag) || !strings.Contains(err.Error(), "-alt") || !c.Alt.IsZero() {
			t.Errorf("SetAlt(%q): %v, Alt %v; want ErrFlag naming -alt", bad, err, c.Alt)
		}
	}
	if err := cfg.SetAlt("http://shop.localhost:18483"); err != nil {
		t.Fatal(err)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		role      Role
		path, csp string
	}{
		{Other, "/frame", "frame-ancestors http://main.localhost:18480 http://shop.localhost:18483"},
		{Alt, "/", "frame-ancestors 'none'"},
	} {
		srv := httptest.NewServer(s.Handler(c.role))
		res := get(t, srv, c.path, nil)
		srv.Close()
		if res.StatusCode != 200 || !strings.HasSuffix(res.Header.Get("Content-Security-Policy"), c.csp) {
			t.Errorf("%s %s: %d, CSP %q; want 200 ending %q", c.role, c.path, res.StatusCode, res.Header.Get("Content-Security-Policy"), c.csp)
		}
	}
	if srv := httptest.NewServer(testSite(t).Handler(Other)); srv != nil {
		defer srv.Close()
		if csp := get(t, srv, "/frame", nil).Header.Get("Content-Security-Policy"); !strings.HasSuffix(csp, "frame-ancestors http://main.localhost:18480") {
			t.Errorf("without -alt the framed page's CSP is %q; want only the main origin as ancestor", csp)
		}
	}
}

// Every origin's CSP names the origin itself beside 'self' wherever
// scripts, styles and fetches are allowed: WebKit matches 'self' to
// nothing in a sandboxed (opaque-origin) document, so a sandboxed page
// under 'self' alone loads no script and fetches no module there.
func TestCSPNamesOwnOrigin(t *testing.T) {
	cfg, err := ParseConfig("http://main.localhost:18080", "http://other.localhost:18081", "http://main.localhost.evil.localhost:18082")
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range s.roles() {
		csp := s.csp(r)
		own := s.origin(r).String()
		for _, dir := range []string{"default-src", "script-src", "style-src", "connect-src"} {
			found := false
			for _, d := range strings.Split(csp, ";") {
				f := strings.Fields(d)
				if len(f) > 0 && f[0] == dir && slices.Contains(f[1:], "'self'") && slices.Contains(f[1:], own) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: CSP %q: %s does not list both 'self' and %s", r, csp, dir, own)
			}
		}
	}
}
