package dashboard

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// files serves a fixed set of files, each with a content-hash ETag and,
// for files from the web tree, a precompressed sibling (.br, .gz) when the
// request accepts it.
type files struct {
	mu     sync.Mutex
	byPath map[string]*file
}

type file struct {
	ctype string
	// Either data (embedded here) or fsys+name (read on first use).
	data []byte
	fsys fs.FS
	name string

	loaded   map[string]*blob // by encoding: "", "br", "gzip"
	notFound map[string]bool
}

type blob struct {
	data []byte
	etag string
}

var contentTypes = map[string]string{
	".wasm": "application/wasm",
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
	".png":  "image/png",
}

// encodings in order of preference, with the sibling's extension.
var encodings = []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}}

func newFiles() *files { return &files{byPath: map[string]*file{}} }

func (fl *files) add(p string, data []byte) {
	fl.byPath[p] = &file{ctype: contentTypes[path.Ext(p)], data: data}
}

func (fl *files) addFS(p string, fsys fs.FS, name string) {
	fl.byPath[p] = &file{ctype: contentTypes[path.Ext(p)], fsys: fsys, name: name}
}

// get returns the file at p in encoding enc ("" for none), reading it from
// its file system once.
func (fl *files) get(f *file, enc, ext string) (*blob, bool) {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	if b, ok := f.loaded[enc]; ok {
		return b, true
	}
	if f.notFound[enc] {
		return nil, false
	}
	data := f.data
	if f.fsys != nil {
		var err error
		if data, err = fs.ReadFile(f.fsys, f.name+ext); err != nil {
			if f.notFound == nil {
				f.notFound = map[string]bool{}
			}
			f.notFound[enc] = true
			return nil, false
		}
	} else if enc != "" {
		return nil, false
	}
	sum := sha256.Sum256(data)
	b := &blob{data: data, etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`}
	if f.loaded == nil {
		f.loaded = map[string]*blob{}
	}
	f.loaded[enc] = b
	return b, true
}

func (fl *files) serve(w http.ResponseWriter, r *http.Request, p string) {
	f, ok := fl.byPath[p]
	if !ok {
		http.NotFound(w, r)
		return
	}
	plain, ok := fl.get(f, "", "")
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Cache-Control", "no-cache")
	b := plain
	if f.fsys != nil {
		h.Add("Vary", "Accept-Encoding")
		h.Set(rawLengthHeader, strconv.Itoa(len(plain.data)))
		for _, e := range encodings {
			if !accepts(r.Header.Get("Accept-Encoding"), e.token) {
				continue
			}
			if c, ok := fl.get(f, e.token, e.ext); ok {
				h.Set("Content-Encoding", e.token)
				b = c
				break
			}
		}
	}
	h.Set("ETag", b.etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b.data))
}

// accepts reports whether an Accept-Encoding value allows token: listed by
// name (any case) or matched by "*", with a quality above zero. An
// explicit entry for token wins over "*".
func accepts(header, token string) bool {
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
