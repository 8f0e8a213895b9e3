package dashboard

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Prefix is the path the dashboard is served under.
const Prefix = "/dashboard"

// wasmName is the dashboard's binary in the web tree given to Handler.
const wasmName = "dashboard/app.wasm"

// rawLengthHeader carries the uncompressed size of app.wasm.
const rawLengthHeader = "X-Raw-Content-Length"

//go:embed static
var static embed.FS

// goappPaths are the only paths, below Prefix, handed to go-app.
var goappPaths = map[string]bool{
	"/": true, "/app.js": true, "/wasm_exec.js": true, "/app-worker.js": true,
	"/manifest.webmanifest": true, "/app.css": true,
}

// Handler serves the dashboard under /dashboard/; mount it at that path
// with the prefix intact:
//
//	mux.Handle("/dashboard/", dashboard.Handler(web.FS))
//
// assets is the web tree holding dashboard/app.wasm and its precompressed
// siblings. The handler reads it on the first request, not before.
func Handler(assets fs.FS) http.Handler {
	return &handler{assets: assets}
}

type handler struct {
	assets fs.FS

	once  sync.Once
	built bool
	files *files       // "/web/..." below Prefix
	app   http.Handler // go-app, behind StripPrefix
}

func (h *handler) setup() {
	h.files = newFiles(h.assets)
	wasm, err := fs.ReadFile(h.assets, wasmName)
	h.built = err == nil
	sum := sha256.New()
	sum.Write(wasm)
	for _, name := range []string{"dashboard.css", "icon.svg"} {
		b, err := static.ReadFile("static/" + name)
		if err != nil {
			panic("dashboard: embedded " + name + " missing: " + err.Error())
		}
		sum.Write(b)
		h.files.add("/web/"+name, b)
	}
	for _, size := range []int{192, 512} {
		h.files.add(iconPath(size), iconPNG(size))
	}
	h.files.addFS("/web/app.wasm", wasmName)

	// go-app serves what it is asked for by path; the route it renders
	// on the server is a placeholder until the wasm takes over.
	app.Route("/", &shell{})
	h.app = http.StripPrefix(Prefix, &app.Handler{
		Name:        "Postbridge dashboard",
		ShortName:   "Dashboard",
		Title:       "Postbridge dashboard",
		Description: "What Postbridge sent, accepted and refused, live.",
		Lang:        "en",
		Icon: app.Icon{
			Default: iconPath(192), Large: iconPath(512), AppleTouch: iconPath(192), SVG: "/web/icon.svg",
		},
		Resources:             app.CustomProvider("", Prefix),
		Styles:                []string{"/web/dashboard.css"},
		LoadingLabel:          "Loading the dashboard… {progress}%",
		BackgroundColor:       "#f5f6f8",
		ThemeColor:            "#1f4fd1",
		Version:               hex.EncodeToString(sum.Sum(nil)[:12]),
		ServiceWorkerTemplate: workerJS,
		// Compressed responses carry no Content-Length; the loader's
		// progress counts decompressed bytes against this header instead.
		WasmContentLengthHeader: rawLengthHeader,
	})
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.once.Do(h.setup)
	rest, ok := strings.CutPrefix(r.URL.Path, Prefix)
	if !ok || !strings.HasPrefix(rest, "/") {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch {
	case strings.HasPrefix(rest, "/web/"):
		h.files.serve(w, r, rest)
	case rest == "/" && !h.built:
		http.Error(w, "the dashboard is not built: run make build", http.StatusServiceUnavailable)
	case goappPaths[rest]:
		h.app.ServeHTTP(w, r)
	default:
		http.NotFound(w, r)
	}
}
