package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"sync/atomic"
	"time"
)

// connect opens the session, learns the version and subscribes to the
// events the tabs need.
func (b *firefox) connect(ctx context.Context, url string) error {
	conn, err := dialBIDI(ctx, strings.TrimSuffix(url, "/")+"/session", b.event, b.lost)
	if err != nil {
		return err
	}
	b.conn = conn
	var s struct {
		Capabilities struct {
			BrowserVersion string `json:"browserVersion"`
		} `json:"capabilities"`
	}
	if err := conn.call(ctx, "session.new", map[string]any{"capabilities": map[string]any{}}, &s); err != nil {
		return err
	}
	b.version = s.Capabilities.BrowserVersion
	events := []string{"log.entryAdded", "browsingContext.contextCreated", "browsingContext.contextDestroyed"}
	return conn.call(ctx, "session.subscribe", map[string]any{"events": events}, nil)
}

// firefoxDisplayVersion returns the version bin --version prints (the
// last word of "Mozilla Firefox 153.8.0esr"), or "".
func firefoxDisplayVersion(bin string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "--version").Output()
	f := strings.Fields(string(out))
	if err != nil || len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// lost explains why the connection ended (err, when it ended first): the
// driver closed it, or the browser exited, which a dropped connection
// soon shows.
func (b *firefox) lost(err error) error {
	if b.closing.Load() {
		return errClosed
	}
	select {
	case <-b.exited:
	case <-time.After(time.Second):
	}
	select {
	case <-b.exited:
		if b.closing.Load() {
			return errClosed
		}
		return fmt.Errorf("firefox exited (%v)%s", b.waitErr, b.stderr.String())
	default:
		return err
	}
}

// Engine returns Firefox.
func (b *firefox) Engine() string { return Firefox }

// Version returns e.g. "Firefox 153.8.0esr".
func (b *firefox) Version() string { return b.version }

// event files console entries under their tab, following frames up to
// their top-level context. It runs on the connection's reader goroutine.
func (b *firefox) event(method string, params json.RawMessage) {
	switch method {
	case "browsingContext.contextCreated", "browsingContext.contextDestroyed":
		var p struct {
			Context string  `json:"context"`
			Parent  *string `json:"parent"`
		}
		if json.Unmarshal(params, &p) != nil || p.Parent == nil {
			return
		}
		b.mu.Lock()
		if method == "browsingContext.contextCreated" {
			b.parents[p.Context] = *p.Parent
		} else {
			delete(b.parents, p.Context)
		}
		b.mu.Unlock()
	case "log.entryAdded":
		var p struct {
			Type   string `json:"type"`
			Method string `json:"method"`
			Level  string `json:"level"`
			Text   string `json:"text"`
			Source struct {
				Context string `json:"context"`
			} `json:"source"`
		}
		if json.Unmarshal(params, &p) != nil {
			return
		}
		line := p.Level + ": " + p.Text
		if p.Type == "console" && p.Method != "" {
			line = "console." + p.Method + ": " + p.Text
		}
		b.mu.Lock()
		defer b.mu.Unlock()
		id := p.Source.Context
		for i := 0; i < 100 && b.parents[id] != ""; i++ {
			id = b.parents[id]
		}
		if t := b.tabs[id]; t != nil {
			if len(t.console) >= maxConsole {
				t.console = t.console[1:]
			}
			t.console = append(t.console, line)
		}
	}
}

// maxConsole bounds the console lines a tab keeps (the latest ones).
const maxConsole = 10000

// Open opens a new tab; InitScript becomes a preload script of it.
func (b *firefox) Open(ctx context.Context, opt TabOptions) (Tab, error) {
	var r struct {
		Context string `json:"context"`
	}
	// A window of its own rather than a tab: a background tab is hidden,
	// and Firefox then holds its timers to one a second.
	if err := b.conn.call(ctx, "browsingContext.create", map[string]any{"type": "window"}, &r); err != nil {
		return nil, fmt.Errorf("engine: firefox: %w", err)
	}
	t := &firefoxTab{b: b, id: r.Context}
	b.mu.Lock()
	b.tabs[t.id] = t
	b.mu.Unlock()
	if opt.InitScript != "" {
		p := map[string]any{
			"functionDeclaration": "() => {\n" + opt.InitScript + "\n}",
			"contexts":            []string{t.id},
		}
		if err := b.conn.call(ctx, "script.addPreloadScript", p, nil); err != nil {
			t.Close()
			return nil, fmt.Errorf("engine: firefox: %w", err)
		}
	}
	return t, nil
}

