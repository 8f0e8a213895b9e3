package engine

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// webkitBrowser is WebKitGTK's MiniBrowser driven over W3C WebDriver
// (classic) on a private Xvfb display. WebKitWebDriver serves a single
// session, and classic WebDriver runs one command at a time per session,
// while tests use tabs concurrently: so each tab is its own
// WebKitWebDriver with its own session, hence its own MiniBrowser.
type webkitBrowser struct {
	mini, driverBin string   // the binaries
	dir             string   // temporary XDG home of every process started here
	env             []string // added to the drivers' environment
	version         string

	xvfb      *exec.Cmd
	xvfbExit  chan struct{}
	xvfbLog   *tailBuffer
	stop      chan struct{} // closed by Close
	closeOnce sync.Once
	mu        sync.Mutex
	spare     *webkitTab // the tab Launch opened, until the first Open takes it
	tabs      map[*webkitTab]bool
	closed    bool
	opening   sync.WaitGroup // Opens in flight, which Close waits for
}

// webkitTab is one WebKitWebDriver and its session: one MiniBrowser.
type webkitTab struct {
	b         *webkitBrowser
	srv       *webDriverServer
	id        string // the session
	closeOnce sync.Once
}

// findMiniBrowser returns $MINIBROWSER or the newest Debian MiniBrowser.
func findMiniBrowser() (string, error) {
	if p := os.Getenv("MINIBROWSER"); p != "" {
		_, err := os.Stat(p)
		return p, err
	}
	var found []string
	for _, pat := range []string{"/usr/lib/*/webkit2gtk-4.*/MiniBrowser", "/usr/libexec/webkit2gtk-4.*/MiniBrowser"} {
		m, _ := filepath.Glob(pat)
		found = append(found, m...)
	}
	if len(found) == 0 {
		return "", errors.New("no MiniBrowser in /usr/lib/*/webkit2gtk-4.*/")
	}
	sort.Strings(found)
	return found[len(found)-1], nil // 4.1 over 4.0
}

// launchWebKit starts Xvfb and a first tab (kept for the first Open),
// which tells the version.
func launchWebKit(ctx context.Context) (Browser, error) {
	driverBin, err1 := exec.LookPath("WebKitWebDriver")
	mini, err2 := findMiniBrowser()
	xvfbBin, err3 := exec.LookPath("Xvfb")
	var pkgs, why []string
	if err1 != nil || err2 != nil {
		pkgs = append(pkgs, "'webkit2gtk-driver'")
	}
	if err3 != nil {
		pkgs = append(pkgs, "'xvfb'")
	}
	for _, err := range []error{err1, err2, err3} {
		if err != nil {
			why = append(why, err.Error())
		}
	}
	if len(pkgs) > 0 {
		return nil, fmt.Errorf("webkit: %w: install Debian's %s (%s)",
			ErrNotInstalled, strings.Join(pkgs, " and "), strings.Join(why, "; "))
	}
	dir, err := os.MkdirTemp("", "postbridge-webkit-")
	if err != nil {
		return nil, err
	}
	b := &webkitBrowser{mini: mini, driverBin: driverBin, dir: dir, stop: make(chan struct{}),
		tabs: map[*webkitTab]bool{}, xvfbLog: &tailBuffer{max: 4096}}
	if err := b.start(ctx, xvfbBin); err != nil {
		b.Close()
		return nil, err
	}
	go func() {
		select {
		case <-ctx.Done():
			b.Close()
		case <-b.stop:
		}
	}()
	return b, nil
}

// start runs Xvfb, then the first tab, which tells the version.
func (b *webkitBrowser) start(ctx context.Context, xvfbBin string) error {
	display, err := b.startXvfb(ctx, xvfbBin)
	if err != nil {
		return err
	}
	// X11 only; no session bus, accessibility bus or user profile: the
	// browser's state lives in b.dir and goes with it.
	b.env = []string{"DISPLAY=" + display, "GDK_BACKEND=x11", "WAYLAND_DISPLAY=",
		"WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS=1", "NO_AT_BRIDGE=1",
		"DBUS_SESSION_BUS_ADDRESS=disabled:", "XDG_RUNTIME_DIR=" + b.dir,
		"XDG_CONFIG_HOME=" + b.dir + "/config", "XDG_CACHE_HOME=" + b.dir + "/cache",
		"XDG_DATA_HOME=" + b.dir + "/data"}
	b.spare, b.version, err = b.newTab(ctx)
	return err
}

