package site

import (
	"context"
	"errors"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/postbridge/postbridge/server/dashboard"
	"github.com/postbridge/postbridge/server/goapp"
	"github.com/postbridge/postbridge/server/relay"
	"github.com/postbridge/postbridge/wasm/origin"
	"github.com/postbridge/postbridge/web"
)

// Role names one of the three demo sites.
type Role string

// The three demo sites.
const (
	Main  Role = "main"
	Other Role = "other"
	Evil  Role = "evil"
	// Alt is the second parent site, served only when Config.Alt is set.
	Alt Role = "alt"
)

// Roles lists the three sites always served, in a fixed order.
var Roles = []Role{Main, Other, Evil}

// roles lists the sites this Site serves: Roles, and Alt when configured.
func (s *Site) roles() []Role {
	if s.cfg.Alt.IsZero() {
		return Roles
	}
	return append(Roles[:len(Roles):len(Roles)], Alt)
}

// Site is the set of handlers for the three origins. Each origin has a mux
// of its own; callers may mount more handlers on it before serving.
type Site struct {
	cfg    Config
	relay  *relay.Hub
	log    *slog.Logger
	muxes  map[Role]*http.ServeMux
	pages  map[string]*template.Template
	assets *assets
}

// New builds the handlers for cfg. It fails only when the embedded pages do
// not parse, which a test guards.
func New(cfg Config) (*Site, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Site{
		cfg:    cfg,
		log:    log,
		muxes:  map[Role]*http.ServeMux{},
		pages:  pages,
		assets: newAssets(web.FS),
	}
	allow, err := origin.NewAllowlist(cfg.Main.String(), cfg.Other.String())
	if err != nil {
		return nil, err
	}
	// Both demo origins tap into the relay; only the main origin, which
	// serves the dashboard, may read the traffic.
	readers, err := origin.NewAllowlist(cfg.Main.String())
	if err != nil {
		return nil, err
	}
	rc := cfg.Relay
	rc.AllowOrigin, rc.AllowSubscribe, rc.Token, rc.Logger = allow.Allows, readers.Allows, cfg.Token, log
	s.relay, err = relay.New(rc)
	if err != nil {
		return nil, err
	}
	for _, role := range s.roles() {
		mux := http.NewServeMux()
		mux.HandleFunc("GET /postbridge/", s.static)
		mux.HandleFunc("GET /pages/", s.static)
		mux.HandleFunc("GET /gopage/", s.static)
		s.muxes[role] = mux
	}
	s.muxes[Main].HandleFunc("GET /{$}", s.page("main/index.html"))
	s.muxes[Other].HandleFunc("GET /{$}", s.page("other/index.html"))
	s.muxes[Other].HandleFunc("GET /frame", s.page("other/frame.html"))
	s.muxes[Other].HandleFunc("GET /sandboxed", s.page("other/sandboxed.html"))
	s.muxes[Main].HandleFunc("GET /lab", s.page("main/lab.html"))
	s.muxes[Main].HandleFunc("GET /lab/bench", s.page("main/bench.html"))
	s.muxes[Main].Handle("GET /relay", s.relay)
	api, err := profileAPI(cfg)
	if err != nil {
		return nil, err
	}
	s.muxes[Other].Handle("/api/profile", api)
	s.muxes[Main].Handle("/dashboard/", dashboard.Handler(web.FS))
	// The go-app page, framed by the main page: it may talk to the main
	// origin only, as configured here.
	goappPage, err := goapp.Handler(web.FS, cfg.Main.String())
	if err != nil {
		return nil, err
	}
	s.muxes[Other].Handle("/goapp/", goappPage)
	s.muxes[Other].HandleFunc("GET /lab/peer", s.page("other/peer.html"))
	s.muxes[Other].HandleFunc("GET /lab/gopeer", s.page("other/gopeer.html"))
	s.muxes[Evil].HandleFunc("GET /{$}", s.page("evil/index.html"))
	s.muxes[Evil].HandleFunc("GET /attack", s.page("evil/attack.html"))
	s.muxes[Evil].HandleFunc("GET /attack/flood", s.page("evil/flood.html"))
	s.muxes[Main].HandleFunc("GET /lab/hostile", s.page("main/hostile.html"))
	if s.muxes[Alt] != nil {
		s.muxes[Alt].HandleFunc("GET /{$}", s.page("alt/index.html"))
	}
	return s, nil
}

// Config returns the configuration the site was built with.
func (s *Site) Config() Config { return s.cfg }

// Relay returns the websocket relay mounted at /relay on the main origin.
func (s *Site) Relay() *relay.Hub { return s.relay }

// Mux returns the mux of one origin, to mount more handlers on.
func (s *Site) Mux(r Role) *http.ServeMux { return s.muxes[r] }

// Handler returns the complete handler of one origin: its mux behind the
// origin's security headers.
func (s *Site) Handler(r Role) http.Handler {
	mux := s.muxes[r]
	csp := s.csp(r)
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		mux.ServeHTTP(w, req)
	})
}

