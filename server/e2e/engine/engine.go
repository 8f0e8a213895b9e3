// Package engine starts a real browser of one of three engines and drives
// its tabs through one small seam, so that the browser suite in
// server/e2e is written once and runs in Chromium (chromedp over CDP),
// Firefox (WebDriver BiDi) and WebKit (W3C WebDriver, MiniBrowser under
// Xvfb). Each driver is a thin client of its protocol; none downloads a
// browser: they run Debian's packages.
package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
)

// The engines, by the names POSTBRIDGE_ENGINE takes.
const (
	Chromium = "chromium"
	Firefox  = "firefox"
	WebKit   = "webkit"
)

// Names lists every engine, in the order make test runs them.
var Names = []string{Chromium, Firefox, WebKit}

// ErrUnsupported is returned (wrapped) for what an engine's automation
// protocol cannot do, such as an init script over classic WebDriver.
var ErrUnsupported = errors.New("not supported by this engine's driver")

// ErrNotInstalled is returned (wrapped) by Launch when the engine's
// binaries are missing; its message names the Debian package.
var ErrNotInstalled = errors.New("browser not installed")

// Browser is one running browser.
type Browser interface {
	// Engine is one of Chromium, Firefox, WebKit.
	Engine() string
	// Version is the browser's own version string, e.g. "Firefox 153.8.0esr".
	Version() string
	// Open opens a new, blank tab.
	Open(ctx context.Context, opt TabOptions) (Tab, error)
	// Close ends the browser and every process it started.
	Close() error
}

// TabOptions are a tab's settings, fixed when it opens.
type TabOptions struct {
	// InitScript, when set, runs in every document of the tab before the
	// document's own scripts (ErrUnsupported where the driver cannot).
	InitScript string
}

// Tab is one top-level browsing context.
type Tab interface {
	// Navigate loads url and returns once its load event has fired.
	Navigate(ctx context.Context, url string) error
	// Eval evaluates a JavaScript expression in the tab's top document,
	// awaits it when it is a promise, and returns the value as JSON
	// (JSON.stringify of it; "null" for undefined). A thrown error or
	// rejected promise is an error carrying its message.
	Eval(ctx context.Context, expr string) (json.RawMessage, error)
	// Console returns the console messages and uncaught errors seen so far
	// (empty where the driver cannot see them).
	Console() []string
	// Close closes the tab.
	Close() error
}

// Wrap turns expr into an expression that evaluates to a promise of
// JSON.stringify(await expr), or null for undefined: every driver
// evaluates that and decodes the string, so results read the same in
// every engine. expr stands alone on its lines, so a trailing // comment
// in it cannot swallow the wrapper.
func Wrap(expr string) string {
	return "(async () => { const v = await (\n" + expr + "\n); return v === undefined ? null : JSON.stringify(v); })()"
}

// decoded turns what a wrapped expression returned (a JSON string, or
// null) into the JSON of the value.
func decoded(s *string) json.RawMessage {
	if s == nil {
		return json.RawMessage("null")
	}
	return json.RawMessage(*s)
}

// FromEnv returns the engine POSTBRIDGE_ENGINE names (Chromium when unset).
func FromEnv() (string, error) {
	e := strings.ToLower(strings.TrimSpace(os.Getenv("POSTBRIDGE_ENGINE")))
	if e == "" {
		return Chromium, nil
	}
	for _, n := range Names {
		if e == n {
			return e, nil
		}
	}
	return "", fmt.Errorf("POSTBRIDGE_ENGINE=%q: want one of %s", e, strings.Join(Names, ", "))
}

// Launch starts a browser of the named engine. Cancel ctx or call Close
// to end it.
func Launch(ctx context.Context, name string) (Browser, error) {
	switch name {
	case Chromium:
		return launchChromium(ctx)
	case Firefox:
		return launchFirefox(ctx)
	case WebKit:
		return launchWebKit(ctx)
	}
	return nil, fmt.Errorf("engine: unknown engine %q", name)
}
