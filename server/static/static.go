// Package static serves files that never change while the server runs
// (embedded, or built once): each with a content-hash ETag, and with a
// precompressed sibling (NAME.br, NAME.gz, written at build time) when the
// request's Accept-Encoding allows it. Nothing is compressed per request.
// The site's pages and module and the dashboard's wasm share it.
//
// A file whose name carries its own content hash (NAME.<16 hex>.EXT, the
// first 16 hex digits of the SHA-256 of its uncompressed bytes, as the
// build writes the module) is sent with Cache-Control "public,
// max-age=31536000, immutable": its URL can never show other bytes, so a
// browser keeps it (and Chromium its compiled wasm code) without asking
// again. Every other file is "no-cache": revalidated by ETag each time.
package static

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
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
	hash string // the first 16 hex digits of the SHA-256 of data
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
	return &blob{
		data: data,
		etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`,
		hash: hex.EncodeToString(sum[:8]),
	}
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
	if Hashed(name, plain.hash) {
		h.Set("Cache-Control", Immutable)
	} else {
		h.Set("Cache-Control", "no-cache")
	}
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

// Immutable is the Cache-Control of a file whose name carries its hash.
const Immutable = "public, max-age=31536000, immutable"

// HashName returns the name under which data is served as immutable:
// "postbridge.wasm" becomes "postbridge.<16 hex>.wasm".
func HashName(name string, data []byte) string {
	sum := sha256.Sum256(data)
	dir, base := path.Split(name)
	stem, ext := base, ""
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		stem, ext = base[:i], base[i:]
	}
	return dir + stem + "." + hex.EncodeToString(sum[:8]) + ext
}

// Hashed reports whether name's last-but-one dot-separated part is exactly
// hash (16 lower-case hex digits): a name that merely looks hashed, or
// whose hash is of other bytes, is not.
func Hashed(name, hash string) bool {
	base := path.Base(name)
	i := strings.LastIndexByte(base, '.')
	if i <= 0 {
		return false
	}
	stem := base[:i]
	j := strings.LastIndexByte(stem, '.')
	return j >= 0 && len(hash) == 16 && stem[j+1:] == hash
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
