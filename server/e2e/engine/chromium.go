package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// chromium is Debian's chromium driven over CDP with chromedp.
type chromium struct {
	ctx     context.Context // the browser's; tabs derive from it
	version string
	stop    []func()
}

func chromiumPath() (string, error) {
	for _, name := range []string{os.Getenv("CHROMIUM"), "chromium", "chromium-browser"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w: install Debian's 'chromium' package", ErrNotInstalled)
}

func launchChromium(context.Context) (Browser, error) {
	path, err := chromiumPath()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "postbridge-chromium-")
	if err != nil {
		return nil, err
	}
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
	// The browser lives until Close, not until the caller's ctx ends.
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	b := &chromium{ctx: bctx, stop: []func(){func() { os.RemoveAll(dir) }, acancel, bcancel}}
	// The first Do starts the browser: no timeout on it.
	if err := chromedp.Do(bctx); err != nil {
		b.Close()
		return nil, fmt.Errorf("start Chromium: %w", err)
	}
	if v, err := chromedp.CallBrowser(bctx, cdpbrowser.GetVersion, cdp.Empty{}); err == nil {
		b.version = v.Product
	}
	return b, nil
}

func (b *chromium) Engine() string  { return Chromium }
func (b *chromium) Version() string { return b.version }

func (b *chromium) Close() error {
	for i := len(b.stop) - 1; i >= 0; i-- {
		b.stop[i]()
	}
	b.stop = nil
	return nil
}

func (b *chromium) Open(ctx context.Context, opt TabOptions) (Tab, error) {
	tctx, cancel := chromedp.NewContext(b.ctx)
	t := &chromiumTab{ctx: tctx, cancel: cancel}
	if err := chromedp.Do(tctx); err != nil {
		cancel()
		return nil, fmt.Errorf("open tab: %w", err)
	}
	msgs := chromedp.Console(tctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			t.mu.Lock()
			t.console = append(t.console, fmt.Sprintf("%s:%d %s", m.URL, m.Line+1, m))
			t.mu.Unlock()
		}
	}()
	if opt.InitScript != "" {
		step, stop := merge(tctx, ctx)
		defer stop()
		if _, err := chromedp.Call(step, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: opt.InitScript}); err != nil {
			cancel()
			return nil, fmt.Errorf("add the init script: %w", err)
		}
	}
	return t, nil
}

// ChromiumContext returns the chromedp context of a Chromium tab, for the
// few tests that use CDP itself (profiler, cache, screenshots), and false
// for a tab of another engine.
func ChromiumContext(t Tab) (context.Context, bool) {
	c, ok := t.(*chromiumTab)
	if !ok {
		return nil, false
	}
	return c.ctx, true
}

type chromiumTab struct {
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	console []string
}

// merge returns a context of the tab that also ends when ctx does.
func merge(tab, ctx context.Context) (context.Context, context.CancelFunc) {
	step, cancel := context.WithCancel(tab)
	stop := context.AfterFunc(ctx, cancel)
	return step, func() { stop(); cancel() }
}

func (t *chromiumTab) Navigate(ctx context.Context, url string) error {
	step, stop := merge(t.ctx, ctx)
	defer stop()
	return chromedp.Do(step, chromedp.Navigate(url))
}

func (t *chromiumTab) Eval(ctx context.Context, expr string) (json.RawMessage, error) {
	step, stop := merge(t.ctx, ctx)
	defer stop()
	s, err := chromedp.Run(step, chromedp.Evaluate[*string](Wrap(expr), chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, err
	}
	return decoded(s), nil
}

func (t *chromiumTab) Console() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]string(nil), t.console...)
}

func (t *chromiumTab) Close() error {
	t.cancel()
	return nil
}
