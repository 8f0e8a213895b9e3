package goapp_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/postbridge/postbridge/server/goapp"
)

// A built web tree: the wasm and its precompressed siblings. The contents
// are stand-ins; only which one is served matters.
var built = fstest.MapFS{
	"goapp/app.wasm":    {Data: []byte("\x00asm raw wasm bytes")},
	"goapp/app.wasm.br": {Data: []byte("brotli bytes")},
	"goapp/app.wasm.gz": {Data: []byte("gzip bytes")},
}

const parent = "http://main.localhost:8080"

func handler(t *testing.T, fsys fstest.MapFS) http.Handler {
	t.Helper()
	h, err := goapp.Handler(fsys, parent)
	if err != nil {
		t.Fatalf("Handler(%q): %v", parent, err)
	}
	return h
}

func get(t *testing.T, h http.Handler, target string, header ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	res := w.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func TestParentMustBeAnOrigin(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"", "*", "null", "main.localhost", "http://main.localhost/path", "ws://main.localhost"} {
		if _, err := goapp.Handler(built, bad); err == nil {
			t.Errorf("Handler(%q): got no error; want the origin refused", bad)
		}
	}
}

// notFetched are the URLs the served files mention without loading them.
var notFetched = []string{`xmlns="http://www.w3.org/2000/svg"`, parent}

func external(text string) string {
	for _, s := range notFetched {
		text = strings.ReplaceAll(text, s, "")
	}
	for _, scheme := range []string{"http://", "https://"} {
		if i := strings.Index(text, scheme); i >= 0 {
			return text[i:min(len(text), i+60)]
		}
	}
	return ""
}

func TestPathList(t *testing.T) {
	t.Parallel()
	h := handler(t, built)
	for _, c := range []struct{ path, ctype, contains string }{
		{"/goapp/", "text/html", `src="/goapp/app.js"`},
		{"/goapp/bye", "text/html", `href="/goapp/web/goapp.css"`},
		{"/goapp/app.js", "text/javascript; charset=utf-8", `runGo("/goapp/web/app.wasm")`},
		{"/goapp/wasm_exec.js", "text/javascript; charset=utf-8", "runGo"},
		{"/goapp/app.css", "text/css", "goapp"},
		{"/goapp/web/goapp.css", "text/css; charset=utf-8", ".gapp"},
		{"/goapp/web/icon.svg", "image/svg+xml", "<svg"},
		{"/goapp/manifest.webmanifest", "application/manifest+json", `"/goapp/web/icon.svg"`},
	} {
		res, body := get(t, h, c.path)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != c.ctype || !strings.Contains(body, c.contains) {
			t.Errorf("GET %s: got %d %q, body has %q: %v; want 200 %q", c.path, res.StatusCode,
				res.Header.Get("Content-Type"), c.contains, strings.Contains(body, c.contains), c.ctype)
		}
		if ext := external(strings.ReplaceAll(body, "http://example.com/", "")); ext != "" {
			t.Errorf("GET %s: refers to another host: %q", c.path, ext)
		}
	}
	// The page starts the wasm through the bridge's loader, and never
	// through go-app's own.
	_, js := get(t, h, "/goapp/app.js")
	for _, want := range []string{`import("/postbridge/postbridge.js")`, "function goappGetenv(", "function goappKeepBodyClean(", "var goappNav"} {
		if !strings.Contains(js, want) {
			t.Errorf("app.js: missing %q", want)
		}
	}
	for _, not := range []string{"new Go(", "serviceWorker"} {
		if strings.Contains(js, not) {
			t.Errorf("app.js: contains %q; want none", not)
		}
	}
}

// The allowed parent comes from Handler's argument, whatever the request
// says.
func TestParentFromTheConfigurationOnly(t *testing.T) {
	t.Parallel()
	h := handler(t, built)
	_, js := get(t, h, "/goapp/app.js?POSTBRIDGE_PARENT_ORIGIN=http://evil.localhost", "Origin", "http://evil.localhost", "Referer", "http://evil.localhost/")
	if !strings.Contains(js, `"POSTBRIDGE_PARENT_ORIGIN":"`+parent+`"`) || strings.Contains(js, "evil") {
		t.Errorf("app.js environment: want exactly %q as the parent; got\n%s", parent, js)
	}
}

