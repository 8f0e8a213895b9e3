package goapp

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"text/template"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	staticfs "github.com/postbridge/postbridge/server/static"
	"github.com/postbridge/postbridge/wasm/origin"
)

// Prefix is the path the page is served under.
const Prefix = "/goapp"

// EnvParentOrigin names the allowed parent origin in go-app's
// environment; wasm/goapp reads it with app.Getenv.
const EnvParentOrigin = "POSTBRIDGE_PARENT_ORIGIN"

// wasmName is the page's binary in the web tree given to Handler.
const wasmName = "goapp/app.wasm"

// rawLengthHeader carries the uncompressed size of app.wasm.
const rawLengthHeader = "X-Raw-Content-Length"

//go:embed static
var static embed.FS

// pages are the app's routes, below Prefix.
var pages = map[string]bool{"/": true, "/bye": true}

// files are the other paths below Prefix: what this package serves, and
// its content type ("" for go-app's).
var files = map[string]string{
	"/app.js":               "text/javascript; charset=utf-8",
	"/wasm_exec.js":         "text/javascript; charset=utf-8",
	"/web/goapp.css":        "text/css; charset=utf-8",
	"/web/icon.svg":         "image/svg+xml",
	"/web/app.wasm":         "application/wasm",
	"/app.css":              "",
	"/manifest.webmanifest": "application/manifest+json",
}

// manifestJSON replaces go-app's manifest, which lists PNG icons: the
// page is framed, not installed, but a browser reads the manifest of a
// page opened on its own.
const manifestJSON = `{
  "short_name": "go-app page",
  "name": "Postbridge go-app page",
  "icons": [{"src": "/goapp/web/icon.svg", "type": "image/svg+xml", "sizes": "any"}],
  "scope": "/goapp/",
  "start_url": "/goapp/",
  "display": "browser"
}
`

// wasmExecJS stands in for go-app's wasm_exec.js.
const wasmExecJS = "// Postbridge: the Go runtime comes with /postbridge/postbridge.js (runGo); nothing to load here.\n"

// Handler serves the go-app page under /goapp/; mount it at that path
// with the prefix intact:
//
//	h, err := goapp.Handler(web.FS, cfg.Main.String())
//	mux.Handle("/goapp/", h)
//
// assets is the web tree holding goapp/app.wasm and its precompressed
// siblings, read on the first request. parent is the only origin the page
// may connect to; it must be an exact origin.
func Handler(assets fs.FS, parent string) (http.Handler, error) {
	o, err := origin.Parse(parent)
	if err != nil {
		return nil, err
	}
	return &handler{assets: assets, parent: o.String()}, nil
}

type handler struct {
	assets fs.FS
	parent string

	once  sync.Once
	built bool
	srv   *staticfs.Files
	app   *app.Handler
}

func (h *handler) setup() {
	h.srv = staticfs.New(h.assets)
	wasm, err := fs.ReadFile(h.assets, wasmName)
	h.built = err == nil
	sum := sha256.New()
	sum.Write(wasm)
	for _, name := range []string{"goapp.css", "icon.svg"} {
		b := mustStatic(name)
		sum.Write(b)
		h.srv.Add("memory/web/"+name, b)
	}
	version := hex.EncodeToString(sum.Sum(nil)[:12])
	h.srv.Add("memory/app.js", appJS(h.parent, version))
	h.srv.Add("memory/wasm_exec.js", []byte(wasmExecJS))
	h.srv.Add("memory/manifest.webmanifest", []byte(manifestJSON))

	// The server renders a placeholder until the wasm takes over.
	app.Route(Prefix+"/", &shell{})
	app.Route(Prefix+"/bye", &shell{})
	icon := "/web/icon.svg"
	h.app = &app.Handler{
		Name:         "Postbridge go-app page",
		Title:        "Postbridge demo — go-app page",
		Description:  "A go-app application speaking through Postbridge.",
		Lang:         "en",
		Icon:         app.Icon{Default: icon, Large: icon, AppleTouch: icon, SVG: icon},
		Resources:    app.CustomProvider("", Prefix),
		Styles:       []string{"/pages/common/style.css", "/web/goapp.css"},
		LoadingLabel: "Loading the go-app page…",
		Version:      version,
	}
}

// appJS renders static/app.js with go-app's environment and the wasm's
// URL, as JSON (which is JavaScript, and escapes <, > and &).
func appJS(parent, version string) []byte {
	env, _ := json.Marshal(map[string]string{
		"GOAPP_VERSION":              version,
		"GOAPP_ROOT_PREFIX":          Prefix,
		"GOAPP_STATIC_RESOURCES_URL": Prefix,
		"GOAPP_INTERNAL_URLS":        "[]",
		EnvParentOrigin:              parent,
	})
	wasm, _ := json.Marshal(Prefix + "/web/app.wasm")
	t := template.Must(template.New("app.js").Parse(string(mustStatic("app.js"))))
	var b bytes.Buffer
	if err := t.Execute(&b, map[string]string{"Env": string(env), "Wasm": string(wasm)}); err != nil {
		panic("goapp: app.js: " + err.Error())
	}
	return b.Bytes()
}

func mustStatic(name string) []byte {
	b, err := static.ReadFile("static/" + name)
	if err != nil {
		panic("goapp: embedded " + name + " missing: " + err.Error())
	}
	return b
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
	ctype, isFile := files[rest]
	switch {
	case pages[rest] && !h.built:
		http.Error(w, "the go-app page is not built: run make build", http.StatusServiceUnavailable)
	case pages[rest]:
		// go-app finds the page by the full path (see the package doc).
		h.app.ServeHTTP(w, r)
	case rest == "/app.css":
		http.StripPrefix(Prefix, h.app).ServeHTTP(w, r)
	case rest == "/web/app.wasm":
		if n, ok := h.srv.Size(wasmName); ok {
			// Compressed responses carry no usable Content-Length.
			w.Header().Set(rawLengthHeader, strconv.Itoa(n))
		}
		h.srv.Serve(w, r, wasmName, ctype)
	case isFile:
		h.srv.Serve(w, r, "memory"+rest, ctype)
	default:
		http.NotFound(w, r)
	}
}
