package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/postbridge/postbridge/server/e2e/engine"
	"github.com/postbridge/postbridge/server/site"
	"github.com/postbridge/postbridge/web"
)

// The browser is shared by every test of the package: starting one costs
// about a second, a tab a few milliseconds (WebKit: a MiniBrowser each).
// POSTBRIDGE_ENGINE picks the engine: chromium (the default), firefox or
// webkit.
var browser struct {
	once sync.Once
	b    engine.Browser
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if browser.b != nil {
		browser.b.Close()
	}
	os.Exit(code)
}

// currentEngine is the engine POSTBRIDGE_ENGINE names.
func currentEngine(t testing.TB) string {
	t.Helper()
	e, err := engine.FromEnv()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// startBrowser starts the engine's browser once, or skips (fails when a
// browser is required, as make test requires it).
func startBrowser(t *testing.T) engine.Browser {
	t.Helper()
	name := currentEngine(t)
	browser.once.Do(func() {
		browser.b, browser.err = engine.Launch(context.Background(), name)
	})
	if browser.err != nil {
		if errors.Is(browser.err, engine.ErrNotInstalled) && os.Getenv("POSTBRIDGE_BROWSER") != "required" {
			t.Skipf("%v (or run make test)", browser.err)
		}
		t.Fatalf("start %s: %v", name, browser.err)
	}
	return browser.b
}

// requireBrowser fails or skips as startBrowser does, for tests that
// check the environment before starting anything.
func requireBrowser(t *testing.T) { startBrowser(t) }

// onlyIn skips the test outside the named engines: what it needs is a
// gap of the others, which the README's browser support section lists.
func onlyIn(t *testing.T, why string, engines ...string) {
	t.Helper()
	e := currentEngine(t)
	for _, x := range engines {
		if x == e {
			return
		}
	}
	t.Skipf("gap in %s: %s", e, why)
}

// Page is one browser tab with its console captured.
type Page struct {
	t   *testing.T
	tab engine.Tab
	url string
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
	b := startBrowser(t)
	step, stop := context.WithTimeout(context.Background(), 60*time.Second)
	defer stop()
	tab, err := b.Open(step, engine.TabOptions{InitScript: initScript})
	if errors.Is(err, engine.ErrUnsupported) {
		t.Skipf("gap in %s: %v", b.Engine(), err)
	}
	if err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	p := &Page{t: t, tab: tab, url: url}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("browser console of %s:\n%s", url, strings.Join(tab.Console(), "\n"))
		}
		tab.Close()
	})
	p.Navigate(url)
	return p
}

// Navigate loads url in the page's tab.
func (p *Page) Navigate(url string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := p.tab.Navigate(ctx, url); err != nil {
		p.t.Fatalf("navigate to %s: %v", url, err)
	}
}

// chromium returns the tab's chromedp context, skipping the test in the
// other engines with why (a gap the README lists).
func (p *Page) chromium(why string) context.Context {
	p.t.Helper()
	ctx, ok := engine.ChromiumContext(p.tab)
	if !ok {
		p.t.Skipf("gap in %s: %s", currentEngine(p.t), why)
	}
	return ctx
}

// evalErr evaluates a JavaScript expression (awaiting a promise) in the
// page and decodes its JSON into a T.
func evalErr[T any](p *Page, expr string, d time.Duration) (T, error) {
	var v T
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	raw, err := p.tab.Eval(ctx, expr)
	if err != nil {
		return v, err
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, fmt.Errorf("decode %.200s: %w", raw, err)
	}
	return v, nil
}

// Eval evaluates a JavaScript expression (awaiting a promise) in the page.
func Eval[T any](p *Page, expr string) T {
	p.t.Helper()
	v, err := evalErr[T](p, expr, 60*time.Second)
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// Wait polls expr until it is truthy, failing the test after d. It polls
// from Go, so it survives the page navigating or reloading meanwhile.
func (p *Page) Wait(what, expr string, d time.Duration) {
	p.t.Helper()
	deadline := time.Now().Add(d)
	var last error
	for {
		ok, err := evalErr[bool](p, "(async () => !!(await (\n"+expr+"\n)))()", 10*time.Second)
		if err == nil && ok {
			return
		}
		last = err
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	log, _ := evalErr[string](p, "JSON.stringify(globalThis.pbLog || [])", 5*time.Second)
	p.t.Fatalf("waiting for %s (%s) in %s: not true after %v (last error: %v)\npage log: %s", what, expr, currentEngine(p.t), d, last, log)
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
