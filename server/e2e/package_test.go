package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/postbridge/postbridge/server/site"
	"github.com/postbridge/postbridge/wasm/version"
)

// The npm package (issue 9), as an embedder gets it: the tarball make
// package writes, installed into a throwaway project and bundled by Vite,
// or unpacked and imported from a plain <script type="module">. Both pages
// are served from the main origin under the strict CSP the demo uses, and
// connect to the demo's framed page on the other origin.

// strictCSP is the policy the README asks embedders for: no unsafe-eval,
// no inline script, wasm compilation allowed.
func strictCSP(other string) string {
	return "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; frame-src " + other + "; base-uri 'none'"
}

// packageFiles finds the tarball and the pinned Vite, or skips (fails
// when the browser tests are required, as in make test).
func packageFiles(t *testing.T) (tgz, vite string) {
	t.Helper()
	root := benchRepoRoot(t)
	tgz = filepath.Join(root, "build", "npm", "postbridge-postbridge-"+version.Number+".tgz")
	vite = filepath.Join(root, "build", "jstools", "node_modules", ".bin", "vite")
	for _, f := range []struct{ path, how string }{{tgz, "make package"}, {vite, "./build/jstools.sh"}} {
		if _, err := os.Stat(f.path); err != nil {
			if os.Getenv("POSTBRIDGE_BROWSER") == "required" {
				t.Fatalf("%s is missing: run %s (make test does)", f.path, f.how)
			}
			t.Skipf("%s is missing: run %s", f.path, f.how)
		}
	}
	return tgz, vite
}

