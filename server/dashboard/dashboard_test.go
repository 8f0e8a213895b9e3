package dashboard_test

import (
	"bytes"
	"image/png"
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

	"github.com/postbridge/postbridge/server/dashboard"
)

// A built web tree: the wasm and its precompressed siblings. The contents
// are stand-ins; only which one is served matters.
var built = fstest.MapFS{
	"dashboard/app.wasm":    {Data: []byte("\x00asm raw wasm bytes")},
	"dashboard/app.wasm.br": {Data: []byte("brotli bytes")},
	"dashboard/app.wasm.gz": {Data: []byte("gzip bytes")},
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

// encodingCases feed TestWasmEncoding: which copy of app.wasm a request
// gets for its Accept-Encoding.
var encodingCases = []struct {
	accept, encoding, body string
}{
	{"", "", "\x00asm raw wasm bytes"},
	{"gzip", "gzip", "gzip bytes"},
	{"br", "br", "brotli bytes"},
	{"gzip, deflate, br, zstd", "br", "brotli bytes"}, // what Chromium sends
	{"BR", "br", "brotli bytes"},
	{"br;q=0, gzip", "gzip", "gzip bytes"},
	{"br; q=0.000, gzip;q=0.5", "gzip", "gzip bytes"},
	{"br;q=0, gzip;q=0", "", "\x00asm raw wasm bytes"},
	{"*", "br", "brotli bytes"},
	{"*;q=0", "", "\x00asm raw wasm bytes"},
	{"*, br;q=0", "gzip", "gzip bytes"},
	{"identity", "", "\x00asm raw wasm bytes"},
	{"brotli, xgzip", "", "\x00asm raw wasm bytes"}, // names match whole, not by prefix
	{"br;q=nonsense, gzip", "gzip", "gzip bytes"},
}

func TestWasmEncoding(t *testing.T) {
	t.Parallel()
	h := dashboard.Handler(built)
	etags := map[string]string{}
	for _, c := range encodingCases {
		res, body := get(t, h, "/dashboard/web/app.wasm", "Accept-Encoding", c.accept)
		if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != c.encoding || body != c.body {
			t.Errorf("GET app.wasm, Accept-Encoding %q: got %d, encoding %q, body %q; want 200, %q, %q",
				c.accept, res.StatusCode, res.Header.Get("Content-Encoding"), body, c.encoding, c.body)
		}
		if ct := res.Header.Get("Content-Type"); ct != "application/wasm" {
			t.Errorf("GET app.wasm: got Content-Type %q; want application/wasm", ct)
		}
		if v := res.Header.Get("Vary"); v != "Accept-Encoding" {
			t.Errorf("GET app.wasm: got Vary %q; want Accept-Encoding", v)
		}
		if n := res.Header.Get("X-Raw-Content-Length"); n != strconv.Itoa(len(built["dashboard/app.wasm"].Data)) {
			t.Errorf("GET app.wasm: got X-Raw-Content-Length %q; want the raw size", n)
		}
		etags[c.encoding] = res.Header.Get("ETag")
	}
	if len(etags) != 3 || etags[""] == etags["br"] || etags["br"] == etags["gzip"] {
		t.Errorf("ETags by encoding: got %v; want three different ones", etags)
	}
	res, _ := get(t, h, "/dashboard/web/app.wasm", "Accept-Encoding", "br", "If-None-Match", etags["br"])
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("GET app.wasm with its ETag: got %d; want 304", res.StatusCode)
	}
}

// notFetched are the URLs the served files mention without loading
// them: the SVG namespace, and the Go issue that wasm_exec.js names in a
// console message.
var notFetched = []string{`xmlns="http://www.w3.org/2000/svg"`, "https://github.com/golang/go/issues/28975"}

// external finds a reference to another host in text: any other http(s)
// URL.
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

func TestPageIsSelfContained(t *testing.T) {
	t.Parallel()
	h := dashboard.Handler(built)
	for _, c := range []struct{ path, ctype, contains string }{
		{"/dashboard/", "text/html", `src="/dashboard/wasm_exec.js"`},
		{"/dashboard/app.js", "application/javascript", `"/dashboard/web/app.wasm"`},
		{"/dashboard/wasm_exec.js", "application/javascript", "Go"},
		{"/dashboard/app-worker.js", "application/javascript", "caches nothing"},
		{"/dashboard/manifest.webmanifest", "application/manifest+json", `"/dashboard/web/icon-512.png"`},
		{"/dashboard/app.css", "text/css", "goapp"},
		{"/dashboard/web/dashboard.css", "text/css; charset=utf-8", ".status-connected"},
		{"/dashboard/web/icon.svg", "image/svg+xml", "<svg"},
	} {
		res, body := get(t, h, c.path)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != c.ctype || !strings.Contains(body, c.contains) {
			t.Errorf("GET %s: got %d %q, body has %q: %v; want 200 %q", c.path, res.StatusCode,
				res.Header.Get("Content-Type"), c.contains, strings.Contains(body, c.contains), c.ctype)
		}
		// The page's own og:url names the requested host: example.com here.
		if ext := external(strings.ReplaceAll(body, "http://example.com/", "")); ext != "" {
			t.Errorf("GET %s: refers to another host: %q", c.path, ext)
		}
	}
	if _, body := get(t, h, "/dashboard/app-worker.js"); strings.Contains(body, "fetch") || strings.Contains(body, "caches.") {
		t.Errorf("service worker: got %q; want one that neither caches nor serves", body)
	}
}

