package site

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/postbridge/postbridge/server/static"
)

// assets serves the embedded web tree: only known file types, never a
// dotfile, through static.Files (content-hash ETags, precompressed
// siblings).
type assets struct {
	files *static.Files
}

func newAssets(fsys fs.FS) *assets {
	return &assets{files: static.New(fsys)}
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

// serve writes the file name (a slash path inside the tree) or a 404.
func (a *assets) serve(w http.ResponseWriter, r *http.Request, name string) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name = strings.TrimPrefix(path.Clean("/"+name), "/")
	ctype, known := contentTypes[path.Ext(name)]
	if strings.HasPrefix(path.Base(name), ".") || !known {
		http.NotFound(w, r)
		return
	}
	a.files.Serve(w, r, name, ctype)
}
