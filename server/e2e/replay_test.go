package e2e

import (
	"testing"
	"time"
)

// TestReplayAfterReloads: the peer reloads 20 times; then its current page
// posts the hello its first page sent, and a request of that first
// session, through the window, as a replaying attacker in that window
// would. Both are refused, with the reason, and the request pending
// meanwhile is answered: the live session is not ended.
func TestReplayAfterReloads(t *testing.T) {
	s := startSites(t)
	p := openPage(t, s.Main+"/lab?tap=off")
	p.Wait("the lab", "window.labReady === true", 20*time.Second)
	got := Eval[map[string]any](p, `(async () => {
		const f = lab.frame();
		const hellos = [];
		addEventListener("message", (e) => {
			if (e.origin === lab.o.other && e.source === f.contentWindow && typeof e.data === "string" && e.data.includes('"kind":"hello"')) hellos.push(e.data);
		});
		const ch = await lab.connect(f.contentWindow);
		const first = JSON.parse(hellos[0]);
		for (let i = 0; i < 20; i++) {
			const was = (await ch.request("whoami")).loadedAt;
			await ch.request("reload");
			let now = was;
			while (now === was) {
				// A request that reaches the page as it unloads fails CLOSED: ask again.
				try { now = (await ch.request("whoami", {}, { timeout: 10000 })).loadedAt; } catch (e) { if (e.code !== "CLOSED") throw e; }
			}
		}
		const pending = ch.request("slow", { ms: 1500 }, { timeout: 20000 }).then((v) => v, (e) => "failed " + e.code);
		const n = lab.rejects.length;
		await ch.request("postRaw", { data: hellos[0] });
		const request = { postbridge: 1, channel: "lab", session: first.session, to: "replayed-session-0001", seq: 2, kind: "request", type: "echo", id: 1, payload: {} };
		await ch.request("postRaw", { data: JSON.stringify(request) });
		// A session this page never saw stands for one recorded longer ago
		// than the channel remembers: it is refused once the live peer
		// answers the probe on its port.
		const unseen = { ...first, session: "unseen-session-00000001", seq: 1 };
		await ch.request("postRaw", { data: JSON.stringify(unseen) });
		while (lab.rejects.length < n + 3) await new Promise((r) => setTimeout(r, 10));
		const refused = lab.rejects.slice(n).map((r) => ({ reason: r.reason, kind: r.kind, detail: r.detail }));
		return { refused, pending: await pending, echo: (await ch.request("echo", { ok: 1 })).ok };
	})()`)
	t.Logf("after 20 reloads, the replays: %v; the pending request: %v", got["refused"], got["pending"])
	refused, _ := got["refused"].([]any)
	if len(refused) != 3 {
		t.Fatalf("refusals %v; want the replayed hello and request, and the unseen session's hello", refused)
	}
	if u := refused[2].(map[string]any); u["kind"] != "hello" || u["reason"] != "REPLAY" {
		t.Errorf("the hello of an unseen session: %v; want REPLAY once the live peer answered", u)
	}
	hello, request := refused[0].(map[string]any), refused[1].(map[string]any)
	if hello["kind"] != "hello" || hello["reason"] != "REPLAY" || hello["detail"] == "" {
		t.Errorf("the replayed hello: %v; want REPLAY with its reason", hello)
	}
	if request["kind"] != "request" || (request["reason"] != "STATE" && request["reason"] != "REPLAY") || request["detail"] == "" {
		t.Errorf("the replayed request: %v; want STATE or REPLAY with its reason", request)
	}
	if got["pending"] != "late" || got["echo"] != float64(1) {
		t.Errorf("pending request %v, echo %v; want the answer \"late\" and 1: the live session kept", got["pending"], got["echo"])
	}
}

// TestNeverSettlingHandlerReleased: 2,000 requests to a handler whose
// promise never settles fail with TIMEOUT at the handler time limit, and
// what both pages hold goes back to where it was.
func TestNeverSettlingHandlerReleased(t *testing.T) {
	s := startSites(t)
	p := openPage(t, s.Main+"/lab?tap=off")
	p.Wait("the lab", "window.labReady === true", 20*time.Second)
	got := Eval[map[string]any](p, `(async () => {
		const f = lab.frame("?handlerTimeout=2000&maxPending=4096");
		const ch = await lab.connect(f.contentWindow, { maxPending: 4096 });
		const before = await ch.request("stats");
		const parentBefore = lab.pb.stats();
		const reqs = [];
		for (let i = 0; i < 2000; i++) reqs.push(ch.request("never", { i }, { timeout: 60000 }).then(() => "answered", (e) => e.code));
		const during = await ch.request("stats");
		const codes = await Promise.all(reqs);
		const after = await ch.request("stats");
		return { before, during, after, parentBefore, parentAfter: lab.pb.stats(), timeouts: codes.filter((c) => c === "TIMEOUT").length };
	})()`)
	num := func(m any, path ...string) float64 {
		for _, k := range path {
			m = m.(map[string]any)[k]
		}
		f, _ := m.(float64)
		return f
	}
	t.Logf("peer in flight: %v before, %v during, %v after; parent pending %v after; %v TIMEOUTs",
		num(got, "before", "inflight"), num(got, "during", "inflight"), num(got, "after", "inflight"), num(got, "parentAfter", "pending"), got["timeouts"])
	if got["timeouts"] != float64(2000) {
		t.Errorf("%v of 2000 requests failed with TIMEOUT", got["timeouts"])
	}
	if num(got, "during", "inflight") < 1000 {
		t.Errorf("only %v requests in flight at the peer during the test (is the counter working?)", num(got, "during", "inflight"))
	}
	for _, k := range [][]string{{"inflight"}, {"pending"}, {"shell", "handlers"}, {"shell", "requests"}, {"shell", "ports"}, {"shell", "windows"}} {
		if b, a := num(got, append([]string{"before"}, k...)...), num(got, append([]string{"after"}, k...)...); a != b {
			t.Errorf("the peer holds %v %v after the deadline; %v before", a, k, b)
		}
		if b, a := num(got, append([]string{"parentBefore"}, k...)...), num(got, append([]string{"parentAfter"}, k...)...); a != b {
			t.Errorf("the parent holds %v %v after the deadline; %v before", a, k, b)
		}
	}
}