func TestIcons(t *testing.T) {
	t.Parallel()
	h := dashboard.Handler(built)
	for _, size := range []int{192, 512} {
		res, body := get(t, h, "/dashboard/web/icon-"+strconv.Itoa(size)+".png")
		img, err := png.Decode(strings.NewReader(body))
		if res.StatusCode != 200 || err != nil || img.Bounds().Dx() != size || img.Bounds().Dy() != size {
			t.Errorf("GET icon-%d.png: got %d, %v; want a %d×%d PNG", size, res.StatusCode, err, size, size)
		}
	}
}

// go-app alone serves /web/* and app.wasm from the working directory:
// files next to the server must stay out of reach.
func TestNothingFromTheWorkingDirectory(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"secret.txt", "web/secret.txt", "dashboard/web/app.wasm", "web/app.wasm", "dashboard/web/secret.txt"} {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte("SECRET "+name), 0o644)
	}
	t.Chdir(dir)
	h := dashboard.Handler(fstest.MapFS{})
	for _, p := range []string{
		"/dashboard/web/secret.txt", "/dashboard/app.wasm", "/dashboard/goapp.wasm", "/dashboard/web/app.wasm",
		"/dashboard/web/../secret.txt", "/dashboard/web//secret.txt", "/dashboard/web/%2e%2e/secret.txt",
		"/dashboard/secret.txt", "/dashboard/web/", "/dashboard/goapp.js", "/dashboard/manifest.json",
	} {
		res, body := get(t, h, p)
		if res.StatusCode != http.StatusNotFound || strings.Contains(body, "SECRET") {
			t.Errorf("GET %s: got %d %q; want 404", p, res.StatusCode, body)
		}
	}
}

// go-app alone answers /robots.txt, /sitemap.xml and /ads.txt by fetching
// them over HTTP from the host the request names: a request could make
// the server call any host. None of them may leave the server.
func TestNoFetchForTheRequest(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		io.WriteString(w, "fetched from the named host")
	}))
	defer target.Close()
	h := dashboard.Handler(built)
	for _, p := range []string{"/dashboard/robots.txt", "/dashboard/sitemap.xml", "/dashboard/ads.txt"} {
		req := httptest.NewRequest(http.MethodGet, p, nil)
		req.Host = strings.TrimPrefix(target.URL, "http://")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "fetched") {
			t.Errorf("GET %s with Host %s: got %d %q; want 404", p, req.Host, w.Code, w.Body.String())
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the server fetched from the host the requests named %d times; want 0", n)
	}
}

func TestRefusals(t *testing.T) {
	t.Parallel()
	h := dashboard.Handler(built)
	for _, c := range []struct {
		method, path string
		status       int
	}{
		{http.MethodPost, "/dashboard/", http.StatusMethodNotAllowed},
		{http.MethodPut, "/dashboard/web/app.wasm", http.StatusMethodNotAllowed},
		{http.MethodDelete, "/dashboard/app.js", http.StatusMethodNotAllowed},
		{http.MethodGet, "/dashboardx/", http.StatusNotFound},
		{http.MethodGet, "/elsewhere/", http.StatusNotFound},
		{http.MethodGet, "/dashboard/anything", http.StatusNotFound},
		{http.MethodHead, "/dashboard/web/app.wasm", http.StatusOK},
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
	h := dashboard.Handler(fstest.MapFS{})
	res, body := get(t, h, "/dashboard/")
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "make build") {
		t.Errorf("GET /dashboard/ before make build: got %d %q; want 503 saying to build", res.StatusCode, body)
	}
	if res, _ := get(t, h, "/dashboard/web/app.wasm"); res.StatusCode != http.StatusNotFound {
		t.Errorf("GET app.wasm before make build: got %d; want 404", res.StatusCode)
	}
	if res, _ := get(t, h, "/dashboard/web/dashboard.css"); res.StatusCode != 200 {
		t.Errorf("GET dashboard.css before make build: got %d; want 200", res.StatusCode)
	}
}

func TestVersionFollowsTheBuild(t *testing.T) {
	t.Parallel()
	other := fstest.MapFS{"dashboard/app.wasm": {Data: []byte("\x00asm another build")}}
	etag := func(fsys fstest.MapFS) string {
		res, _ := get(t, dashboard.Handler(fsys), "/dashboard/app.js")
		return res.Header.Get("ETag")
	}
	a, b, again := etag(built), etag(other), etag(built)
	if a == b || a != again {
		t.Errorf("app.js ETags: got %q, %q for another build, %q again; want them to follow the wasm", a, b, again)
	}
	if !bytes.Contains([]byte(a), []byte(`"`)) {
		t.Errorf("ETag %q: want a quoted version", a)
	}
}
