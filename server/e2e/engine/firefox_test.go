package engine

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// firefoxPage serves a page on 127.0.0.1 that records the init script's
// global as its own scripts see it, and returns its URL under
// page.localhost.
func firefoxPage(t *testing.T) string {
	return servePage(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!doctype html><title>page</title><script>globalThis.__seen = globalThis.__init;</script>")
	}))
}

func firefoxEvalWant(t *testing.T, ctx context.Context, tab Tab, expr, want string) {
	t.Helper()
	got, err := tab.Eval(ctx, expr)
	if err != nil {
		t.Errorf("Eval(%s): %v", expr, err)
		return
	}
	if string(got) != want {
		t.Errorf("Eval(%s) = %s, want %s", expr, got, want)
	}
}

func TestFirefox(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	b := launchForTest(t, ctx, Firefox).(*firefox)
	defer b.Close()
	if b.Engine() != Firefox || !strings.HasPrefix(b.Version(), "Firefox ") {
		t.Errorf("Engine, Version = %q, %q", b.Engine(), b.Version())
	}
	url := firefoxPage(t)

	tab, err := b.Open(ctx, TabOptions{InitScript: "globalThis.__init = 41;"})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := tab.Navigate(ctx, url); err != nil {
		t.Fatal(err)
	}
	t.Logf("navigated in %v", time.Since(start).Round(time.Millisecond))
	firefoxEvalWant(t, ctx, tab, "__init + 1", "42")
	firefoxEvalWant(t, ctx, tab, "__seen", "41")
	firefoxEvalWant(t, ctx, tab, `new Promise(r => setTimeout(() => r({a: [1, "x"]}), 50))`, `{"a":[1,"x"]}`)
	firefoxEvalWant(t, ctx, tab, "undefined", "null")
	firefoxEvalWant(t, ctx, tab, "location.hostname // a trailing comment", `"page.localhost"`)
	if _, err := tab.Eval(ctx, `Promise.reject(new Error("boom"))`); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("rejected promise: err = %v, want one mentioning boom", err)
	} else {
		t.Logf("rejected promise: %v", err)
	}
	if _, err := tab.Eval(ctx, `(() => { throw new TypeError("thrown") })()`); err == nil || !strings.Contains(err.Error(), "thrown") {
		t.Errorf("throw: err = %v, want one mentioning thrown", err)
	}

	// A caller's deadline ends the wait; the late answer is dropped and
	// the tab goes on working.
	short, cancelShort := context.WithTimeout(ctx, 100*time.Millisecond)
	_, err = tab.Eval(short, "new Promise(r => setTimeout(r, 500))")
	cancelShort()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Eval past its deadline: err = %v, want DeadlineExceeded", err)
	}
	time.Sleep(500 * time.Millisecond)
	firefoxEvalWant(t, ctx, tab, "1 + 1", "2")

	firefoxEvalWant(t, ctx, tab, `console.log("hello-console")`, "null")
	deadline := time.Now().Add(time.Second)
	for !strings.Contains(strings.Join(tab.Console(), "\n"), "hello-console") {
		if time.Now().After(deadline) {
			t.Errorf("Console() = %q, want hello-console within a second", tab.Console())
			break
		}
		time.Sleep(10 * time.Millisecond)
	}

	tab2, err := b.Open(ctx, TabOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := tab2.Navigate(ctx, url+"?2"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i, tb := range []Tab{tab, tab2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 20 {
				expr := fmt.Sprintf("new Promise(r => setTimeout(() => r([%d, %d, location.search]), 5))", i, j)
				want := fmt.Sprintf(`[%d,%d,"%s"]`, i, j, map[int]string{0: "", 1: "?2"}[i])
				firefoxEvalWant(t, ctx, tb, expr, want)
			}
		}()
	}
	wg.Wait()
	if err := tab2.Close(); err != nil {
		t.Errorf("tab2.Close: %v", err)
	}
	if _, err := tab2.Eval(ctx, "1"); err == nil {
		t.Error("Eval in a closed tab succeeded")
	}

	pid := b.cmd.Process.Pid
	start = time.Now()
	if err := b.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	t.Logf("closed in %v", time.Since(start).Round(time.Millisecond))
	// Setpgid made the browser's pid its process group's id. Killed
	// children may linger a moment as zombies until init reaps them.
	left := firefoxGroup(pid)
	for end := time.Now().Add(3 * time.Second); left != "" && time.Now().Before(end); left = firefoxGroup(pid) {
		time.Sleep(50 * time.Millisecond)
	}
	if left != "" {
		t.Errorf("processes left in firefox's group %d after Close:\n%s", pid, left)
	}
	if _, err := os.Stat(b.profile); !os.IsNotExist(err) {
		t.Errorf("profile %s left behind (%v)", b.profile, err)
	}
	if _, err := tab.Eval(ctx, "1"); err == nil {
		t.Error("Eval after Close succeeded")
	}
	if err := tab.Close(); err != nil {
		t.Errorf("tab.Close after the browser's: %v", err)
	}
}

// TestFirefoxDies checks that calls fail quickly, rather than hang, once
// the browser process has gone.
func TestFirefoxDies(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	b := launchForTest(t, ctx, Firefox).(*firefox)
	defer b.Close()
	tab, err := b.Open(ctx, TabOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pending := make(chan error, 1)
	go func() {
		_, err := tab.Eval(ctx, "new Promise(() => {})")
		pending <- err
	}()
	time.Sleep(200 * time.Millisecond)
	syscall.Kill(-b.cmd.Process.Pid, syscall.SIGKILL)
	select {
	case err := <-pending:
		if err == nil || ctx.Err() != nil {
			t.Errorf("pending Eval: err = %v, want the browser's end", err)
		}
		t.Logf("pending Eval: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("pending Eval still waiting 5s after the browser was killed")
	}
	start := time.Now()
	if _, err := tab.Eval(ctx, "1"); err == nil {
		t.Error("Eval after the browser died succeeded")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Eval after the browser died took %v", d)
	}
	if err := b.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}

// firefoxGroup describes the processes in process group pgid (pgrep -g),
// or returns "" when there are none.
func firefoxGroup(pgid int) string {
	out, err := exec.Command("pgrep", "-g", strconv.Itoa(pgid)).Output()
	if err != nil {
		return ""
	}
	pids := strings.Fields(string(out))
	ps, _ := exec.Command("ps", append([]string{"-o", "pid,ppid,stat,comm", "-p"}, strings.Join(pids, ","))...).CombinedOutput()
	return string(ps)
}
