package dashboard_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing/fstest"

	"github.com/postbridge/postbridge/server/dashboard"
)

// The site mounts the dashboard on the main origin's mux, prefix intact,
// with the embedded web tree (web.FS in the server).
func ExampleHandler() {
	web := fstest.MapFS{
		"dashboard/app.wasm":    {Data: []byte("\x00asm…")},
		"dashboard/app.wasm.br": {Data: []byte("brotli")},
	}
	mux := http.NewServeMux()
	mux.Handle("/dashboard/", dashboard.Handler(web))

	for _, path := range []string{"/dashboard/", "/dashboard/web/app.wasm", "/dashboard/robots.txt"} {
		req := httptest.NewRequest("GET", path, nil)
		req.Header.Set("Accept-Encoding", "gzip, deflate, br")
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, req)
		fmt.Printf("%s %d %s %q\n", path, w.Code, w.Header().Get("Content-Type"), w.Header().Get("Content-Encoding"))
	}
	// Output:
	// /dashboard/ 200 text/html ""
	// /dashboard/web/app.wasm 200 application/wasm "br"
	// /dashboard/robots.txt 404 text/plain; charset=utf-8 ""
}