// firefoxTab is one top-level browsing context of a firefox.
type firefoxTab struct {
	b       *firefox
	id      string
	console []string // guarded by b.mu
	closed  atomic.Bool
}

// Navigate loads url and waits for its load event.
func (t *firefoxTab) Navigate(ctx context.Context, url string) error {
	p := map[string]any{"context": t.id, "url": url, "wait": "complete"}
	if err := t.b.conn.call(ctx, "browsingContext.navigate", p, nil); err != nil {
		return fmt.Errorf("engine: firefox: navigate to %s: %w", url, err)
	}
	return nil
}

// Eval evaluates Wrap(expr) in the tab's top document and returns the
// value's JSON.
func (t *firefoxTab) Eval(ctx context.Context, expr string) (json.RawMessage, error) {
	p := map[string]any{
		"expression":      Wrap(expr),
		"target":          map[string]any{"context": t.id},
		"awaitPromise":    true,
		"resultOwnership": "none",
	}
	var r struct {
		Type   string `json:"type"`
		Result struct {
			Type  string  `json:"type"`
			Value *string `json:"value"`
		} `json:"result"`
		ExceptionDetails struct {
			Text       string `json:"text"`
			StackTrace struct {
				CallFrames []struct {
					FunctionName string `json:"functionName"`
					URL          string `json:"url"`
					LineNumber   int    `json:"lineNumber"`
					ColumnNumber int    `json:"columnNumber"`
				} `json:"callFrames"`
			} `json:"stackTrace"`
		} `json:"exceptionDetails"`
	}
	if err := t.b.conn.call(ctx, "script.evaluate", p, &r); err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return nil, err
		}
		// In a document a preload script has run in, Firefox fails to
		// describe an exception and answers with this error instead.
		var be *bidiError
		if errors.As(err, &be) && strings.HasPrefix(be.Message, missingStack) {
			return nil, fmt.Errorf("engine: firefox: eval: %s", strings.TrimPrefix(be.Message, missingStack))
		}
		return nil, fmt.Errorf("engine: firefox: eval: %w", err)
	}
	switch {
	case r.Type == "exception":
		msg := r.ExceptionDetails.Text
		n := 0
		for _, f := range r.ExceptionDetails.StackTrace.CallFrames {
			if f.URL == "self-hosted" {
				continue // the engine's own builtins
			}
			if n++; n > 3 {
				break
			}
			at := fmt.Sprintf("%s:%d:%d", f.URL, f.LineNumber+1, f.ColumnNumber+1) // BiDi counts from 0
			if f.FunctionName != "" {
				at = f.FunctionName + " (" + at + ")"
			}
			msg += "\n    at " + at
		}
		return nil, fmt.Errorf("engine: firefox: eval: %s", msg)
	case r.Result.Type == "null":
		return decoded(nil), nil
	case r.Result.Type == "string" && r.Result.Value != nil:
		return decoded(r.Result.Value), nil
	}
	return nil, fmt.Errorf("engine: firefox: eval: unexpected result type %q", r.Result.Type)
}

// missingStack starts the message of the error Firefox answers an
// exception with in a document with a preload script.
const missingStack = "Error: Missing stack, unable to build exceptionDetails for exception: "

// Console returns the tab's console lines ("console.log: text") and
// uncaught errors ("error: text") so far.
func (t *firefoxTab) Console() []string {
	t.b.mu.Lock()
	defer t.b.mu.Unlock()
	return append([]string(nil), t.console...)
}

// Close closes the tab. Closing it again, or after the browser, is a no-op.
func (t *firefoxTab) Close() error {
	if t.closed.Swap(true) {
		return nil
	}
	defer func() {
		t.b.mu.Lock()
		delete(t.b.tabs, t.id)
		t.b.mu.Unlock()
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := t.b.conn.call(ctx, "browsingContext.close", map[string]any{"context": t.id}, nil)
	if err != nil && !errors.Is(err, errClosed) {
		return fmt.Errorf("engine: firefox: close tab: %w", err)
	}
	return nil
}
