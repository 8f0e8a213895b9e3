package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/postbridge/postbridge/server/e2e/engine"
)

// openLab opens the lab parent page on the main origin and waits for its
// module to load.
func openLab(t *testing.T) *Page {
	t.Helper()
	s := startSites(t)
	p := openPage(t, s.Main+"/lab")
	p.Wait("the lab", "window.labReady === true", 20*time.Second)
	return p
}

// connected is a JS prelude: a frame of the JS peer and a channel to it.
const connected = `const f = lab.frame(); const ch = await lab.connect(f.contentWindow);`

func TestBridgeRequestResponse(t *testing.T) {
	p := openLab(t)
	got := Eval[map[string]any](p, `(async () => { `+connected+`
		return await ch.request("echo", {name: "Ada", n: [1, 2, {deep: true}]});
	})()`)
	if got["name"] != "Ada" || len(got["n"].([]any)) != 3 {
		t.Errorf("echo = %v; want the payload back", got)
	}
}

func TestBridgeThrownErrorTravelsBack(t *testing.T) {
	p := openLab(t)
	got := Eval[[]string](p, `(async () => { `+connected+`
		try { await ch.request("fail", {why: "bad input"}); return ["resolved"]; }
		catch (e) { return [lab.code(e), e.message]; }
	})()`)
	if got[0] != "HANDLER_ERROR" || !strings.Contains(got[1], "the peer says no: bad input") {
		t.Errorf("fail = %q; want HANDLER_ERROR carrying the thrown message", got)
	}
}

func TestBridgeRequestTimeout(t *testing.T) {
	p := openLab(t)
	got := Eval[string](p, `(async () => { `+connected+`
		try { await ch.request("slow", {ms: 5000}, {timeout: 300}); return "resolved"; }
		catch (e) { return lab.code(e); }
	})()`)
	if got != "TIMEOUT" {
		t.Errorf("slow request with timeout 300 ms: %q; want TIMEOUT", got)
	}
}

func TestBridgeUnknownTypes(t *testing.T) {
	p := openLab(t)
	// Handler dispatch is by own names: prototype names are unknown types.
	got := Eval[[]string](p, `(async () => { `+connected+`
		const out = [];
		for (const type of ["nope", "constructor", "toString", "hasOwnProperty"]) {
			try { await ch.request(type, {}); out.push(type + ": resolved"); }
			catch (e) { out.push(type + ": " + lab.code(e)); }
		}
		return out;
	})()`)
	want := []string{"nope: UNKNOWN_TYPE", "constructor: UNKNOWN_TYPE", "toString: UNKNOWN_TYPE", "hasOwnProperty: UNKNOWN_TYPE"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("requests of unknown types = %q; want %q", got, want)
	}
}

func TestBridgePrototypePollutionPayload(t *testing.T) {
	p := openLab(t)
	got := Eval[[]any](p, `(async () => { `+connected+`
		const evil = JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}');
		const back = await ch.request("echo", evil);
		return [({}).polluted === undefined, Object.prototype.hasOwnProperty.call(back, "__proto__")];
	})()`)
	if got[0] != true {
		t.Error("Object.prototype was polluted through a payload")
	}
	if got[1] != true {
		t.Error("an own __proto__ key did not survive the round trip as plain data")
	}
}

func TestBridgeTenThousandEventsInOrder(t *testing.T) {
	p := openLab(t)
	got := Eval[map[string]any](p, `(async () => { `+connected+`
		const seen = [];
		ch.on("tick", ({i}) => seen.push(i));
		const t0 = performance.now();
		const n = await ch.request("burst", {n: 10000}, {timeout: 60000});
		while (seen.length < n && performance.now() - t0 < 60000) await new Promise(r => setTimeout(r, 20));
		let inOrder = true;
		for (let i = 0; i < seen.length; i++) if (seen[i] !== i) { inOrder = false; break; }
		return {n, count: seen.length, inOrder, ms: performance.now() - t0};
	})()`)
	if got["count"] != float64(10000) || got["inOrder"] != true {
		t.Errorf("burst: %v; want all 10000 events in order", got)
	}
	t.Logf("10,000 events across origins: %.0f ms", got["ms"])
}

