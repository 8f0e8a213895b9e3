package dashboard

import (
	"io/fs"
	"net/http"
	"path"
	"strconv"

	staticfs "github.com/postbridge/postbridge/server/static"
)

// files serves a fixed set of paths below /web/: each is a file of the
// web tree (with its precompressed siblings) or bytes made here.
type files struct {
	srv    *staticfs.Files
	byPath map[string]string // request path → name in srv
	fromFS map[string]bool   // request paths served from the web tree
}

var contentTypes = map[string]string{
	".wasm": "application/wasm",
	".css":  "text/css; charset=utf-8",
	".svg":  "image/svg+xml",
	".png":  "image/png",
}

func newFiles(assets fs.FS) *files {
	return &files{srv: staticfs.New(assets), byPath: map[string]string{}, fromFS: map[string]bool{}}
}

// add serves data at p.
func (fl *files) add(p string, data []byte) {
	name := "memory" + p // never a name of the web tree
	fl.srv.Add(name, data)
	fl.byPath[p] = name
}

// addFS serves the web tree's file name at p.
func (fl *files) addFS(p, name string) {
	fl.byPath[p] = name
	fl.fromFS[p] = true
}

func (fl *files) serve(w http.ResponseWriter, r *http.Request, p string) {
	name, ok := fl.byPath[p]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if n, ok := fl.srv.Size(name); ok && fl.fromFS[p] {
		// Compressed responses carry no usable Content-Length; go-app's
		// loader counts its progress against this header instead.
		w.Header().Set(rawLengthHeader, strconv.Itoa(n))
	}
	fl.srv.Serve(w, r, name, contentTypes[path.Ext(p)])
}
