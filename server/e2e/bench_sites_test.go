package e2e

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postbridge/postbridge/server/site"
	"github.com/postbridge/postbridge/server/static"
	"github.com/postbridge/postbridge/web"
)

// benchSites are the three demo origins plus a fourth that only the bench
// serves: Same, the main origin's host on another port. A site is scheme
// and registrable domain (eTLD+1) and ignores the port, so a frame from
// Same is same-site with the parent, and Chromium's site isolation keeps
// it in the parent's renderer process (the bench checks that through the
// targets Chromium reports: an out-of-process frame is a target of its
// own).
type benchSites struct {
	Sites
	Same string
	// addr maps each origin to its loopback listen address, for Go
	// clients (Go's resolver does not resolve *.localhost).
	addr map[string]string
}

// benchPages are the harness's pages, below web/pages/bench/. Framed pages
// may be framed by the main origin only; the others by nobody.
var benchPages = map[string]bool{"parent": false, "flood": false, "peer": true, "gopeer": true, "hostile": true}

// benchData is what the bench pages' templates see.
type benchData struct {
	Main, Other, Evil, Same string
}

// startBenchSites serves the demo's three origins and the same-site origin
// until the test ends. Next to the product's handlers each origin serves
// /bench/NAME (the bench pages) and /bench/penpal.mjs (penpal, installed
// under build/bench by make bench, through the same static file server and
// caching as the module). It serves no relay: the Go page's debug tap
// stays offline instead of streaming every decision during the bench.
func startBenchSites(t *testing.T) benchSites {
	t.Helper()
	if _, err := web.FS.Open("postbridge/postbridge.wasm"); err != nil {
		t.Fatal("the module is not built: run make build (make bench does) before the bench")
	}
	penpal := filepath.Join(benchRepoRoot(t), "build", "bench", "node_modules", "penpal", "dist")
	if _, err := os.Stat(filepath.Join(penpal, "penpal.mjs")); err != nil {
		t.Fatalf("penpal 7.0.6 is not installed under build/bench: run ./build/penpal.sh (make bench does): %v", err)
	}
	roles := []site.Role{site.Main, site.Other, site.Evil, "same"}
	lns := map[site.Role]net.Listener{}
	port := map[site.Role]int{}
	for _, r := range roles {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		lns[r], port[r] = ln, ln.Addr().(*net.TCPAddr).Port
	}
	s := benchSites{
		Sites: Sites{
			Main:  fmt.Sprintf("http://main.localhost:%d", port[site.Main]),
			Other: fmt.Sprintf("http://other.localhost:%d", port[site.Other]),
			Evil:  fmt.Sprintf("http://main.localhost.evil.localhost:%d", port[site.Evil]),
		},
		Same: fmt.Sprintf("http://main.localhost:%d", port["same"]),
		addr: map[string]string{},
	}
	s.addr[s.Main], s.addr[s.Other], s.addr[s.Evil], s.addr[s.Same] = lns[site.Main].Addr().String(), lns[site.Other].Addr().String(), lns[site.Evil].Addr().String(), lns["same"].Addr().String()
	cfg, err := site.ParseConfig(s.Main, s.Other, s.Evil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Token = testToken
	product, err := site.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b := &benchHandler{
		data:   benchData{Main: s.Main, Other: s.Other, Evil: s.Evil, Same: s.Same},
		pages:  map[string]*template.Template{},
		penpal: static.New(os.DirFS(penpal)),
	}
	for name := range benchPages {
		b.pages[name] = template.Must(template.ParseFS(web.FS, "pages/bench/"+name+".html"))
	}
	var servers []*http.Server
	for _, r := range roles {
		next := r
		if r == "same" {
			next = site.Other // the framed origin's pages, modules and Go page
		}
		srv := &http.Server{Handler: b.wrap(product.Handler(next)), ReadHeaderTimeout: 10 * time.Second}
		servers = append(servers, srv)
		go func() {
			if err := srv.Serve(lns[r]); err != nil && !errors.Is(err, http.ErrServerClosed) {
				t.Errorf("serve %s: %v", r, err)
			}
		}()
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		product.Relay().Shutdown(ctx)
		for _, srv := range servers {
			srv.Shutdown(ctx)
		}
	})
	return s
}

// benchHandler serves the bench's own paths in front of the product.
type benchHandler struct {
	data   benchData
	pages  map[string]*template.Template
	penpal *static.Files
}

func (b *benchHandler) wrap(product http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /bench/penpal.mjs", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		b.penpal.Serve(w, r, "penpal.mjs", "text/javascript; charset=utf-8")
	})
	mux.HandleFunc("GET /bench/{page}", b.page)
	mux.HandleFunc("/relay", http.NotFound)
	mux.Handle("/", product)
	return mux
}

// page renders a bench page under a CSP as strict as the product's.
func (b *benchHandler) page(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("page")
	framed, ok := benchPages[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	csp := "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'"
	if framed {
		// ws: the Go page's tap tries the (absent) relay.
		csp += "; connect-src 'self' ws://" + strings.TrimPrefix(b.data.Main, "http://") + "; frame-src 'none'; frame-ancestors " + b.data.Main
	} else {
		csp += "; connect-src 'self'; frame-src " + b.data.Other + " " + b.data.Same + " " + b.data.Evil + "; frame-ancestors 'none'"
	}
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	if err := b.pages[name].Execute(w, b.data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// benchRepoRoot is the module's root: the nearest parent folder with go.mod.
func benchRepoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}