// startXvfb starts Xvfb on a display it picks itself and reports on fd 3.
func (b *webkitBrowser) startXvfb(ctx context.Context, bin string) (string, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return "", err
	}
	defer r.Close()
	cmd := exec.Command(bin, "-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	cmd.Stdout, cmd.Stderr = b.xvfbLog, b.xvfbLog
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	err = cmd.Start()
	w.Close()
	if err != nil {
		return "", fmt.Errorf("webkit: start Xvfb: %w", err)
	}
	b.xvfb, b.xvfbExit = cmd, waitIn(cmd)
	got := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		got <- strings.TrimSpace(line)
	}()
	select {
	case n := <-got:
		if _, err := strconv.Atoi(n); err != nil {
			return "", fmt.Errorf("webkit: Xvfb gave no display (%q): %s", n, b.xvfbLog)
		}
		return ":" + n, nil
	case <-time.After(20 * time.Second):
		return "", fmt.Errorf("webkit: Xvfb gave no display in 20s: %s", b.xvfbLog)
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// newTab starts a driver and a session on it: a MiniBrowser with popups
// allowed and long timeouts. It returns the version the session reports.
func (b *webkitBrowser) newTab(ctx context.Context) (*webkitTab, string, error) {
	var res struct {
		SessionID    string `json:"sessionId"`
		Capabilities struct {
			BrowserVersion string `json:"browserVersion"`
		} `json:"capabilities"`
	}
	srv, err := startWebDriverServer(ctx, b.driverBin, []string{"--host=127.0.0.1"}, b.env)
	if err != nil {
		return nil, "", fmt.Errorf("webkit: %w", err)
	}
	t := &webkitTab{b: b, srv: srv}
	req := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"browserName": "MiniBrowser",
		"webkitgtk:browserOptions": map[string]any{"binary": b.mini,
			"args": []string{"--automation", "--javascript-can-open-windows-automatically=true"}},
	}}}
	if err = srv.do(ctx, http.MethodPost, "/session", req, &res); err != nil {
		err = fmt.Errorf("webkit: new session: %w: %s", err, srv.log)
	} else {
		t.id = res.SessionID
		if err = srv.do(ctx, http.MethodPost, "/session/"+t.id+"/timeouts",
			map[string]any{"script": 600000, "pageLoad": 60000}, nil); err != nil {
			err = fmt.Errorf("webkit: set timeouts: %w", err)
		}
	}
	if err != nil {
		t.remove()
		return nil, "", err
	}
	return t, "WebKitGTK " + res.Capabilities.BrowserVersion, nil
}

// Engine returns WebKit.
func (b *webkitBrowser) Engine() string { return WebKit }

// Version returns e.g. "WebKitGTK 2.50.6".
func (b *webkitBrowser) Version() string { return b.version }

// Open starts a new session (a new MiniBrowser). InitScript is
// ErrUnsupported: classic WebDriver has no way to run a script before a
// document's own.
func (b *webkitBrowser) Open(ctx context.Context, opt TabOptions) (Tab, error) {
	if opt.InitScript != "" {
		return nil, fmt.Errorf("webkit: init script over classic WebDriver: %w", ErrUnsupported)
	}
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil, errors.New("webkit: browser closed")
	}
	t := b.spare
	b.spare = nil
	b.opening.Add(1)
	b.mu.Unlock()
	defer b.opening.Done()
	if t == nil {
		var err error
		if t, _, err = b.newTab(ctx); err != nil {
			return nil, err
		}
	}
	b.mu.Lock()
	closed := b.closed
	if !closed {
		b.tabs[t] = true
	}
	b.mu.Unlock()
	if closed {
		t.remove()
		return nil, errors.New("webkit: browser closed")
	}
	return t, nil
}

// Close deletes every session, then ends each WebKitWebDriver and Xvfb
// with every process they started (each runs in its own process group).
func (b *webkitBrowser) Close() error {
	b.closeOnce.Do(func() {
		close(b.stop)
		b.mu.Lock()
		b.closed = true
		var ts []*webkitTab
		for t := range b.tabs {
			ts = append(ts, t)
		}
		if b.spare != nil {
			ts = append(ts, b.spare)
		}
		b.mu.Unlock()
		var wg sync.WaitGroup
		for _, t := range ts {
			wg.Go(func() { t.remove() })
		}
		wg.Wait()
		killGroup(b.xvfb, b.xvfbExit) // an Open in flight then fails fast
		b.opening.Wait()
		os.RemoveAll(b.dir)
	})
	return nil
}

// Navigate loads url; WebDriver answers once the page has loaded.
func (t *webkitTab) Navigate(ctx context.Context, url string) error {
	if err := t.srv.do(ctx, http.MethodPost, "/session/"+t.id+"/url", map[string]string{"url": url}, nil); err != nil {
		return fmt.Errorf("webkit: navigate %s: %w", url, err)
	}
	return nil
}

// Eval runs Wrap(expr) as an async script whose callback is the last
// argument; String(e) leads the error because JavaScriptCore's e.stack
// carries only the frames, not the message.
func (t *webkitTab) Eval(ctx context.Context, expr string) (json.RawMessage, error) {
	script := "const done = arguments[arguments.length - 1];\n(" + Wrap(expr) + ").then(s => done({ok: s}), " +
		"e => done({err: String(e) + (e && e.stack ? '\\n' + e.stack : '')}));"
	var res struct {
		OK  *string `json:"ok"`
		Err *string `json:"err"`
	}
	err := t.srv.do(ctx, http.MethodPost, "/session/"+t.id+"/execute/async",
		map[string]any{"script": script, "args": []any{}}, &res)
	if err != nil {
		return nil, fmt.Errorf("webkit: eval: %w", err)
	}
	if res.Err != nil {
		return nil, fmt.Errorf("webkit: eval: %s", *res.Err)
	}
	return decoded(res.OK), nil
}

// Console returns nil: classic WebDriver gives no access to the console.
func (t *webkitTab) Console() []string { return nil }

// Close deletes the session, which ends its MiniBrowser.
func (t *webkitTab) Close() error {
	t.b.mu.Lock()
	delete(t.b.tabs, t)
	closed := t.b.closed
	t.b.mu.Unlock()
	if closed {
		return nil // Browser.Close deletes it
	}
	return t.remove()
}

// remove deletes the session, if any, and ends the driver with every
// process it started, once.
func (t *webkitTab) remove() (err error) {
	t.closeOnce.Do(func() {
		if t.id != "" {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err = t.srv.do(ctx, http.MethodDelete, "/session/"+t.id, nil, nil); err != nil {
				err = fmt.Errorf("webkit: close tab: %w", err)
			}
		}
		t.srv.stop()
	})
	return err
}
