package e2e

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/postbridge/postbridge/server/site"
)

// A widget embedded by several sites (issue 8): the framed page lists two
// exact parent origins. Served here by test pages on four origins: the
// widget on the other origin, and a parent page on the main origin, on a
// second allowed origin and on the hostile one.

const widgetJS = `
import { load } from "/postbridge/postbridge.js";
const params = new URLSearchParams(location.search);
const pb = await load();
globalThis.refused = [];
pb.onReject((r) => refused.push(r.reason + " " + r.origin));
try {
  const ch = await pb.connect({ window: window.parent, origin: params.get("allow").split(" "), channel: "shops", timeout: 3000 });
  ch.handle("who", (_, meta) => ({ origin: ch.origin, meta: meta.origin }));
  globalThis.widget = { ok: true, origin: ch.origin };
} catch (e) {
  globalThis.widget = { ok: false, code: e.code, origin: "" };
}
`

const parentJS = `
import { load } from "/postbridge/postbridge.js";
const params = new URLSearchParams(location.search);
const pb = await load();
const frame = document.createElement("iframe");
frame.src = params.get("widget");
document.body.append(frame);
try {
  const ch = await pb.connect({ window: frame.contentWindow, origin: new URL(params.get("widget")).origin, channel: "shops", timeout: 3000 });
  const who = await ch.request("who");
  globalThis.parent_ = { ok: true, origin: who.origin, meta: who.meta };
} catch (e) {
  globalThis.parent_ = { ok: false, code: e.code };
}
`

// startShops serves the test pages under /shops/ on main, other, evil
// and an extra allowed parent origin ("alt"), in front of the product.
func startShops(t *testing.T) (s Sites, alt string) {
	t.Helper()
	requireBrowser(t)
	roles := []site.Role{site.Main, site.Other, site.Evil, "alt"}
	lns := map[site.Role]net.Listener{}
	port := map[site.Role]int{}
	for _, r := range roles {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		lns[r], port[r] = ln, ln.Addr().(*net.TCPAddr).Port
	}
	s = Sites{
		Main:  fmt.Sprintf("http://main.localhost:%d", port[site.Main]),
		Other: fmt.Sprintf("http://other.localhost:%d", port[site.Other]),
		Evil:  fmt.Sprintf("http://main.localhost.evil.localhost:%d", port[site.Evil]),
	}
	alt = fmt.Sprintf("http://shop.localhost:%d", port["alt"])
	cfg, err := site.ParseConfig(s.Main, s.Other, s.Evil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Token = testToken
	product, err := site.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{
		"/shops/widget.html":         `<!doctype html><meta charset="utf-8"><script type="module" src="/shops/widget.js"></script>`,
		"/shops/parent.html":         `<!doctype html><meta charset="utf-8"><script type="module" src="/shops/parent.js"></script>`,
		"/shops/widget.js":           widgetJS,
		"/shops/parent.js":           parentJS,
		"/shops/sandbox-parent.html": `<!doctype html><meta charset="utf-8"><script type="module" src="/shops/sandbox-parent.js"></script>`,
		"/shops/sandbox-parent.js":   sandboxParentJS,
		"/shops/sandboxed.html":      `<!doctype html><meta charset="utf-8"><script type="module" src="/shops/sandboxed.js"></script>`,
		"/shops/sandboxed.js":        sandboxedJS,
		"/shops/recorder.html":       `<!doctype html><meta charset="utf-8"><script type="module" src="/shops/recorder.js"></script>`,
		"/shops/recorder.js":         recorderJS,
	}
	for _, r := range roles {
		next := r
		if r == "alt" {
			next = site.Main // the module's files
		}
		product := product.Handler(next)
		mux := http.NewServeMux()
		mux.Handle("/", product)
		mux.HandleFunc("GET /shops/", func(w http.ResponseWriter, req *http.Request) {
			body, ok := pages[req.URL.Path]
			if !ok {
				http.NotFound(w, req)
				return
			}
			// The own origin beside 'self': WebKit matches 'self' to
			// nothing in a sandboxed (opaque-origin) document.
			own := "http://" + req.Host
			w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self' "+own+" 'wasm-unsafe-eval'; connect-src 'self' "+own+"; frame-src *")
			w.Header().Set("Access-Control-Allow-Origin", "*") // sandboxed frames load in CORS mode
			if req.URL.Path[len(req.URL.Path)-3:] == ".js" {
				w.Header().Set("Content-Type", "text/javascript")
			} else {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
			}
			fmt.Fprint(w, body)
		})
		srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		go func() {
			if err := srv.Serve(lns[r]); err != nil && !errors.Is(err, http.ErrServerClosed) {
				t.Errorf("serve %s: %v", r, err)
			}
		}()
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			srv.Shutdown(ctx)
		})
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		product.Relay().Shutdown(ctx)
	})
	return s, alt
}

type shopResult struct {
	OK     bool   `json:"ok"`
	Code   string `json:"code"`
	Origin string `json:"origin"`
	Meta   string `json:"meta"`
}

// TestWidgetAllowsTwoParents: the widget connects from each allowed parent
// and says which it talks to; a parent of a third origin (whose name
// starts like the main one) is refused by origin and never connects.
func TestWidgetAllowsTwoParents(t *testing.T) {
	s, alt := startShops(t)
	widget := s.Other + "/shops/widget.html?allow=" + s.Main + "%20" + alt
	for _, parent := range []string{s.Main, alt, s.Evil} {
		p := openPage(t, parent+"/shops/parent.html?widget="+widget)
		p.Wait("the parent's result", "globalThis.parent_ !== undefined", 20*time.Second)
		got := Eval[shopResult](p, "globalThis.parent_")
		if parent == s.Evil {
			if got.OK || got.Code != "TIMEOUT" {
				t.Errorf("hostile parent: %+v; want TIMEOUT", got)
			}
			continue
		}
		if !got.OK || got.Origin != parent || got.Meta != parent {
			t.Errorf("parent %s: %+v; want connected, ch.origin and meta.origin %s", parent, got, parent)
		}
	}
}

// TestDemoFrameOnTwoSites: the demo's framed page, embedded by the main
// page and by the second parent site (-alt), connects to each and talks
// to the one that frames it.
func TestDemoFrameOnTwoSites(t *testing.T) {
	s := startSites(t)
	p := openPage(t, s.Alt+"/")
	p.Wait("the second site's greeting", `pbLog.some(e => e.event === "alt-greeting")`, 30*time.Second)
	got := Eval[map[string]string](p, `(({greeting, parent}) => ({greeting, parent}))(pbLog.find(e => e.event === "alt-greeting"))`)
	if got["greeting"] != "Hello, second site, from "+s.Other || got["parent"] != s.Alt {
		t.Errorf("on the second site: %v; want a greeting from %s talking to %s", got, s.Other, s.Alt)
	}
	m := openPage(t, s.Main+"/")
	m.Wait("the main page's greeting", `pbLog.some(e => e.event === "reply")`, 30*time.Second)
	if parent := Eval[string](m, `String(pbLog.find(e => e.event === "reply").parent)`); parent != s.Main {
		t.Errorf("on the main site the frame talks to %q; want %s", parent, s.Main)
	}
}
