package e2e

import (
	"strings"
	"testing"
)

// TestSyntheticMessageEventRefused: a sandboxed frame (origin "null")
// proves the secret and offers its port in a window message, which the
// embedder must accept to connect. Page script swallows each of the
// frame's real messages and dispatches a copy of its own instead: the same
// data, the exact origin, the frame's window as source, the same
// transferred ports, but isTrusted false. A check of origin, source and
// envelope would connect on the copies; Postbridge refuses every copy as
// UNTRUSTED (counted and reported), delivers nothing and the connect
// times out. TestSandboxedFrameWithSecret connects the same pages unhindered.
func TestSyntheticMessageEventRefused(t *testing.T) {
	p, st := openSandbox(t, "forged")
	forged := Eval[float64](p, "sb.forged")
	counted := Eval[float64](p, "sb.stats().refused.UNTRUSTED || 0")
	if forged == 0 {
		t.Fatalf("the frame sent nothing to forge: %+v", st)
	}
	if st.State != "TIMEOUT" {
		t.Errorf("connect on synthetic copies of the frame's messages: %s; want TIMEOUT", st.State)
	}
	untrusted := 0
	for _, r := range st.Rejects {
		if strings.Contains(r, `"reason":"UNTRUSTED"`) && strings.Contains(r, `"origin":"null"`) {
			untrusted++
		}
	}
	if counted < forged {
		t.Errorf("stats() counted %v UNTRUSTED for %v forged events; want every one", counted, forged)
	}
	if untrusted == 0 {
		t.Errorf("onReject saw no UNTRUSTED refusal for %v forged events: %v", forged, st.Rejects)
	}
	for _, d := range st.Decisions {
		if strings.Contains(d, `"verdict":"accepted"`) {
			t.Errorf("a decision accepted something: %s", d)
		}
	}
	noSecret(t, st)
	t.Logf("decisions: %v\nrejects: %v", st.Decisions, st.Rejects)
	t.Logf("%s: %v synthetic events, %d reported UNTRUSTED, connect %s", currentEngine(t), forged, untrusted, st.State)
}

// TestNullSourceRefused: a frame of the allowed origin posts a burst of
// messages and is removed as the first arrives; what the browser still
// dispatches after that comes with event.source null. Each such event is
// refused as SOURCE_REFUSED, never matched against a window, and the
// configured channel goes on working.
func TestNullSourceRefused(t *testing.T) {
	p := openLab(t)
	got := Eval[map[string]any](p, `(async () => { `+connected+`
		const before = lab.pb.stats().refused.SOURCE_REFUSED || 0;
		let nulls = 0, fromOrphan = 0;
		let orphan;
		const watch = (e) => {
			if (e.origin !== lab.o.other || e.source === f.contentWindow) return;
			if (e.source === null) nulls++;
			else if (orphan && e.source === orphan.contentWindow) { fromOrphan++; orphan.remove(); }
		};
		window.addEventListener("message", watch, true);
		orphan = lab.frame("?mode=orphan&tap=off");
		const t0 = performance.now();
		while (performance.now() - t0 < 3000 && (fromOrphan === 0 || performance.now() - t0 < 1500)) await new Promise((r) => setTimeout(r, 20));
		window.removeEventListener("message", watch, true);
		const after = lab.pb.stats().refused.SOURCE_REFUSED || 0;
		const echo = await ch.request("echo", { ok: 1 });
		return { nulls, fromOrphan, refused: after - before, echo: echo.ok, accepted: lab.refused("ORIGIN_REFUSED").length };
	})()`)
	t.Logf("%s: %v", currentEngine(t), got)
	if got["fromOrphan"].(float64) == 0 {
		t.Fatalf("the orphan frame's messages never arrived: %v", got)
	}
	if got["nulls"].(float64) == 0 {
		t.Logf("%s dispatched no message with a null source after the frame was removed (it dropped them); the refusal of a null source is then proven by the boundary's own tests only", currentEngine(t))
	}
	if got["refused"].(float64) < got["nulls"].(float64)+got["fromOrphan"].(float64) {
		t.Errorf("%v null-source and %v orphan-window messages but %v SOURCE_REFUSED; want each refused as SOURCE_REFUSED", got["nulls"], got["fromOrphan"], got["refused"])
	}
	if got["echo"] != float64(1) {
		t.Errorf("the configured channel stopped working: %v", got)
	}
}
