package static

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestAccepts(t *testing.T) {
	cases := []struct {
		header, token string
		want          bool
	}{
		{"gzip, deflate, br, zstd", "br", true},
		{"gzip;q=0.5, br;q=0", "br", false},
		{"BR", "br", true},
		{"brotli", "br", false},
		{"", "gzip", false},
		{"*", "br", true},
		{"*, br;q=0", "br", false},
		{"*;q=0, gzip", "br", false},
		{"br;q=1.5", "br", false},
		{"BR ; Q=0.5", "br", true},
	}
	for _, c := range cases {
		if got := Accepts(c.header, c.token); got != c.want {
			t.Errorf("Accepts(%q, %q) = %v; want %v", c.header, c.token, got, c.want)
		}
	}
}

// FuzzAccepts: an encoding is accepted only when the header names it or
// "*", whatever else it holds.
func FuzzAccepts(f *testing.F) {
	for _, h := range []string{"", "gzip, deflate, br, zstd", "br;q=0, gzip", "*;q=0", "BR ; Q=0.5", "br;q=1.5", ";;,,=q"} {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, h string) {
		for _, token := range []string{"br", "gzip"} {
			if Accepts(h, token) && !strings.Contains(strings.ToLower(h), token) && !strings.Contains(h, "*") {
				t.Fatalf("Accepts(%q, %q): got true; the header names neither it nor *", h, token)
			}
		}
	})
}

func TestServe(t *testing.T) {
	fsys := fstest.MapFS{
		"m.wasm":    {Data: []byte("raw")},
		"m.wasm.br": {Data: []byte("brotli")},
		"m.wasm.gz": {Data: []byte("gzip")},
		"plain.css": {Data: []byte("css")},
	}
	f := New(fsys)
	f.Add("icon.svg", []byte("<svg/>"))
	cases := []struct {
		name, accept, body, encoding string
		status                       int
	}{
		{"m.wasm", "gzip, br", "brotli", "br", 200},
		{"m.wasm", "gzip", "gzip", "gzip", 200},
		{"m.wasm", "", "raw", "", 200},
		{"plain.css", "br", "css", "", 200},
		{"icon.svg", "br", "<svg/>", "", 200},
		{"missing.js", "", "", "", 404},
	}
	for _, c := range cases {
		req := httptest.NewRequest("GET", "/"+c.name, nil)
		req.Header.Set("Accept-Encoding", c.accept)
		rec := httptest.NewRecorder()
		f.Serve(rec, req, c.name, "x/y")
		body, _ := io.ReadAll(rec.Body)
		if rec.Code != c.status {
			t.Errorf("%s (%q): status %d; want %d", c.name, c.accept, rec.Code, c.status)
			continue
		}
		if c.status != 200 {
			continue
		}
		if string(body) != c.body || rec.Header().Get("Content-Encoding") != c.encoding {
			t.Errorf("%s (%q): %q encoded %q; want %q encoded %q", c.name, c.accept, body, rec.Header().Get("Content-Encoding"), c.body, c.encoding)
		}
		again := httptest.NewRequest("GET", "/"+c.name, nil)
		again.Header.Set("Accept-Encoding", c.accept)
		again.Header.Set("If-None-Match", rec.Header().Get("ETag"))
		rec2 := httptest.NewRecorder()
		f.Serve(rec2, again, c.name, "x/y")
		if rec2.Code != http.StatusNotModified {
			t.Errorf("%s: If-None-Match with its ETag gave %d; want 304", c.name, rec2.Code)
		}
	}
	if n, ok := f.Size("m.wasm"); !ok || n != 3 {
		t.Errorf("Size(m.wasm) = %d, %v; want 3, true", n, ok)
	}
}

func BenchmarkAccepts(b *testing.B) {
	for b.Loop() {
		Accepts("gzip, deflate, br, zstd", "br")
	}
}

// TestImmutable: only a name carrying the hash of its own bytes is cached
// for good; a name that merely looks hashed, an upper-case or truncated
// hash, or the hash of other bytes is revalidated like any file.
func TestImmutable(t *testing.T) {
	module := []byte("the module")
	hashed := HashName("p/postbridge.wasm", module)
	other := HashName("p/postbridge.wasm", []byte("another build"))
	if hashed == other || !strings.HasPrefix(hashed, "p/postbridge.") || !strings.HasSuffix(hashed, ".wasm") {
		t.Fatalf("HashName gave %q and %q", hashed, other)
	}
	hash := strings.TrimSuffix(strings.TrimPrefix(hashed, "p/postbridge."), ".wasm")
	fsys := fstest.MapFS{
		hashed:              {Data: module},
		hashed + ".br":      {Data: []byte("brotli")},
		other:               {Data: module}, // a hashed-looking name over the wrong bytes
		"p/postbridge.wasm": {Data: module},
		"p/postbridge." + strings.ToUpper(hash) + ".wasm": {Data: module},
		"p/postbridge." + hash[:15] + ".wasm":             {Data: module},
		"p/" + hash + ".wasm":                             {Data: module},
	}
	f := New(fsys)
	cases := []struct {
		name, accept string
		immutable    bool
	}{
		{hashed, "", true},
		{hashed, "br", true}, // the brotli sibling, under the plain file's name
		{other, "", false},
		{"p/postbridge.wasm", "", false},
		{"p/postbridge." + strings.ToUpper(hash) + ".wasm", "", false},
		{"p/postbridge." + hash[:15] + ".wasm", "", false},
		{"p/" + hash + ".wasm", "", false},
	}
	for _, c := range cases {
		req := httptest.NewRequest("GET", "/"+c.name, nil)
		req.Header.Set("Accept-Encoding", c.accept)
		rec := httptest.NewRecorder()
		f.Serve(rec, req, c.name, "application/wasm")
		want := "no-cache"
		if c.immutable {
			want = Immutable
		}
		if got := rec.Header().Get("Cache-Control"); rec.Code != 200 || got != want {
			t.Errorf("%s (%q): %d, Cache-Control %q; want 200, %q", c.name, c.accept, rec.Code, got, want)
		}
	}
}

func ExampleHashName() {
	fmt.Println(HashName("postbridge/postbridge.wasm", []byte("hello")))
	// Output: postbridge/postbridge.2cf24dba5fb0a30e.wasm
}
