// Package static serves files that never change while the server runs
// (embedded, or built once): each with a content-hash ETag, and with a
// precompressed sibling (NAME.br, NAME.gz, written at build time) when the
// request's Accept-Encoding allows it. Nothing is compressed per request.
// The site's pages and module and the dashboard's wasm share it.
package static

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// encodings in order of preference, with the sibling's extension.
var encodings = []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}}

// Files serves files from a file system, and files added in memory.
type Files struct {
	fsys fs.FS

	mu    sync.Mutex
	cache map[string]*blob // by name; nil for a name that does not exist
	mem   map[string]bool  // names added with Add: no compressed siblings
}

type blob struct {
	data []byte
	etag string
}

// New returns Files reading from fsys (which may be nil).
func New(fsys fs.FS) *Files {
	return &Files{fsys: fsys, cache: map[string]*blob{}, mem: map[string]bool{}}
}

// Add serves data under name, in place of anything fsys holds there.
func (f *Files) Add(name string, data []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cache[name] = newBlob(data)
	f.mem[name] = true
}

func newBlob(data []byte) *blob {
	sum := sha256.Sum256(data)
	return &blob{data: data, etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`}
}

// load reads name once and remembers it, or that it does not exist.
func (f *Files) load(name string) (*blob, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if b, ok := f.cache[name]; ok {
		return b, b != nil
	}
	var b *blob
	if f.fsys != nil {
		if data, err := fs.ReadFile(f.fsys, name); err == nil {
			b = newBlob(data)
		}
	}
	f.cache[name] = b
	return b, b != nil
}

// Size returns the uncompressed size of name, and whether it exists.
func (f *Files) Size(name string) (int, bool) {
	b, ok := f.load(name)
	if !ok {
		return 0, false
	}
	return len(b.data), true
}

// Serve writes the file name with Content-Type ctype, or a 404. It
// answers conditional and range requests (http.ServeContent).
func (f *Files) Serve(w http.ResponseWriter, r *http.Request, name, ctype string) {
	plain, ok := f.load(name)
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "no-cache")
	b := plain
	f.mu.Lock()
	inMemory := f.mem[name]
	f.mu.Unlock()
	if !inMemory {
		h.Add("Vary", "Accept-Encoding")
		for _, e := range encodings {
			if !Accepts(r.Header.Get("Accept-Encoding"), e.token) {
				continue
			}
			if c, ok := f.load(name + e.ext); ok {
				h.Set("Content-Encoding", e.token)
				b = c
				break
			}
		}
	}
	h.Set("ETag", b.etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b.data))
}

// Accepts reports whether an Accept-Encoding value allows token: listed by
// name (any case) or matched by "*", with a quality above zero. An
// explicit entry for token wins over "*".
func Accepts(header, token string) bool {
	star := false
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.TrimSpace(name)
		ok := quality(params) > 0
		if strings.EqualFold(name, token) {
			return ok
		}
		if name == "*" {
			star = ok
		}
	}
	return star
}

// quality reads the q parameter of an Accept-Encoding entry: 1 when
// absent, 0 when malformed.
func quality(params string) float64 {
	for _, p := range strings.Split(params, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(strings.TrimSpace(k), "q") {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || q < 0 || q > 1 {
				return 0
			}
			return q
		}
	}
	return 1
}