func TestBridgeSchemas(t *testing.T) {
	p := openLab(t)
	got := Eval[map[string]any](p, `(async () => { const f = lab.frame();
		const schemas = {
			echo: {type: "object", properties: {name: {type: "string", minLength: 1}}, required: ["name"], additionalProperties: false},
			send: {type: "object"},
			"send:response": {type: "boolean"},
			"echo:response": {type: "object", properties: {name: {type: "string"}}, required: ["name"]},
			tick: {type: "object", properties: {i: {type: "integer"}}, required: ["i"], additionalProperties: false},
		};
		const ch = await lab.connect(f.contentWindow, {schemas});
		const out = {};
		try { ch.emit("tick", {i: "one"}); out.send = "sent"; } catch (e) { out.send = lab.code(e); }
		try { await ch.request("echo", {name: ""}); out.request = "sent"; } catch (e) { out.request = lab.code(e); }
		try { ch.emit("other", {}); out.unknown = "sent"; } catch (e) { out.unknown = lab.code(e); }
		out.ok = (await ch.request("echo", {name: "Ada"})).name;
		// The peer has no schemas; it sends a tick the parent's schema refuses.
		const ticks = [];
		ch.on("tick", (p) => ticks.push(p));
		await ch.request("send", {type: "tick", payload: {i: "x", extra: 1}});
		await ch.request("send", {type: "tick", payload: {i: 7}});
		const t0 = performance.now();
		while (ticks.length < 1 && performance.now() - t0 < 5000) await new Promise(r => setTimeout(r, 10));
		out.ticks = ticks.map(t => t.i);
		out.refused = lab.refused("SCHEMA").map(r => r.type);
		return out;
	})()`)
	if got["send"] != "SCHEMA" || got["request"] != "SCHEMA" || got["unknown"] != "UNKNOWN_TYPE" || got["ok"] != "Ada" {
		t.Errorf("outbound schema checks: %v; want SCHEMA, SCHEMA, UNKNOWN_TYPE and a valid request answered", got)
	}
	ticks, _ := got["ticks"].([]any)
	if len(ticks) != 1 || ticks[0] != float64(7) {
		t.Errorf("ticks delivered = %v; want only the valid one [7]", ticks)
	}
	if refused, _ := got["refused"].([]any); len(refused) == 0 || refused[0] != "tick" {
		t.Errorf("onReject SCHEMA = %v; want the invalid tick", got["refused"])
	}
}

func TestBridgeBadConfig(t *testing.T) {
	p := openLab(t)
	got := Eval[[]string](p, `(async () => {
		const tries = [
			{window: window, origin: "*", channel: "lab"},
			{window: window, origin: "http://*.localhost", channel: "lab"},
			{window: window, origin: "null", channel: "lab"},
			{window: window, origin: lab.o.other + "/path", channel: "lab"},
			{origin: lab.o.other, channel: "lab"},
			{window: window, origin: lab.o.other, channel: "no spaces"},
			{window: window, origin: lab.o.other, channel: "lab", schemas: {t: {pattern: "^a"}}},
		];
		const out = [];
		for (const c of tries) {
			try { await lab.pb.connect(c); out.push("connected"); }
			catch (e) { out.push(lab.code(e) + ": " + e.message); }
		}
		return out;
	})()`)
	for i, g := range got {
		if !strings.HasPrefix(g, "BAD_CONFIG: ") {
			t.Errorf("config %d: %q; want BAD_CONFIG", i, g)
		}
	}
	t.Logf("BAD_CONFIG messages:\n%s", strings.Join(got, "\n"))
}

func TestBridgeSourceCheck(t *testing.T) {
	p := openLab(t)
	// Two frames of the allowed origin; only the first is configured. The
	// second runs the same bridge code and tries to connect too.
	got := Eval[map[string]any](p, `(async () => { `+connected+`
		lab.frame("?intruder=1");
		const t0 = performance.now();
		while (lab.refused("SOURCE_REFUSED").length === 0 && performance.now() - t0 < 10000) await new Promise(r => setTimeout(r, 20));
		return {refused: lab.refused("SOURCE_REFUSED").length, origin: (lab.refused("SOURCE_REFUSED")[0] || {}).origin,
			stillWorks: (await ch.request("echo", {ok: 1})).ok};
	})()`)
	if got["refused"] == float64(0) {
		t.Fatalf("no SOURCE_REFUSED for a second window of the allowed origin: %v", got)
	}
	if got["stillWorks"] != float64(1) {
		t.Errorf("the configured channel stopped working: %v", got)
	}
}

