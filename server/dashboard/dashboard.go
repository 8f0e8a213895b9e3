// Package dashboard serves the live debug dashboard, a go-app application
// compiled to its own WebAssembly binary (wasm/dashboard), at /dashboard/
// on the main origin.
package dashboard

import (
	"io/fs"
	"net/http"
)

// Handler serves the dashboard under /dashboard/; mount it at that path
// with the prefix intact. assets is the web tree holding dashboard/app.wasm.
func Handler(assets fs.FS) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "the dashboard is not built yet", http.StatusServiceUnavailable)
	})
}