// startPackageSites serves the demo's origins, with dir served under
// /pkg/ on the main origin with the strict CSP.
func startPackageSites(t *testing.T, dir string) Sites {
	t.Helper()
	requireBrowser(t)
	lns := map[site.Role]net.Listener{}
	port := map[site.Role]int{}
	for _, r := range site.Roles {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		lns[r], port[r] = ln, ln.Addr().(*net.TCPAddr).Port
	}
	s := Sites{
		Main:  fmt.Sprintf("http://main.localhost:%d", port[site.Main]),
		Other: fmt.Sprintf("http://other.localhost:%d", port[site.Other]),
		Evil:  fmt.Sprintf("http://main.localhost.evil.localhost:%d", port[site.Evil]),
	}
	cfg, err := site.ParseConfig(s.Main, s.Other, s.Evil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Token = testToken
	product, err := site.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	files := http.StripPrefix("/pkg/", http.FileServer(http.Dir(dir)))
	for _, r := range site.Roles {
		h := product.Handler(r)
		if r == site.Main {
			mux := http.NewServeMux()
			mux.Handle("/", h)
			mux.HandleFunc("GET /pkg/", func(w http.ResponseWriter, req *http.Request) {
				w.Header().Set("Content-Security-Policy", strictCSP(s.Other))
				files.ServeHTTP(w, req)
			})
			h = mux
		}
		srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
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
	return s
}

// embedderJS frames the demo's framed page, connects and asks it to greet;
// the result (or the error's code) lands in globalThis.result. It also
// records the CSP violations the page causes (not WebKit's own request for
// /favicon.ico, which it checks against img-src: the page asked for none).
const embedderJS = `
globalThis.violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  if (new URL(e.blockedURI, location.href).pathname !== "/favicon.ico") violations.push(e.violatedDirective + " " + e.blockedURI);
});
const params = new URLSearchParams(location.search);
const pb = await load(); // before the frame exists: the module loads meanwhile
const frame = document.createElement("iframe");
frame.src = params.get("other") + "/frame";
document.body.append(frame);
try {
  const ch = await pb.connect({ window: frame.contentWindow, origin: params.get("other"), channel: "demo", timeout: 15000 });
  const answer = await ch.request("greet", { name: "bundler" });
  const wasm = performance.getEntriesByType("resource").map((e) => e.name).filter((n) => n.endsWith(".wasm"));
  const types = await Promise.all(wasm.map((u) => fetch(u).then((r) => r.headers.get("content-type"))));
  globalThis.result = { ok: true, greeting: answer.greeting, origin: ch.origin, version: pb.version(), wasm, types, api: globalThis.apiCheck ? apiCheck(pb, ch) : [] };
} catch (e) {
  globalThis.result = { ok: false, code: e.code, message: String(e.message) };
}
`

type embedResult struct {
	OK       bool     `json:"ok"`
	Code     string   `json:"code"`
	Message  string   `json:"message"`
	Greeting string   `json:"greeting"`
	Origin   string   `json:"origin"`
	Version  string   `json:"version"`
	Wasm     []string `json:"wasm"`
	Types    []string `json:"types"`
	API      []string `json:"api"` // names the typings declare that the loader lacks
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func run(t *testing.T, dir string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_UPDATE_NOTIFIER=1", "npm_config_update_notifier=false")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// checkEmbed opens url, waits for the embedder's result and checks it.
func checkEmbed(t *testing.T, s Sites, url string) embedResult {
	t.Helper()
	p := openPage(t, url)
	p.Wait("the embedder's result", "globalThis.result !== undefined", 30*time.Second)
	r := Eval[embedResult](p, "globalThis.result")
	if !r.OK {
		t.Fatalf("the page did not connect: %s %s", r.Code, r.Message)
	}
	if want := "Hello, bundler, from " + s.Other; r.Greeting != want || r.Origin != s.Other {
		t.Errorf("greeting %q from %q; want %q from %q", r.Greeting, r.Origin, want, s.Other)
	}
	if r.Version != version.Number {
		t.Errorf("pb.version() = %q; want %q (wasm/version)", r.Version, version.Number)
	}
	if len(r.Wasm) != 1 || len(r.Types) != 1 || r.Types[0] != "application/wasm" {
		t.Errorf("the page loaded wasm %v served as %v; want one module, application/wasm", r.Wasm, r.Types)
	}
	if v := Eval[[]string](p, "globalThis.violations"); len(v) != 0 {
		t.Errorf("CSP violations under %q: %v", strictCSP(s.Other), v)
	}
	return r
}

func TestPackageBundledByVite(t *testing.T) {
	tgz, vite := packageFiles(t)
	proj := t.TempDir()
	writeFiles(t, proj, map[string]string{
		"package.json": `{"private": true, "type": "module"}`,
		"index.html":   `<!doctype html><meta charset="utf-8"><title>vite</title><script type="module" src="./main.js"></script>`,
		"main.js":      `import { load } from "@postbridge/postbridge";` + embedderJS,
	})
	run(t, proj, "npm", "install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", tgz)
	run(t, proj, vite, "build", "--base", "/pkg/", "--outDir", "dist", "--logLevel", "warn")
	emitted, _ := filepath.Glob(filepath.Join(proj, "dist", "assets", "*.wasm"))
	if len(emitted) != 1 {
		t.Fatalf("vite emitted %v; want one .wasm asset", emitted)
	}
	s := startPackageSites(t, filepath.Join(proj, "dist"))
	r := checkEmbed(t, s, s.Main+"/pkg/index.html?other="+s.Other)
	if !strings.HasSuffix(r.Wasm[0], "/pkg/assets/"+filepath.Base(emitted[0])) {
		t.Errorf("the page fetched %s; vite emitted %s", r.Wasm[0], emitted[0])
	}
}

// TestPackageAsPlainModule unpacks the tarball and imports it with no
// bundler, and checks that every name the typings declare exists in the
// loader, so that the two cannot drift apart unnoticed.
func TestPackageAsPlainModule(t *testing.T) {
	tgz, _ := packageFiles(t)
	dir := t.TempDir()
	run(t, dir, "tar", "xzf", tgz)
	dts, err := os.ReadFile(filepath.Join(dir, "package", "postbridge.d.ts"))
	if err != nil {
		t.Fatal(err)
	}
	names := declared(string(dts))
	if len(names["Postbridge"]) < 5 || len(names["Channel"]) < 7 || len(names["exports"]) < 4 {
		t.Fatalf("read too few names from postbridge.d.ts: %v", names)
	}
	check := fmt.Sprintf(`const mod = %s;
globalThis.apiCheck = (pb, ch) => {
  const want = %s, missing = [];
  for (const [where, obj] of [["exports", mod], ["Postbridge", pb], ["Channel", ch]])
    for (const name of want[where]) if (!(name in obj)) missing.push(where + "." + name);
  return missing;
};
`, "await import('./package/postbridge.js')", mustJSON(names))
	writeFiles(t, dir, map[string]string{
		"index.html": `<!doctype html><meta charset="utf-8"><title>plain</title><script type="module" src="./page.js"></script>`,
		"page.js":    `import { load } from "./package/postbridge.js";` + check + embedderJS,
	})
	s := startPackageSites(t, dir)
	r := checkEmbed(t, s, s.Main+"/pkg/index.html?other="+s.Other)
	if !strings.HasSuffix(r.Wasm[0], "/pkg/package/postbridge.wasm") {
		t.Errorf("the page fetched %v; want the package's postbridge.wasm", r.Wasm)
	}
	if len(r.API) != 0 {
		t.Errorf("postbridge.d.ts declares what the loader lacks: %v", r.API)
	}
}

// declared reads the member names of the Postbridge and Channel interfaces
// and the exported values of a .d.ts.
func declared(dts string) map[string][]string {
	out := map[string][]string{}
	for _, name := range []string{"Postbridge", "Channel"} {
		body := regexp.MustCompile(`(?s)export interface ` + name + ` \{(.*?)\n\}`).FindStringSubmatch(dts)
		if body == nil {
			continue
		}
		for _, m := range regexp.MustCompile(`(?m)^  (?:readonly )?([a-zA-Z]+)[(<:]`).FindAllStringSubmatch(body[1], -1) {
			out[name] = append(out[name], m[1])
		}
	}
	for _, m := range regexp.MustCompile(`(?m)^export declare (?:class|const|function) ([a-zA-Z]+)`).FindAllStringSubmatch(dts, -1) {
		out["exports"] = append(out["exports"], m[1])
	}
	return out
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
