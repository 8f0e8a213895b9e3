package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// webDriver is a minimal client of a W3C WebDriver (classic) server:
// JSON over HTTP, one request per command.
type webDriver struct {
	base string // e.g. "http://127.0.0.1:4444"
	hc   *http.Client
}

func newWebDriver(base string) *webDriver {
	return &webDriver{base: base, hc: &http.Client{Transport: &http.Transport{
		Proxy:               nil, // the driver is on loopback; never go through $http_proxy
		MaxIdleConnsPerHost: 16,
	}}}
}

// webDriverError is an error answer of a WebDriver server.
type webDriverError struct {
	Status  int    // HTTP status
	Code    string // the "error" field, e.g. "javascript error"
	Message string
}

func (e *webDriverError) Error() string {
	return fmt.Sprintf("webdriver: %s (HTTP %d): %s", e.Code, e.Status, e.Message)
}

// do sends one command and decodes the answer's "value" into out (when
// out is not nil). body nil sends no body (GET, DELETE).
func (w *webDriver) do(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, w.base+path, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	resp, err := w.hc.Do(req)
	if err != nil {
		return fmt.Errorf("webdriver: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("webdriver: %s %s: %w", method, path, err)
	}
	var env struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(data, &env); err != nil {
		return fmt.Errorf("webdriver: %s %s: HTTP %d, bad answer %.200q", method, path, resp.StatusCode, data)
	}
	if resp.StatusCode >= 400 {
		e := &webDriverError{Status: resp.StatusCode}
		var v struct {
			Error   string `json:"error"`
			Message string `json:"message"`
		}
		if json.Unmarshal(env.Value, &v) == nil {
			e.Code, e.Message = v.Error, v.Message
		}
		if e.Code == "" {
			e.Message = string(data)
		}
		return e
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(env.Value, out); err != nil {
		return fmt.Errorf("webdriver: %s %s: decode %.200q: %w", method, path, env.Value, err)
	}
	return nil
}

// webDriverServer is a WebDriver server process with its client. It
// runs in its own process group, so that stopping it also ends every
// browser process it started.
type webDriverServer struct {
	*webDriver
	cmd  *exec.Cmd
	exit chan struct{} // closed once it has exited
	log  *tailBuffer   // the end of its output
}

// startWebDriverServer runs bin --port=P args... on a free loopback port
// P, with env added to the environment, and waits until it is ready. A
// port can be taken between probing and binding, so a server that fails
// to come up is retried, on another port.
func startWebDriverServer(ctx context.Context, bin string, args, env []string) (*webDriverServer, error) {
	var err error
	for attempt := 0; attempt < 3 && ctx.Err() == nil; attempt++ {
		var s *webDriverServer
		if s, err = tryWebDriverServer(ctx, bin, args, env); err == nil {
			return s, nil
		}
	}
	if err == nil {
		err = ctx.Err()
	}
	return nil, err
}

// tryWebDriverServer is one attempt of startWebDriverServer.
func tryWebDriverServer(ctx context.Context, bin string, args, env []string) (*webDriverServer, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	l.Close()
	cmd := exec.Command(bin, append([]string{"--port=" + port}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	s := &webDriverServer{webDriver: newWebDriver("http://127.0.0.1:" + port), cmd: cmd, log: &tailBuffer{max: 4096}}
	cmd.Stdout, cmd.Stderr = s.log, s.log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", filepath.Base(bin), err)
	}
	s.exit = waitIn(cmd)
	c, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := s.waitReady(c); err != nil {
		s.stop()
		return nil, fmt.Errorf("%s: %w: %s", filepath.Base(bin), err, s.log)
	}
	return s, nil
}

// waitReady polls GET /status until the server answers ready, ctx ends,
// or the server exits.
func (s *webDriverServer) waitReady(ctx context.Context) error {
	for {
		var st struct {
			Ready bool `json:"ready"`
		}
		c, cancel := context.WithTimeout(ctx, time.Second)
		err := s.do(c, http.MethodGet, "/status", nil, &st)
		cancel()
		if err == nil && st.Ready {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("not ready at %s: %w (last: %v)", s.base, ctx.Err(), err)
		case <-s.exit:
			return fmt.Errorf("exited before it was ready at %s (%v)", s.base, s.cmd.ProcessState)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// stop ends the server's process group.
func (s *webDriverServer) stop() { killGroup(s.cmd, s.exit) }

// waitIn waits for cmd in a goroutine; the channel closes when it exits.
func waitIn(cmd *exec.Cmd) chan struct{} {
	c := make(chan struct{})
	go func() { cmd.Wait(); close(c) }()
	return c
}

// killGroup ends the process group cmd leads: SIGTERM, then, once cmd has
// exited or after 3 s, SIGKILL for whatever is left of the group.
func killGroup(cmd *exec.Cmd, exited chan struct{}) {
	if cmd == nil || cmd.Process == nil {
		return
	}
	pgid := cmd.Process.Pid
	syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(3 * time.Second):
	}
	syscall.Kill(-pgid, syscall.SIGKILL)
	<-exited
}

// tailBuffer keeps the last max bytes written to it, for error messages
// quoting a process's stderr.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = append([]byte(nil), t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(bytes.TrimSpace(t.b))
}