func TestWasmEncoding(t *testing.T) {
	t.Parallel()
	h := handler(t, built)
	for _, c := range []struct{ accept, encoding, body string }{
		{"gzip, deflate, br, zstd", "br", "brotli bytes"},
		{"gzip", "gzip", "gzip bytes"},
		{"", "", "\x00asm raw wasm bytes"},
	} {
		res, body := get(t, h, "/goapp/web/app.wasm", "Accept-Encoding", c.accept)
		if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != c.encoding || body != c.body {
			t.Errorf("GET app.wasm, Accept-Encoding %q: got %d, encoding %q, body %q; want 200, %q, %q",
				c.accept, res.StatusCode, res.Header.Get("Content-Encoding"), body, c.encoding, c.body)
		}
		if ct := res.Header.Get("Content-Type"); ct != "application/wasm" {
			t.Errorf("GET app.wasm: got Content-Type %q; want application/wasm", ct)
		}
		if n := res.Header.Get("X-Raw-Content-Length"); n != strconv.Itoa(len(built["goapp/app.wasm"].Data)) {
			t.Errorf("GET app.wasm: got X-Raw-Content-Length %q; want the raw size", n)
		}
	}
}

// go-app alone serves /web/*, app.wasm and its worker and manifest, and
// fetches /robots.txt and the like from the host a request names: none of
// it is reachable here.
func TestNothingElse(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"secret.txt", "web/secret.txt", "goapp/web/app.wasm", "web/app.wasm", "goapp/web/secret.txt"} {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte("SECRET "+name), 0o644)
	}
	t.Chdir(dir)
	var hits atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.WriteString(w, "SECRET fetched from the named host")
	}))
	defer target.Close()
	h := handler(t, fstest.MapFS{})
	for _, p := range []string{
		"/goapp/web/secret.txt", "/goapp/app.wasm", "/goapp/goapp.wasm", "/goapp/web/app.wasm",
		"/goapp/web/../secret.txt", "/goapp/web//secret.txt", "/goapp/web/%2e%2e/secret.txt",
		"/goapp/secret.txt", "/goapp/web/", "/goapp/goapp.js", "/goapp/manifest.json",
		"/goapp/app-worker.js", "/goapp/robots.txt", "/goapp/sitemap.xml",
		"/goapp/ads.txt", "/goapp/bye/", "/goapp/other",
	} {
		req := httptest.NewRequest(http.MethodGet, p, nil)
		req.Host = strings.TrimPrefix(target.URL, "http://")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "SECRET") {
			t.Errorf("GET %s: got %d %q; want 404", p, w.Code, w.Body.String())
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the server fetched from the host the requests named %d times; want 0", n)
	}
}

func TestRefusals(t *testing.T) {
	t.Parallel()
	h := handler(t, built)
	for _, c := range []struct {
		method, path string
		status       int
	}{
		{http.MethodPost, "/goapp/", http.StatusMethodNotAllowed},
		{http.MethodPut, "/goapp/web/app.wasm", http.StatusMethodNotAllowed},
		{http.MethodDelete, "/goapp/app.js", http.StatusMethodNotAllowed},
		{http.MethodGet, "/goappx/", http.StatusNotFound},
		{http.MethodGet, "/goapp", http.StatusNotFound},
		{http.MethodGet, "/dashboard/", http.StatusNotFound},
		{http.MethodHead, "/goapp/web/app.wasm", http.StatusOK},
	} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(c.method, c.path, nil))
		if w.Code != c.status {
			t.Errorf("%s %s: got %d; want %d", c.method, c.path, w.Code, c.status)
		}
		if c.status == http.StatusMethodNotAllowed && w.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s %s: got Allow %q; want GET, HEAD", c.method, c.path, w.Header().Get("Allow"))
		}
	}
}

func TestNotBuilt(t *testing.T) {
	t.Parallel()
	h := handler(t, fstest.MapFS{})
	for _, p := range []string{"/goapp/", "/goapp/bye"} {
		if res, body := get(t, h, p); res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "make build") {
			t.Errorf("GET %s before make build: got %d %q; want 503 saying to build", p, res.StatusCode, body)
		}
	}
	if res, _ := get(t, h, "/goapp/web/goapp.css"); res.StatusCode != 200 {
		t.Errorf("GET goapp.css before make build: got %d; want 200", res.StatusCode)
	}
}
