package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// webkitPage serves a page and a popup on 127.0.0.1, and returns the
// page's URL under page.localhost.
func webkitPage(t *testing.T) string {
	return servePage(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><title>%s</title><p>%s</p>", strings.Trim(r.URL.Path, "/")+"page", r.URL.Path)
	}))
}

func evalWant(t *testing.T, ctx context.Context, tab Tab, expr, want string) {
	t.Helper()
	got, err := tab.Eval(ctx, expr)
	if err != nil {
		t.Fatalf("Eval(%s): %v", expr, err)
	}
	if string(got) != want {
		t.Fatalf("Eval(%s) = %s, want %s", expr, got, want)
	}
}

func TestWebKit(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	b := launchForTest(t, ctx, WebKit).(*webkitBrowser)
	defer b.Close()
	if b.Engine() != WebKit || !strings.HasPrefix(b.Version(), "WebKitGTK ") {
		t.Errorf("Engine, Version = %q, %q", b.Engine(), b.Version())
	}
	url := webkitPage(t)

	start := time.Now()
	tab, err := b.Open(ctx, TabOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first Open (the session Launch made) in %v", time.Since(start).Round(time.Millisecond))
	start = time.Now()
	if err := tab.Navigate(ctx, url); err != nil {
		t.Fatal(err)
	}
	t.Logf("Navigate in %v", time.Since(start).Round(time.Millisecond))
	evalWant(t, ctx, tab, "document.title", `"page"`)
	evalWant(t, ctx, tab, "1 + 41", "42")
	evalWant(t, ctx, tab, `new Promise(r => setTimeout(() => r({a: [1, "x"]}), 50))`, `{"a":[1,"x"]}`)
	evalWant(t, ctx, tab, "undefined", "null")
	evalWant(t, ctx, tab, "location.hostname // a trailing comment", `"page.localhost"`)
	if _, err := tab.Eval(ctx, `Promise.reject(new Error("boom"))`); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("rejected promise: err = %v, want one mentioning boom", err)
	}
	if _, err := tab.Eval(ctx, `(() => { throw new TypeError("bang") })()`); err == nil || !strings.Contains(err.Error(), "bang") {
		t.Errorf("thrown error: err = %v, want one mentioning bang", err)
	}
	if _, err := tab.Eval(ctx, `1 +* 2`); err == nil {
		t.Errorf("syntax error: no error")
	}
	if tab.Console() != nil {
		t.Errorf("Console() = %q, want nil", tab.Console())
	}

	// Popups are allowed: a same-origin window.open returns a window whose
	// document can be read once loaded.
	evalWant(t, ctx, tab, `new Promise((r, j) => {
		const w = window.open("/popup", "_blank");
		if (!w) return r(null);
		const poll = () => w.document && w.document.readyState === "complete" && w.document.title === "popuppage"
			? r(w.document.title) : setTimeout(poll, 20);
		poll();
	})`, `"popuppage"`)

	if _, err := b.Open(ctx, TabOptions{InitScript: "window.x = 1"}); !errors.Is(err, ErrUnsupported) {
		t.Errorf("Open with InitScript: err = %v, want ErrUnsupported", err)
	}

	// Two more tabs, opened and used at the same time from two goroutines.
	var wg sync.WaitGroup
	tabs := make([]Tab, 2)
	errs := make([]error, 2)
	start = time.Now()
	for i := range tabs {
		wg.Go(func() {
			s := time.Now()
			tb, err := b.Open(ctx, TabOptions{})
			if err != nil {
				errs[i] = err
				return
			}
			tabs[i] = tb
			t.Logf("tab %d: Open in %v", i, time.Since(s).Round(time.Millisecond))
			if err := tb.Navigate(ctx, url+"t"+strconv.Itoa(i)); err != nil {
				errs[i] = err
				return
			}
			for range 5 {
				got, err := tb.Eval(ctx, `new Promise(r => setTimeout(() => r(document.title), 100))`)
				if err != nil {
					errs[i] = err
					return
				}
				var title string
				if json.Unmarshal(got, &title); title != "t"+strconv.Itoa(i)+"page" {
					errs[i] = fmt.Errorf("tab %d: title %s", i, got)
					return
				}
			}
		})
	}
	wg.Wait()
	t.Logf("two concurrent tabs: Open + Navigate + 5 x 100 ms Eval each in %v", time.Since(start).Round(time.Millisecond))
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := tabs[0].Close(); err != nil {
		t.Errorf("tab Close: %v", err)
	}
	if _, err := tabs[0].Eval(ctx, "1"); err == nil {
		t.Errorf("Eval on a closed tab: no error")
	}
	evalWant(t, ctx, tabs[1], "2", "2") // the other tab is unaffected

	// Every process the browser started is in the process group of Xvfb
	// or of a tab's driver, and a closed tab's group is gone.
	closedGroup := map[int]bool{tabs[0].(*webkitTab).srv.cmd.Process.Pid: true}
	if left := webkitProcs(closedGroup); len(left) > 0 {
		t.Errorf("left after tab Close: %v", left)
	}
	groups := map[int]bool{b.xvfb.Process.Pid: true}
	for _, tb := range []Tab{tab, tabs[1]} {
		groups[tb.(*webkitTab).srv.cmd.Process.Pid] = true
	}
	procs := webkitProcs(groups)
	t.Logf("processes before Close: %v", procs)
	for _, name := range []string{"Xvfb", "WebKitWebDriver", "MiniBrowser", "WebKitWebProces", "WebKitNetworkPr"} {
		found := false
		for _, n := range procs {
			found = found || n == name
		}
		if !found {
			t.Errorf("no %s among the processes of the browser", name)
		}
	}
	start = time.Now()
	if err := b.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	t.Logf("Close in %v", time.Since(start).Round(time.Millisecond))
	if left := webkitProcs(groups); len(left) > 0 {
		t.Errorf("left after Close: %v", left)
	}
	if _, err := b.Open(ctx, TabOptions{}); err == nil {
		t.Errorf("Open after Close: no error")
	}
}

