package e2e

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/postbridge/postbridge/server/site"
	"github.com/postbridge/postbridge/web"
)

// The browser is shared by every test of the package: starting Chromium
// costs about a second, a tab a few milliseconds.
var browser struct {
	once    sync.Once
	ctx     context.Context
	err     error
	cleanup []func()
}

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(browser.cleanup) - 1; i >= 0; i-- {
		browser.cleanup[i]()
	}
	os.Exit(code)
}

// chromiumPath finds the browser, or skips (fails when the browser is
// required, as make test requires it).
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("CHROMIUM"), "chromium", "chromium-browser"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("POSTBRIDGE_BROWSER") == "required" {
		t.Fatal("Chromium is required but not installed: install Debian's 'chromium' package")
	}
	t.Skip("no Chromium found (install Debian's 'chromium' package, or run make test)")
	return ""
}

func startBrowser(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath(t)
	browser.once.Do(func() {
		dir, err := os.MkdirTemp("", "postbridge-chromium-")
		if err != nil {
			browser.err = err
			return
		}
		browser.cleanup = append(browser.cleanup, func() { os.RemoveAll(dir) })
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(path),
			chromedp.UserDataDir(filepath.Join(dir, "profile")),
			chromedp.NoSandbox,
			chromedp.Flag("disable-gpu", true),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-popup-blocking", true),
			// The attack tests force a GC and read exact heap sizes.
			chromedp.Flag("js-flags", "--expose-gc"),
			chromedp.Flag("enable-precise-memory-info", true),
		)
		actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
		bctx, bcancel := chromedp.NewContext(actx)
		browser.cleanup = append(browser.cleanup, acancel, bcancel)
		// The first Do starts the browser: no timeout on it.
		browser.err = chromedp.Do(bctx)
		browser.ctx = bctx
	})
	if browser.err != nil {
		t.Fatalf("start Chromium: %v", browser.err)
	}
	return browser.ctx
}

// Page is one browser tab with its console captured.
type Page struct {
	t   *testing.T
	ctx context.Context

	mu      sync.Mutex
	console []string
}

// openPage opens url in a new tab. The tab closes when the test ends; if
// the test failed, the console of the page is written to the test log.
func openPage(t *testing.T, url string) *Page {
	t.Helper()
	return openPageWith(t, url, "")
}

// openPageWith is openPage with a script that runs in every document of
// the tab before the document's own scripts.
func openPageWith(t *testing.T, url, initScript string) *Page {
	t.Helper()
	bctx := startBrowser(t)
	ctx, cancel := chromedp.NewContext(bctx)
	p := &Page{t: t, ctx: ctx}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			p.mu.Lock()
			p.console = append(p.console, fmt.Sprintf("%s:%d %s", m.URL, m.Line+1, m))
			p.mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		if t.Failed() {
			p.mu.Lock()
			t.Logf("browser console of %s:\n%s", url, strings.Join(p.console, "\n"))
			p.mu.Unlock()
		}
		cancel()
	})
	step, stop := context.WithTimeout(ctx, 30*time.Second)
	defer stop()
	if initScript != "" {
		if _, err := chromedp.Call(step, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: initScript}); err != nil {
			t.Fatalf("add the init script: %v", err)
		}
	}
	if err := chromedp.Do(step, chromedp.Navigate(url)); err != nil {
		t.Fatalf("navigate to %s: %v", url, err)
	}
	return p
}

// Eval evaluates a JavaScript expression (awaiting a promise) in the page.
func Eval[T any](p *Page, expr string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// Wait polls expr until it is truthy, failing the test after d.
func (p *Page) Wait(what, expr string, d time.Duration) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, d+5*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(d))); err != nil {
		p.t.Fatalf("waiting for %s (%s): %v\npage log: %s", what, expr, err, Eval[string](p, "JSON.stringify(globalThis.pbLog || [])"))
	}
}

// testToken lets Go test drivers use the relay.
const testToken = "e2e-test-token-0123456789"

// Sites are the demo origins served on free loopback ports: the three
// sites, and Alt, the second parent site (startSites serves it).
type Sites struct {
	Main, Other, Evil, Alt string
}

// startSites serves the demo on three free loopback ports until the test
// ends.
func startSites(t *testing.T) Sites {
	t.Helper()
	if _, err := web.FS.Open("postbridge/postbridge.wasm"); err != nil {
		t.Fatal("the module is not built: run make build (make test does) before these tests")
	}
	lns := map[site.Role]net.Listener{}
	port := map[site.Role]int{}
	for _, r := range append(site.Roles, site.Alt) {
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
		Alt:   fmt.Sprintf("http://shop.localhost:%d", port[site.Alt]),
	}
	cfg, err := site.ParseConfig(s.Main, s.Other, s.Evil)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.SetAlt(s.Alt); err != nil {
		t.Fatal(err)
	}
	cfg.Token = testToken
	srv, err := site.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, lns) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return s
}
