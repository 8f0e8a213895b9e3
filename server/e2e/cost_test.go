package e2e

import (
	"encoding/json"
	"testing"
	"time"
)

// countCrossings runs in every document before its own scripts: it wraps
// the module's imports and exports, and setTimeout, with counters, the
// way a profiler of the boundary would.
const countCrossings = `(() => {
  const c = globalThis.__pbCount = { exports: {}, imports: {}, setTimeout: 0 };
  const bump = (m, k) => { m[k] = (m[k] || 0) + 1; };
  const origInstantiate = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (source, imports) => {
    for (const fns of Object.values(imports)) {
      for (const [name, f] of Object.entries(fns)) {
        if (typeof f === "function") fns[name] = function (...a) { bump(c.imports, name); return f.apply(this, a); };
      }
    }
    const r = await origInstantiate(source, imports);
    const ex = {};
    for (const [k, v] of Object.entries(r.instance.exports)) {
      ex[k] = typeof v === "function" ? function (...a) { bump(c.exports, k); return v.apply(this, a); } : v;
    }
    return { module: r.module, instance: new Proxy(r.instance, { get: (t, k) => (k === "exports" ? ex : Reflect.get(t, k)) }) };
  };
  const st = globalThis.setTimeout;
  globalThis.setTimeout = function (...a) { c.setTimeout++; return st.apply(this, a); };
})();`

// crossings is a snapshot of the counters and the module's stats.
type crossings struct {
	Exports    map[string]float64 `json:"exports"`
	Imports    map[string]float64 `json:"imports"`
	SetTimeout float64            `json:"setTimeout"`
	Goroutines float64            `json:"goroutines"`
}

// TestBoundaryCostPerMessage counts, in Chromium, what one message costs
// the page at the JS-Go boundary (issue 7): one call into Go per inbound
// message and per API call, and no goroutine started, no timer armed (by
// Go or by the loader), no js.Value finalised, no syscall/js call at all.
func TestBoundaryCostPerMessage(t *testing.T) {
	s := startSites(t)
	p := openPageWith(t, s.Main+"/lab?tap=off", countCrossings)
	p.Wait("the lab", "window.labReady === true", 20*time.Second)
	const n = 1000
	raw := Eval[string](p, `(async () => {
		const snap = () => JSON.parse(JSON.stringify({ ...__pbCount, goroutines: lab.pb.stats().goroutines }));
		const f = lab.frame(); const ch = await lab.connect(f.contentWindow);
		let ticks = 0;
		ch.on("tick", () => { ticks++; });
		for (let i = 0; i < 200; i++) await ch.request("echo", { i });
		await ch.request("burst", { n: 200 });
		while (ticks < 200) await new Promise((r) => setTimeout(r, 5));
		const a = snap();
		for (let i = 0; i < `+"1000"+`; i++) await ch.request("echo", { i });
		const b = snap();
		await ch.request("burst", { n: `+"1000"+` });
		while (ticks < 1200) await new Promise((r) => setTimeout(r, 1));
		const c = snap();
		return JSON.stringify([a, b, c]);
	})()`)
	var snaps [3]crossings
	if err := json.Unmarshal([]byte(raw), &snaps); err != nil {
		t.Fatal(err)
	}
	delta := func(a, b crossings) crossings {
		d := crossings{Exports: map[string]float64{}, Imports: map[string]float64{}, SetTimeout: b.SetTimeout - a.SetTimeout, Goroutines: b.Goroutines - a.Goroutines}
		for k, v := range b.Exports {
			if x := v - a.Exports[k]; x != 0 {
				d.Exports[k] = x
			}
		}
		for k, v := range b.Imports {
			if x := v - a.Imports[k]; x != 0 {
				d.Imports[k] = x
			}
		}
		return d
	}
	requests, events := delta(snaps[0], snaps[1]), delta(snaps[1], snaps[2])
	t.Logf("%d request round trips: exports %v, imports %v, setTimeout %v, goroutines %+v", n, requests.Exports, requests.Imports, requests.SetTimeout, requests.Goroutines)
	t.Logf("%d inbound events (and one request): exports %v, imports %v, setTimeout %v, goroutines %+v", n, events.Exports, events.Imports, events.SetTimeout, events.Goroutines)
	check := func(what string, d crossings, want map[string]float64) {
		for k, v := range d.Exports {
			if v > want[k]+2 { // a deadline sweep (pb_tick) may fall in the window
				t.Errorf("%s: %v calls of %s into Go; want %v", what, v, k, want[k])
			}
		}
		for k, v := range want {
			if d.Exports[k] < v {
				t.Errorf("%s: %v calls of %s; want %v (is the counter working?)", what, d.Exports[k], k, v)
			}
		}
		for k, v := range d.Imports {
			switch k {
			case "runtime.nanotime1", "runtime.walltime":
				if v > 4*n { // a clock read where a deadline is set
					t.Errorf("%s: %v clock reads", what, v)
				}
			default: // timers, finalizers, syscall/js: none per message
				if v > 2 {
					t.Errorf("%s: %v calls of the import %s; want none per message", what, v, k)
				}
			}
		}
		if d.SetTimeout > 2 {
			t.Errorf("%s: setTimeout called %v times; want no timer per message", what, d.SetTimeout)
		}
		if d.Goroutines != 0 {
			t.Errorf("%s: %+v goroutines more; want none", what, d.Goroutines)
		}
	}
	check("requests", requests, map[string]float64{"pb_request": n, "pb_port": n})
	check("events", events, map[string]float64{"pb_port": n + 1, "pb_request": 1})
}