func TestBridgeVersionRefused(t *testing.T) {
	p := openLab(t)
	// The handshake timeout is longer than this evaluation may take: a
	// bridge that waited for it instead of failing fast fails the test.
	got := Eval[string](p, `(async () => { const f = lab.frame("?mode=v2");
		try { await lab.connect(f.contentWindow, {timeout: 120000}); return "connected"; }
		catch (e) { return lab.code(e); }
	})()`)
	if got != "VERSION" {
		t.Errorf("connect to a version-2 peer: %v; want VERSION", got)
	}
}

func TestBridgeHandshakeTimeout(t *testing.T) {
	p := openLab(t)
	got := Eval[string](p, `(async () => {
		const f = document.createElement("iframe"); document.body.append(f); // about:blank: never answers
		try { await lab.pb.connect({window: f.contentWindow, origin: lab.o.other, channel: "lab", timeout: 500}); return "connected"; }
		catch (e) { return lab.code(e); }
	})()`)
	if got != "TIMEOUT" {
		t.Errorf("handshake with no peer: %q; want TIMEOUT", got)
	}
}

func TestBridgeSurvivesReload(t *testing.T) {
	p := openLab(t)
	got := Eval[map[string]any](p, `(async () => { `+connected+`
		const before = await ch.request("whoami", {});
		const pending = ch.request("slow", {ms: 3000}, {timeout: 8000}).then(() => "resolved", e => lab.code(e));
		await new Promise(r => setTimeout(r, 100));
		await ch.request("reload", {});
		const pendingResult = await pending;
		let after;
		const t0 = performance.now();
		while (performance.now() - t0 < 15000) {
			try { after = await ch.request("whoami", {}, {timeout: 1000}); break; }
			catch (e) { await new Promise(r => setTimeout(r, 100)); }
		}
		return {pendingResult, before: before.loadedAt, after: after && after.loadedAt};
	})()`)
	if got["pendingResult"] != "CLOSED" {
		t.Errorf("pending request across the reload: %v; want CLOSED", got["pendingResult"])
	}
	if got["after"] == nil || got["after"] == got["before"] {
		t.Errorf("after the reload the channel does not reach the new page: %v", got)
	}
}

func TestBridgePopup(t *testing.T) {
	p := openLab(t)
	got := Eval[string](p, `(async () => {
		const w = lab.popup();
		if (!w) return "popup blocked";
		const ch = await lab.connect(w);
		const r = await ch.request("echo", {hello: "popup"});
		w.close();
		return r.hello;
	})()`)
	if got != "popup" {
		t.Errorf("popup round trip: %q; want popup", got)
	}
}

func TestBridgeGoPeer(t *testing.T) {
	p := openLab(t)
	got := Eval[map[string]any](p, `(async () => { const f = lab.frame("", "/lab/gopeer");
		const ch = await lab.connect(f.contentWindow);
		const out = {sum: await ch.request("sum", {a: 2, b: 40})};
		try { await ch.request("sum", {a: "two"}); out.bad = "resolved"; } catch (e) { out.bad = lab.code(e); }
		try { await ch.request("sqrt", -1); out.neg = "resolved"; } catch (e) { out.neg = lab.code(e) + ": " + e.message; }
		const noted = new Promise(r => ch.on("noted", r));
		ch.emit("note", {text: "hi"});
		out.noted = (await noted).text;
		return out;
	})()`)
	if got["sum"] != float64(42) {
		t.Errorf("Go sum = %v; want 42", got["sum"])
	}
	if got["bad"] != "SCHEMA" {
		t.Errorf("Go handler given a payload that does not decode: %v; want SCHEMA", got["bad"])
	}
	if s, _ := got["neg"].(string); !strings.HasPrefix(s, "HANDLER_ERROR") || !strings.Contains(s, "negative") {
		t.Errorf("Go handler error: %q; want HANDLER_ERROR with its message", s)
	}
	if got["noted"] != "Go heard: hi" {
		t.Errorf("event round trip through Go: %v", got["noted"])
	}
}

