package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// assets serves files of an fs.FS with a content-hash ETag, the right
// Content-Type, and a precompressed sibling (.br, .gz) when the client
// accepts it. Nothing is compressed per request.
type assets struct {
	fsys fs.FS

	mu    sync.Mutex
	cache map[string]*asset
}

type asset struct {
	data []byte
	etag string
}

func newAssets(fsys fs.FS) *assets {
	return &assets{fsys: fsys, cache: map[string]*asset{}}
}

// load reads name once and remembers its bytes and ETag. Embedded files
// never change, so the cache is never invalidated.
func (a *assets) load(name string) (*asset, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if f, ok := a.cache[name]; ok {
		return f, f != nil
	}
	data, err := fs.ReadFile(a.fsys, name)
	if err != nil {
		a.cache[name] = nil
		return nil, false
	}
	sum := sha256.Sum256(data)
	f := &asset{data: data, etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`}
	a.cache[name] = f
	return f, true
}

var contentTypes = map[string]string{
	".wasm": "application/wasm",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".html": "text/html; charset=utf-8",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".ts":   "text/plain; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
}

// serve writes the file name (a slash path inside fsys) or a 404.
func (a *assets) serve(w http.ResponseWriter, r *http.Request, name string) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name = strings.TrimPrefix(path.Clean("/"+name), "/")
	if strings.HasPrefix(path.Base(name), ".") {
		http.NotFound(w, r)
		return
	}
	ctype, known := contentTypes[path.Ext(name)]
	if !known {
		http.NotFound(w, r)
		return
	}
	plain, ok := a.load(name)
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Add("Vary", "Accept-Encoding")
	h.Set("Cache-Control", "no-cache")
	f := plain
	for _, enc := range []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
		if !accepts(r.Header.Get("Accept-Encoding"), enc.token) {
			continue
		}
		if c, ok := a.load(name + enc.ext); ok {
			h.Set("Content-Encoding", enc.token)
			f = c
			break
		}
	}
	h.Set("ETag", f.etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.data))
}

// accepts reports whether an Accept-Encoding header value lists token with
// a non-zero quality.
func accepts(header, token string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), token) {
			continue
		}
		q := strings.ReplaceAll(params, " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}
