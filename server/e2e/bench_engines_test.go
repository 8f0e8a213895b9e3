package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/postbridge/postbridge/server/e2e/engine"
)

// benchMerge gathers the latest run of each engine (build/bench/engines/
// ENGINE.json, each written by TestBrowserBench in that engine) into
// build/bench/results.json, keyed by engine, and build/bench/table.txt:
// the browser support summary, then each engine's full table.
func benchMerge(t *testing.T, dir string) {
	t.Helper()
	all := map[string]*benchReport{}
	var tables bytes.Buffer
	for _, e := range engine.Names {
		js, err := os.ReadFile(filepath.Join(dir, "engines", e+".json"))
		if err != nil {
			continue // that engine has not run
		}
		var r benchReport
		if err := json.Unmarshal(js, &r); err != nil {
			t.Fatalf("%s.json: %v", e, err)
		}
		all[e] = &r
		if txt, err := os.ReadFile(filepath.Join(dir, "engines", e+".txt")); err == nil {
			fmt.Fprintf(&tables, "\n==== %s ====\n", e)
			tables.Write(txt)
		}
	}
	js, err := json.MarshalIndent(all, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	benchSupport(&b, all)
	b.Write(tables.Bytes())
	for name, data := range map[string][]byte{"results.json": append(js, '\n'), "table.txt": b.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// benchSupportRows are the summary's columns: the figures issue 7's
// targets name, as ratios within each engine's own run.
var benchSupportRows = []struct {
	label, setup, pair, key string
}{
	{"rt cross /penpal", "cross-site", "js/penpal", "rt_mean_us"},
	{"rt same /penpal", "same-site", "js/penpal", "rt_mean_us"},
	{"rt cross /port", "cross-site", "js/port", "rt_mean_us"},
	{"events cross /port", "cross-site", "js/port", "events_per_s"},
	{"events same /port", "same-site", "js/port", "events_per_s"},
	{"ready warm /penpal", "cross-site", "js/penpal", "ready_warm_ms"},
	{"Go rt cross /penpal", "cross-site", "go/penpal", "rt_mean_us"},
}

// benchSupport prints one line per engine: its version, the ratios above,
// the warm ready times from navigation start and from the frame's load
// event, and the flood.
func benchSupport(w io.Writer, all map[string]*benchReport) {
	fmt.Fprintln(w, "Browser support: Postbridge's JS API over the baselines of the same engine and run (lower is better,")
	fmt.Fprintln(w, "except events/s); ready in ms for PB JS cross-site, warm, from navigation start and from the frame's load event.")
	fmt.Fprintf(w, "%-34s", "engine")
	for _, c := range benchSupportRows {
		fmt.Fprintf(w, "%21s", c.label)
	}
	fmt.Fprintf(w, "%14s%14s%14s\n", "ready ms", "from load ms", "flood /plain")
	for _, e := range engine.Names {
		r := all[e]
		if r == nil {
			continue
		}
		fmt.Fprintf(w, "%-34s", r.Browser)
		for _, c := range benchSupportRows {
			v := math.NaN()
			for _, s := range r.Setups {
				if s.Name == c.setup {
					v = float64(s.Ratios[c.pair][c.key])
				}
			}
			fmt.Fprintf(w, "%21s", benchRatio(v))
		}
		ready, fromLoad := math.NaN(), math.NaN()
		for _, s := range r.Setups {
			if s.Name == "cross-site" && s.Cases["js"] != nil {
				ready, fromLoad = float64(s.Cases["js"].Warm.BothMs), float64(s.Cases["js"].Warm.FromLoad)
			}
		}
		flood := math.NaN()
		if r.Flood != nil {
			flood = float64(r.Flood.DrainRatio)
		}
		fmt.Fprintf(w, "%14s%14s%14s   (%s)\n", benchNum(ready), benchNum(fromLoad), benchRatio(flood), r.Timestamp)
	}
}
