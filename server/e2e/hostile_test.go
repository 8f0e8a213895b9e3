package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/postbridge/postbridge/server/e2e/engine"
)

// openHostile opens the attack tests' parent page, with Postbridge
// connected to a lab peer or with only a plain listener.
func openHostile(t *testing.T, s Sites, withPB bool) *Page {
	t.Helper()
	pb := "0"
	if withPB {
		pb = "1"
	}
	p := openPage(t, s.Main+"/lab/hostile?pb="+pb)
	p.Wait("the hostile lab", "window.hostileReady === true", 20*time.Second)
	if withPB {
		Eval[bool](p, `(async () => { window.ch = await hostile.connect(hostile.peer().contentWindow); return true; })()`)
	}
	return p
}

// memory is the page's memory after a forced GC: Heap is the JS heap
// (nil outside Chromium, which alone offers gc() and performance.memory),
// Wasm the module's linear memory (every engine).
type memory struct {
	Heap *float64 `json:"heap"`
	Wasm float64  `json:"wasm"`
}

// TestHostileFloodsRetainNothing: what a hostile frame posts with '*' and
// Postbridge refuses costs the page no memory once a GC has run: the JS
// heap grows no more than it does in a page with only a plain
// origin-checking listener, and the module's memory does not grow. Where
// the engine offers no heap probe (Firefox, WebKit: no gc() nor
// performance.memory), the module's memory must not grow for any kind.
func TestHostileFloodsRetainNothing(t *testing.T) {
	s := startSites(t)
	for _, tc := range []struct {
		kind    string
		n, size int
		wasm    bool // the module's memory must not grow by 1 MiB
	}{
		{"bytes", 2000, 1 << 20, false}, // 2,000 × 1 MiB Uint8Array, copied
		{"nested", 5000, 100, false},    // 5,000 objects nested 100 deep
		{"string", 1, 256 << 20, true},  // one 256 MB string
		{"port", 2000, 0, false},        // small messages each transferring a port
	} {
		t.Run(tc.kind, func(t *testing.T) {
			type growth struct{ heap, wasm float64 }
			grew := map[bool]growth{}
			heapKnown := true
			for _, withPB := range []bool{false, true} {
				p := openHostile(t, s, withPB)
				before := Eval[memory](p, `hostile.memory()`)
				Eval[map[string]any](p, fmt.Sprintf(`hostile.flood(%q, %d, %d)`, tc.kind, tc.n, tc.size))
				after := Eval[memory](p, `hostile.memory()`)
				g := growth{wasm: after.Wasm - before.Wasm}
				if before.Heap != nil && after.Heap != nil {
					g.heap = *after.Heap - *before.Heap
				} else {
					heapKnown = false
				}
				grew[withPB] = g
				if withPB {
					if got := Eval[string](p, `(async () => JSON.stringify(await ch.request("echo", {still: "works"})))()`); got != `{"still":"works"}` {
						t.Errorf("after the flood the channel answered %s", got)
					}
				}
			}
			const mib = 1 << 20
			t.Logf("%s: %d × %s (%d): JS heap grew %.2f MiB with Postbridge, %.2f MiB with a plain listener (known: %t); wasm memory grew %.2f MiB",
				currentEngine(t), tc.n, tc.kind, tc.size, grew[true].heap/mib, grew[false].heap/mib, heapKnown, grew[true].wasm/mib)
			if heapKnown && grew[true].heap > grew[false].heap+4*mib {
				t.Errorf("Postbridge retained %.1f MiB more JS heap than a plain listener", (grew[true].heap-grew[false].heap)/mib)
			}
			if (tc.wasm || !heapKnown) && grew[true].wasm >= mib {
				t.Errorf("the module's memory grew by %.1f MiB", grew[true].wasm/mib)
			}
		})
	}
}

// TestOverLimitFromThePeerNotCopied: the peer (allowed a bigger limit
// than this page) sends a message over this page's limit on the private
// port: it is refused as TOO_LARGE without being copied into the module,
// and the channel goes on.
func TestOverLimitFromThePeerNotCopied(t *testing.T) {
	s := startSites(t)
	p := openPage(t, s.Main+"/lab/hostile?pb=1")
	p.Wait("the hostile lab", "window.hostileReady === true", 20*time.Second)
	got := Eval[map[string]any](p, `(async () => {
		const ch = await hostile.connect(hostile.peer("?maxPayload=16777216").contentWindow);
		const before = hostile.memory();
		await ch.request("big", { n: 8 << 20 });
		while (!hostile.rejects.some((r) => r.reason === "TOO_LARGE")) await new Promise((r) => setTimeout(r, 10));
		const after = hostile.memory();
		return { grew: after.wasm - before.wasm, echo: (await ch.request("echo", { n: 1 })).n };
	})()`)
	if got["grew"].(float64) >= 1<<20 || got["echo"] != float64(1) {
		t.Errorf("an 8 MiB port message: wasm memory grew %v bytes, then echo gave %v; want < 1 MiB and 1", got["grew"], got["echo"])
	}
}

// TestFloodWhileConnecting: 400,000 refused messages arrive while the page
// connects with the default timeout: connect succeeds, 20 requests
// succeed, and onReject saw the flood as coalesced summaries whose counts
// add up exactly.
func TestFloodWhileConnecting(t *testing.T) {
	onlyIn(t, "connect under a flood of 400,000 messages times out: the peer's handshake waits behind the flood in the window's queue (engines.md; README, browser support)", engine.Chromium, engine.WebKit)
	s := startSites(t)
	p := openPage(t, s.Main+"/lab/hostile?pb=1")
	p.Wait("the hostile lab", "window.hostileReady === true", 20*time.Second)
	const n = 400000
	got := Eval[map[string]float64](p, fmt.Sprintf(`(async () => {
		const flood = await hostile.startFlood("small", %d);
		const t0 = performance.now();
		const ch = await hostile.connect(hostile.peer().contentWindow);
		const connectMs = performance.now() - t0, during = flood.received();
		// The requests wait behind what the browser has queued of the flood
		// (as they would in a page without Postbridge): give them time.
		let ok = 0;
		const r0 = performance.now();
		for (let i = 0; i < 20; i++) if ((await ch.request("echo", { i }, { timeout: 120000 })).i === i) ok++;
		const requestsMs = performance.now() - r0;
		while (!flood.done()) await new Promise((r) => setTimeout(r, 20));
		const count = () => hostile.rejects.filter((r) => r.origin === hostile.o.evil).reduce((a, r) => a + r.count, 0);
		const deadline = performance.now() + 5000;
		while (count() < %d + 1 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
		const evil = hostile.rejects.filter((r) => r.origin === hostile.o.evil);
		return { connectMs, during, ok, requestsMs, counted: count(), reports: evil.length, summaries: evil.filter((r) => r.summary).length };
	})()`, n, n))
	t.Logf("connected in %.0f ms with %.0f of the flood already arrived; %v requests answered in %.0f ms; onReject: %.0f reports (%.0f summaries) counting %.0f refusals",
		got["connectMs"], got["during"], got["ok"], got["requestsMs"], got["reports"], got["summaries"], got["counted"])
	if got["ok"] != 20 {
		t.Errorf("%v of 20 requests answered", got["ok"])
	}
	// The hostile frame's "flood-ready" message is refused too: n + 1.
	if got["counted"] != n+1 {
		t.Errorf("onReject counted %v refusals from the hostile origin; want exactly %d (the flood and the frame's ready message)", got["counted"], n+1)
	}
	if got["reports"] > n/100 {
		t.Errorf("%v reports for a flood of %d: not coalesced", got["reports"], n)
	}
}
