package e2e

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestBridgeUnknownOptions: a misspelt or invented option is BAD_CONFIG
// naming it, never silently ignored; so is an inherited name, which a
// naive `key in defaults` check would take for a known option.
func TestBridgeUnknownOptions(t *testing.T) {
	p := openLab(t)
	got := Eval[[]string](p, `(async () => { `+connected+`
		const out = [];
		const attempt = async (f) => {
			try { await f(); out.push("accepted"); } catch (e) { out.push(lab.code(e) + ": " + e.message); }
		};
		await attempt(() => lab.connect(f.contentWindow, {timout: 50}));
		await attempt(() => lab.connect(f.contentWindow, {origins: [lab.o.other, lab.o.evil]}));
		await attempt(() => lab.connect(f.contentWindow, {toString: 1}));
		await attempt(() => lab.connect(f.contentWindow, {constructor: 1}));
		await attempt(() => ch.request("echo", {}, {timeOut: 10}));
		await attempt(() => ch.request("echo", {}, null));
		await attempt(async () => (await import("/postbridge/postbridge.js")).load({tapp: "ws://example.invalid/"}));
		await attempt(async () => (await import("/postbridge/postbridge.js")).load("ws://example.invalid/"));
		out.push((await ch.request("echo", {still: "works"})).still);
		return out;
	})()`)
	want := []string{`"timout"`, `"origins"`, `"toString"`, `"constructor"`, `"timeOut"`, "request options must be an object", `"tapp"`, "load options must be an object"}
	if len(got) != len(want)+1 {
		t.Fatalf("got %q; want %d refusals and the channel still working", got, len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i], "BAD_CONFIG: ") || !strings.Contains(got[i], w) {
			t.Errorf("attempt %d: %q; want BAD_CONFIG naming %s", i, got[i], w)
		}
	}
	if got[len(want)] != "works" {
		t.Errorf("after the refusals the channel answered %q; want it still working", got[len(want)])
	}
	t.Logf("unknown options:\n%s", strings.Join(got, "\n"))
}

// TestBridgeTypedOptions: every option postbridge.d.ts documents for
// connect() is accepted by the loader with a valid value, and the channel
// works with all of them set, so the typings and the loader cannot drift.
func TestBridgeTypedOptions(t *testing.T) {
	dts, err := os.ReadFile("../../wasm/js/postbridge.d.ts")
	if err != nil {
		t.Fatal(err)
	}
	body := regexp.MustCompile(`(?s)export interface ConnectConfig \{(.*?)\n\}`).FindSubmatch(dts)
	if body == nil {
		t.Fatal("postbridge.d.ts: no ConnectConfig interface")
	}
	var names []string
	for _, m := range regexp.MustCompile(`(?m)^\s+([A-Za-z]+)\??:`).FindAllSubmatch(body[1], -1) {
		names = append(names, string(m[1]))
	}
	// A valid value for each documented option; window, origin and
	// channel come from the lab.
	valid := map[string]any{
		"timeout": 10000, "handlerTimeout": 5000, "maxPayload": 1 << 16, "maxDepth": 16,
		"maxPending": 64, "maxQueue": 64,
		"schemas": map[string]any{"echo": map[string]any{"type": "object"}, "echo:response": map[string]any{"type": "object"}},
	}
	opts := map[string]any{}
	for _, n := range names {
		// secret is valid only between a sandboxed frame and its
		// embedder: sandbox_test.go sets it.
		if slices.Contains([]string{"window", "origin", "channel", "secret"}, n) {
			continue
		}
		v, ok := valid[n]
		if !ok {
			t.Fatalf("postbridge.d.ts documents option %q; give this test a valid value for it", n)
		}
		opts[n] = v
	}
	if len(names) < 10 {
		t.Fatalf("postbridge.d.ts ConnectConfig: found only %q", names)
	}
	js, err := json.Marshal(opts)
	if err != nil {
		t.Fatal(err)
	}
	p := openLab(t)
	got := Eval[string](p, `(async () => { const f = lab.frame();
		try {
			const ch = await lab.connect(f.contentWindow, `+string(js)+`);
			return (await ch.request("echo", {all: "set"})).all;
		} catch (e) { return lab.code(e) + ": " + e.message; }
	})()`)
	if got != "set" {
		t.Errorf("connect with every documented option %v: %q; want a working channel", names, got)
	}
}
