package engine

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// firefoxPrefs is the fresh profile's user.js: popups allowed, and every
// start-up task that would try the (closed) network turned off.
const firefoxPrefs = `user_pref("dom.disable_open_during_load", false);
user_pref("dom.popup_maximum", 1000);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.page", 0);
user_pref("browser.startup.homepage", "about:blank");
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("startup.homepage_welcome_url", "about:blank");
user_pref("startup.homepage_welcome_url.additional", "");
user_pref("browser.aboutwelcome.enabled", false);
user_pref("browser.newtabpage.enabled", false);
user_pref("browser.newtab.preload", false);
user_pref("browser.newtabpage.activity-stream.feeds.system.topstories", false);
user_pref("browser.newtabpage.activity-stream.feeds.telemetry", false);
user_pref("browser.newtabpage.activity-stream.telemetry", false);
user_pref("browser.tabs.warnOnClose", false);
user_pref("browser.warnOnQuit", false);
user_pref("browser.sessionstore.resume_from_crash", false);
user_pref("toolkit.startup.max_resumed_crashes", -1);
user_pref("app.update.enabled", false);
user_pref("app.update.auto", false);
user_pref("app.update.checkInstallTime", false);
user_pref("app.update.disabledForTesting", true);
user_pref("extensions.update.enabled", false);
user_pref("extensions.getAddons.cache.enabled", false);
user_pref("extensions.blocklist.enabled", false);
user_pref("extensions.systemAddon.update.enabled", false);
user_pref("browser.search.update", false);
user_pref("browser.search.geoip.url", "");
user_pref("browser.region.network.url", "");
user_pref("browser.region.update.enabled", false);
user_pref("services.settings.server", "http://127.0.0.1:9/");
user_pref("security.remote_settings.crlite_filters.enabled", false);
user_pref("security.remote_settings.intermediates.enabled", false);
user_pref("security.OCSP.enabled", 0);
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("network.trr.mode", 5);
user_pref("network.prefetch-next", false);
user_pref("network.dns.disablePrefetch", true);
user_pref("network.http.speculative-parallel-limit", 0);
user_pref("network.predictor.enabled", false);
user_pref("browser.safebrowsing.malware.enabled", false);
user_pref("browser.safebrowsing.phishing.enabled", false);
user_pref("browser.safebrowsing.blockedURIs.enabled", false);
user_pref("browser.safebrowsing.downloads.enabled", false);
user_pref("browser.safebrowsing.downloads.remote.enabled", false);
user_pref("browser.safebrowsing.update.enabled", false);
user_pref("privacy.trackingprotection.enabled", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("toolkit.telemetry.unified", false);
user_pref("toolkit.telemetry.archive.enabled", false);
user_pref("toolkit.telemetry.server", "");
user_pref("datareporting.healthreport.uploadEnabled", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("datareporting.policy.dataSubmissionPolicyBypassNotification", true);
user_pref("app.normandy.enabled", false);
user_pref("app.normandy.api_url", "");
user_pref("app.shield.optoutstudies.enabled", false);
user_pref("browser.ping-centre.telemetry", false);
user_pref("browser.discovery.enabled", false);
user_pref("browser.translations.enable", false);
user_pref("browser.uitour.enabled", false);
user_pref("media.gmp-manager.updateEnabled", false);
user_pref("media.gmp-manager.url", "");
user_pref("geo.provider.network.url", "");
user_pref("signon.rememberSignons", false);
user_pref("dom.max_script_run_time", 0);
user_pref("dom.max_chrome_script_run_time", 0);
`

// firefoxListening matches the line Firefox prints once BiDi is up.
var firefoxListening = regexp.MustCompile(`WebDriver BiDi listening on (ws://\S+)`)

