package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Sandboxed frames (issue 8): a frame with sandbox="allow-scripts" has
// the origin "null", which anyone can send as; Postbridge admits it only
// with a secret the embedder put in the frame URL's fragment.

type sandboxState struct {
	State     string   `json:"state"`
	Secret    string   `json:"secret"`
	Origin    string   `json:"origin"`
	Decisions []string `json:"decisions"`
	Rejects   []string `json:"rejects"`
	Recorded  []string `json:"recorded"`
	Pings     int      `json:"pings"`
}

func openSandbox(t *testing.T, mode string) (*Page, sandboxState) {
	t.Helper()
	s, _ := startShops(t)
	p := openPage(t, s.Main+"/shops/sandbox-parent.html?mode="+mode+"&other="+s.Other)
	p.Wait("the embedder's connect", `globalThis.sb && sb.state !== "connecting"`, 30*time.Second)
	return p, Eval[sandboxState](p, "globalThis.sb")
}

// noSecret fails if the secret shows in any decision or refusal the
// embedder's page was told of.
func noSecret(t *testing.T, st sandboxState) {
	t.Helper()
	for _, d := range append(st.Decisions, st.Rejects...) {
		if strings.Contains(d, st.Secret) {
			t.Errorf("a report shows the secret: %s", d)
		}
	}
}

// TestSandboxedFrameWithSecret: the frame with the secret connects;
// requests and events go both ways (an event out, one back); a second sandboxed frame that knows
// the secret is refused by source; a reload of the frame (same fragment)
// is a new session; the secret shows in no report.
func TestSandboxedFrameWithSecret(t *testing.T) {
	p, st := openSandbox(t, "ok")
	if st.State != "connected" || st.Origin != "null" || len(st.Secret) != 43 {
		t.Fatalf("embedder: state %s, ch.origin %q, secret of %d characters; want connected, \"null\", 43", st.State, st.Origin, len(st.Secret))
	}
	type echo struct {
		Echo   map[string]any `json:"echo"`
		Self   string         `json:"self"`
		Loaded float64        `json:"loaded"`
	}
	first := Eval[echo](p, `sb.channel.request("echo", {n: 1})`)
	if first.Echo["n"] != float64(1) || first.Self != "null" {
		t.Errorf("echo from the frame: %+v; want {n: 1} from origin null", first)
	}
	if got := Eval[string](p, `sb.channel.request("ask")`); got != "pong from the embedder" {
		t.Errorf("the frame's request to the embedder: %q", got)
	}
	Eval[bool](p, `(sb.channel.emit("note", {n: 7}), true)`)
	p.Wait("the frame's event answering the embedder's", `sb.notes.some((n) => n.got.n === 7 && n.from === "null")`, 10*time.Second)
	p.Wait("the second frame refused by source", `sb.rejects.some((r) => r.includes('"SOURCE_REFUSED"') && r.includes('"origin":"null"'))`, 15*time.Second)

	Eval[bool](p, `sb.channel.request("reload")`)
	var again echo
	p.Wait("the reloaded frame answering", fmt.Sprintf(`(async () => {
	  try { globalThis.again = await sb.channel.request("echo", {n: 2}, {timeout: 1000}); return globalThis.again.loaded !== %v; }
	  catch { return false; }
	})()`, first.Loaded), 20*time.Second)
	again = Eval[echo](p, "globalThis.again")
	if again.Loaded == first.Loaded || again.Echo["n"] != float64(2) {
		t.Errorf("after the reload: %+v; want an answer from a new document (timeOrigin %v)", again, first.Loaded)
	}
	noSecret(t, Eval[sandboxState](p, "globalThis.sb"))
}

// TestSandboxedFrameWrongSecret: a sandboxed frame with another secret
// never connects, and the refusal names the reason but no secret.
func TestSandboxedFrameWrongSecret(t *testing.T) {
	_, st := openSandbox(t, "wrong")
	if st.State != "TIMEOUT" {
		t.Errorf("embedder's connect: %s; want TIMEOUT", st.State)
	}
	found := false
	for _, r := range st.Rejects {
		if strings.Contains(r, `"ORIGIN_REFUSED"`) && strings.Contains(r, "secret") {
			found = true
		}
		if strings.Contains(r, "0therSecret") {
			t.Errorf("a refusal shows the frame's secret: %s", r)
		}
	}
	if !found {
		t.Errorf("no ORIGIN_REFUSED for the missing secret in %v", st.Rejects)
	}
	noSecret(t, st)
}

// TestSandboxedRecorderNeverGetsSecret: the embedder's window messages to
// a sandboxed frame go to '*' (nothing else reaches an opaque origin), so
// whatever document is there sees them: a page without Postbridge that
// records every one receives hellos, never the secret, and no port.
func TestSandboxedRecorderNeverGetsSecret(t *testing.T) {
	_, st := openSandbox(t, "recorder")
	if st.State != "TIMEOUT" {
		t.Errorf("embedder's connect to a recorder: %s; want TIMEOUT", st.State)
	}
	if len(st.Recorded) == 0 {
		t.Fatal("the recorder received nothing: the test saw no message to check")
	}
	for _, m := range st.Recorded {
		if strings.Contains(m, st.Secret) {
			t.Errorf("the sandboxed recorder received the secret: %s", m)
		}
		if !strings.Contains(m, `"kind":"hello"`) {
			t.Errorf("the recorder received more than a hello: %s", m)
		}
	}
	noSecret(t, st)
}