// csp is the Content-Security-Policy of an origin. The framed page says
// who may frame it (only the main origin); the main page may be framed by
// nobody. Each source list names the page's own origin beside 'self':
// in a sandboxed frame (an opaque origin) WebKit matches 'self' to
// nothing, so a sandboxed page under 'self' alone could load no script
// and fetch no module there (Chromium and Firefox match the URL's origin).
func (s *Site) csp(r Role) string {
	m, o, e := s.cfg.Main.String(), s.cfg.Other.String(), s.cfg.Evil.String()
	parents := m
	if !s.cfg.Alt.IsZero() {
		parents += " " + s.cfg.Alt.String()
	}
	self := "'self' " + s.origin(r).String()
	common := "default-src " + self + "; script-src " + self + " 'wasm-unsafe-eval' " + o + "/api/profile; style-src " + self + "; img-src " + self + " data:; object-src 'none'; base-uri 'none'; form-action 'self'"
	switch r {
	case Main:
		return common + "; connect-src " + self + " " + wsOf(m) + " " + o + "; frame-src " + o + " " + e + "; frame-ancestors 'none'"
	case Other:
		return common + "; connect-src " + self + " " + wsOf(m) + "; frame-src 'none'; frame-ancestors " + parents
	case Alt:
		return common + "; connect-src " + self + "; frame-src " + o + "; frame-ancestors 'none'"
	default:
		return common + "; connect-src " + self + " " + wsOf(m) + " " + m + " " + o + "; frame-src 'self' " + m + " " + o + "; frame-ancestors " + m
	}
}

// wsOf turns an http(s) origin into the matching ws(s) origin.
func wsOf(o string) string {
	if rest, ok := strings.CutPrefix(o, "https://"); ok {
		return "wss://" + rest
	}
	return "ws://" + strings.TrimPrefix(o, "http://")
}

// static serves an embedded file. It is public code and data, the same for
// everyone, so any origin may load it: a sandboxed frame (origin "null")
// loads its module scripts and the wasm in CORS mode.
func (s *Site) static(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Cross-Origin-Resource-Policy", "cross-origin")
	s.assets.serve(w, r, r.URL.Path)
}

// pageData is what every page template sees.
type pageData struct {
	Main, Other, Evil, Alt string
}

func (s *Site) page(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		data := pageData{Main: s.cfg.Main.String(), Other: s.cfg.Other.String(), Evil: s.cfg.Evil.String()}
		if !s.cfg.Alt.IsZero() {
			data.Alt = s.cfg.Alt.String()
		}
		if err := s.pages[name].Execute(w, data); err != nil {
			s.log.Error("render page", "page", name, "err", err)
		}
	}
}

// parsePages parses every embedded page as a template of its own, keyed
// by its path below pages/ (several pages share a base name).
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(web.FS, "pages/*/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		t, err := template.ParseFS(web.FS, n)
		if err != nil {
			return nil, err
		}
		pages[strings.TrimPrefix(n, "pages/")] = t
	}
	return pages, nil
}

// Listen opens the loopback listener of every origin. It fails, naming the
// address, when a port is taken.
func (s *Site) Listen() (map[Role]net.Listener, error) {
	lns := map[Role]net.Listener{}
	for _, role := range s.roles() {
		ln, err := net.Listen("tcp", addr(s.origin(role)))
		if err != nil {
			for _, l := range lns {
				l.Close()
			}
			return nil, err
		}
		lns[role] = ln
	}
	return lns, nil
}

// origin returns the configured origin of a site.
func (s *Site) origin(r Role) origin.Origin {
	switch r {
	case Main:
		return s.cfg.Main
	case Other:
		return s.cfg.Other
	case Alt:
		return s.cfg.Alt
	}
	return s.cfg.Evil
}

// ListenAndServe listens on every origin's port and serves until ctx ends,
// then shuts down gracefully.
func (s *Site) ListenAndServe(ctx context.Context) error {
	lns, err := s.Listen()
	if err != nil {
		return err
	}
	for _, role := range s.roles() {
		s.log.Info("serving", "site", string(role), "origin", s.origin(role).String(), "addr", lns[role].Addr().String())
	}
	return s.Serve(ctx, lns)
}

// Serve serves each origin on its listener until ctx ends, then shuts the
// servers down, giving in-flight requests five seconds.
func (s *Site) Serve(ctx context.Context, lns map[Role]net.Listener) error {
	var wg sync.WaitGroup
	errc := make(chan error, len(lns))
	var servers []*http.Server
	for role, ln := range lns {
		srv := &http.Server{
			Handler:           s.Handler(role),
			ReadHeaderTimeout: 10 * time.Second,
			ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		}
		servers = append(servers, srv)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errc <- err
			}
		}()
	}
	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// Websockets are hijacked connections the HTTP servers do not track:
	// the relay flushes and closes them itself, first.
	s.relay.Shutdown(shutdownCtx)
	for _, srv := range servers {
		srv.Shutdown(shutdownCtx)
	}
	wg.Wait()
	return err
}