func TestWebKitNotInstalled(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	t.Setenv("MINIBROWSER", "/nonexistent/MiniBrowser")
	_, err := Launch(context.Background(), WebKit)
	if !errors.Is(err, ErrNotInstalled) || !strings.Contains(err.Error(), "'webkit2gtk-driver' and 'xvfb'") {
		t.Fatalf("err = %v, want ErrNotInstalled naming both packages", err)
	}
}

func TestWebKitCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	b := launchForTest(t, ctx, WebKit).(*webkitBrowser)
	defer b.Close()
	groups := map[int]bool{b.xvfb.Process.Pid: true, b.spare.srv.cmd.Process.Pid: true}
	if len(webkitProcs(groups)) < 4 {
		t.Fatalf("processes: %v", webkitProcs(groups))
	}
	cancel()
	for deadline := time.Now().Add(15 * time.Second); len(webkitProcs(groups)) > 0; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("left 15 s after cancelling the Launch context: %v", webkitProcs(groups))
		}
	}
	if _, err := b.Open(context.Background(), TabOptions{}); err == nil {
		t.Errorf("Open after cancel: no error")
	}
}

// webkitProcs maps pid to command name for every live process that is in
// one of groups or descends from a process that is (also catching one
// that left the group).
func webkitProcs(groups map[int]bool) map[int]string {
	type proc struct {
		ppid, pgid int
		comm       string
	}
	all := map[int]proc{}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		i, j := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		f := strings.Fields(s[j+1:]) // state ppid pgrp ...
		if i < 0 || len(f) < 3 || f[0] == "Z" {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		pgid, _ := strconv.Atoi(f[2])
		all[pid] = proc{ppid, pgid, s[i+1 : j]}
	}
	out := map[int]string{}
	for pid, p := range all {
		for q, seen := p, 0; seen < 64; seen++ {
			if groups[q.pgid] {
				out[pid] = p.comm
				break
			}
			next, ok := all[q.ppid]
			if !ok {
				break
			}
			q = next
		}
	}
	return out
}