// firefoxBinary finds the browser: $FIREFOX, then firefox-esr, then firefox.
func firefoxBinary() (string, error) {
	if env := os.Getenv("FIREFOX"); env != "" {
		p, err := exec.LookPath(env)
		if err != nil {
			return "", fmt.Errorf("engine: FIREFOX=%q: %w (install Debian's 'firefox-esr' package): %v", env, ErrNotInstalled, err)
		}
		return p, nil
	}
	for _, name := range []string{"firefox-esr", "firefox"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("engine: firefox: %w: install Debian's 'firefox-esr' package", ErrNotInstalled)
}

// firefox is a running firefox-esr driven over WebDriver BiDi.
type firefox struct {
	cmd     *exec.Cmd
	profile string
	version string
	conn    *bidi
	exited  chan struct{} // closed once the process has been waited for
	waitErr error         // the process's exit, once exited is closed
	stderr  *lineTail
	closing atomic.Bool
	done    chan struct{} // closed when Close has finished
	once    sync.Once

	mu      sync.Mutex
	tabs    map[string]*firefoxTab // by top-level browsing context id
	parents map[string]string      // frame context id → parent context id
}

// launchFirefox starts firefox-esr headless on a fresh profile and opens
// a BiDi session on it.
func launchFirefox(ctx context.Context) (Browser, error) {
	bin, err := firefoxBinary()
	if err != nil {
		return nil, err
	}
	profile, err := os.MkdirTemp("", "postbridge-firefox-")
	if err != nil {
		return nil, fmt.Errorf("engine: firefox: %w", err)
	}
	if err := os.WriteFile(filepath.Join(profile, "user.js"), []byte(firefoxPrefs), 0o644); err != nil {
		os.RemoveAll(profile)
		return nil, fmt.Errorf("engine: firefox: %w", err)
	}
	// Our own pipe rather than StderrPipe: Firefox's child processes
	// inherit it, and cmd.Wait must not close it under the reader.
	pr, pw, err := os.Pipe()
	if err != nil {
		os.RemoveAll(profile)
		return nil, fmt.Errorf("engine: firefox: %w", err)
	}
	cmd := exec.Command(bin, "--headless", "--no-remote", "--profile", profile, "--remote-debugging-port=0")
	cmd.Env = append(os.Environ(), "MOZ_CRASHREPORTER_DISABLE=1")
	cmd.Stderr = pw
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // Close ends the whole group
	if err := cmd.Start(); err != nil {
		pr.Close()
		pw.Close()
		os.RemoveAll(profile)
		return nil, fmt.Errorf("engine: firefox: %w", err)
	}
	pw.Close()
	b := &firefox{
		cmd:     cmd,
		profile: profile,
		exited:  make(chan struct{}),
		stderr:  &lineTail{done: make(chan struct{})},
		done:    make(chan struct{}),
		tabs:    make(map[string]*firefoxTab),
		parents: make(map[string]string),
	}
	go func() {
		b.waitErr = cmd.Wait()
		close(b.exited)
	}()
	listening := make(chan string, 1)
	go b.stderr.scan(pr, listening)
	display := make(chan string, 1)
	go func() { display <- firefoxDisplayVersion(bin) }()

	url, err := b.awaitListening(ctx, listening)
	if err == nil {
		err = b.connect(ctx, url)
	}
	if err == nil {
		// The session reports "153.8.0"; --version says "153.8.0esr".
		if v := <-display; v != "" && strings.HasPrefix(v, b.version) {
			b.version = v
		}
		b.version = "Firefox " + b.version
	}
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("engine: firefox: %w%s", err, b.stderr.String())
	}
	go func() {
		<-b.exited
		b.conn.fail(b.lost(nil))
	}()
	go func() {
		select {
		case <-ctx.Done():
			b.Close()
		case <-b.done:
		}
	}()
	return b, nil
}

// awaitListening waits for the BiDi address Firefox prints on stderr.
func (b *firefox) awaitListening(ctx context.Context, listening <-chan string) (string, error) {
	timer := time.NewTimer(60 * time.Second)
	defer timer.Stop()
	select {
	case url := <-listening:
		return url, nil
	case <-b.exited:
		return "", fmt.Errorf("exited before listening (%v)", b.waitErr)
	case <-ctx.Done():
		return "", ctx.Err()
	case <-timer.C:
		return "", errors.New("no BiDi address on stderr within 60s")
	}
}

// Close ends the session, the browser and its processes, and removes the
// profile. It is safe to call more than once.
func (b *firefox) Close() error {
	var err error
	b.once.Do(func() {
		b.closing.Store(true)
		if b.conn != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			b.conn.call(ctx, "browser.close", nil, nil) // an error here means it is gone already
			cancel()
		}
		// The content processes follow the main one out; stderr ends when
		// the last of them has gone. Whatever is left is killed.
		select {
		case <-b.stderr.done:
		case <-time.After(5 * time.Second):
		}
		syscall.Kill(-b.cmd.Process.Pid, syscall.SIGKILL)
		<-b.exited
		select {
		case <-b.stderr.done:
		case <-time.After(2 * time.Second):
		}
		if b.conn != nil {
			b.conn.fail(errClosed)
		}
		err = os.RemoveAll(b.profile)
		close(b.done)
	})
	return err
}

// lineTail keeps the last lines of a process's stderr for error messages.
type lineTail struct {
	mu    sync.Mutex
	lines []string
	done  chan struct{} // closed once the stream has reached its end
}

// scan reads f to its end, sending the BiDi address on listening once.
func (l *lineTail) scan(f *os.File, listening chan<- string) {
	defer close(l.done)
	defer f.Close()
	sent := false
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if m := firefoxListening.FindStringSubmatch(line); m != nil && !sent {
			sent = true
			listening <- m[1]
		}
		l.mu.Lock()
		if len(l.lines) == 20 {
			l.lines = l.lines[1:]
		}
		l.lines = append(l.lines, line)
		l.mu.Unlock()
	}
}

// String is the kept lines, each on a line of its own after a heading,
// or "" when there are none.
func (l *lineTail) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.lines) == 0 {
		return ""
	}
	return "\nfirefox stderr:\n  " + strings.Join(l.lines, "\n  ")
}