// The module maps Unicode hosts with the browser's own URL parser (the
// mapping event.origin uses); what maps to more than a host is refused.
func TestBridgeIDNOrigins(t *testing.T) {
	p := openLab(t)
	got := Eval[[]string](p, `(async () => {
		const f = document.createElement("iframe"); document.body.append(f);
		const out = [];
		for (const origin of ["http://Bücher.localhost:1", "http://xn--bcher-kva.localhost:1", "http://a\uFF0Fb.localhost:1", "http://a\uFF1A1.localhost:1", "http://ex\u00ADample.localhost:1"]) {
			try { await lab.pb.connect({window: f.contentWindow, origin, channel: "idn", timeout: 200}); out.push("connected"); }
			catch (e) { out.push(lab.code(e)); }
		}
		return out;
	})()`)
	want := []string{"TIMEOUT", "TIMEOUT", "BAD_CONFIG", "BAD_CONFIG", "TIMEOUT"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("IDN origins: %q; want %q (TIMEOUT means the origin was accepted and nobody answered)", got, want)
	}
}

// When the framed page navigates to another origin, the channel ends:
// the new page never answers, and the parent closes after its timeout.
// In Firefox the leaving page's close on the port is sometimes lost (4 of
// 5 loads in one series, 0 of 4 in another): the parent then never learns
// that the page left, a gap the README lists.
func TestBridgeNavigationAwayEndsChannel(t *testing.T) {
	p := openLab(t)
	got := Eval[[]any](p, `(async () => { const f = lab.frame();
		const ch = await lab.connect(f.contentWindow, {timeout: 1500});
		const closed = new Promise(r => ch.onClose(r));
		await ch.request("navigate", {url: lab.o.evil + "/"});
		const t0 = performance.now();
		const err = await Promise.race([closed, new Promise(r => setTimeout(() => r({code: "NOT CLOSED"}), 6000))]);
		if (err && err.code === "NOT CLOSED") return [err.code, performance.now() - t0, "-"];
		let after;
		try { await ch.request("echo", {}); after = "resolved"; } catch (e) { after = lab.code(e); }
		return [err ? err.code : "no error", performance.now() - t0, after];
	})()`)
	if got[0] == "NOT CLOSED" && currentEngine(t) == engine.Firefox {
		t.Skip("gap in firefox: the framed page's close was lost as it navigated away; the channel did not end")
	}
	if got[0] != "CLOSED" || got[2] != "CLOSED" {
		t.Errorf("after navigating away: onClose %v, later request %v; want CLOSED and CLOSED", got[0], got[2])
	}
}

// A handler that throws loses its own message only: the module and the
// channel go on.
func TestBridgeThrowingHandlers(t *testing.T) {
	p := openLab(t)
	got := Eval[[]any](p, `(async () => { `+connected+`
		let calls = 0;
		ch.on("tick", () => { calls++; throw new Error("handler bug"); });
		await ch.request("send", {type: "tick", payload: {i: 1}});
		await ch.request("send", {type: "tick", payload: {i: 2}});
		const t0 = performance.now();
		while (calls < 2 && performance.now() - t0 < 10000) await new Promise(r => setTimeout(r, 10));
		return [calls, (await ch.request("echo", {still: "alive"})).still];
	})()`)
	if got[0] != float64(2) || got[1] != "alive" {
		t.Errorf("after throwing handlers: %v; want both events handled and the channel alive", got)
	}
}

// Strings cross the boundary by two paths (short ASCII strings copied by
// hand, the rest by TextEncoder): every kind of text comes back exactly,
// in every engine, on both sides of each path's limits.
func TestBridgeTextRoundTrip(t *testing.T) {
	p := openLab(t)
	got := Eval[[]string](p, `(async () => { `+connected+`
		const texts = ["", "a", "\x7f", "\x80", "é", "ascii then é", "€", "😀", "a😀b", "\uffff", "\u0000nul",
			"x".repeat(400), "x".repeat(511) + "é", "é" + "x".repeat(600), "y".repeat(5000), "日本語".repeat(300)];
		const bad = [];
		for (const s of texts) {
			const back = await ch.request("echo", { s, type: s.slice(0, 3) });
			if (back.s !== s) bad.push(JSON.stringify(s.slice(0, 40)) + " (" + s.length + ")");
		}
		// Event types take the same path (types are ASCII: [A-Za-z][A-Za-z0-9._:-]{0,63}).
		const types = ["t", "a.b:c-d_9", "x".repeat(64)];
		for (const ty of types) {
			const seen = new Promise((r) => ch.on(ty, r));
			await ch.request("send", { type: ty, payload: { ty } });
			const p = await seen;
			if (p.ty !== ty) bad.push("event type " + JSON.stringify(ty.slice(0, 20)));
		}
		return bad;
	})()`)
	if len(got) != 0 {
		t.Errorf("%s: these texts did not come back exactly: %v", currentEngine(t), got)
	}
}
