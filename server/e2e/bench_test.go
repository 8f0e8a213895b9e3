package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/postbridge/postbridge/server/e2e/engine"
)

// TestBrowserBench is make bench's browser part, issue 7's one benchmark:
// in one Chromium run, every case (raw MessagePort echo, raw postMessage,
// penpal 7.0.6, Postbridge's JS API, Postbridge's Go API) against a frame
// on another site (out of process) and one on the same site (same
// process): round trips, payloads, events one way, ready time cold and
// warm; then issue 10's hostile flood, the module's bytes as served and
// the relay's fan-out when its bench ran. It prints a table with every
// Postbridge figure as ratios to the raw port and to penpal, and writes
// build/bench/results.json. It asserts nothing about speed.
//
// POSTBRIDGE_BENCH=1 runs it; POSTBRIDGE_BENCH_QUICK=1 cuts the counts to
// about a tenth for a quick look (the figures are then only indicative);
// POSTBRIDGE_BENCH_ROUNDS=N times each case's round trips N times, in
// turn, and keeps each case's best round (on a busy machine one run of a
// cross-site case varies by ±40 %); POSTBRIDGE_BENCH_CASES and
// POSTBRIDGE_BENCH_PARTS run a part of it.
func TestBrowserBench(t *testing.T) {
	if os.Getenv("POSTBRIDGE_BENCH") == "" {
		t.Skip("a benchmark: run with POSTBRIDGE_BENCH=1 (make bench)")
	}
	start := time.Now()
	s := startBenchSites(t)
	counts := benchDefaultCounts
	if os.Getenv("POSTBRIDGE_BENCH_QUICK") != "" {
		counts = counts.quick()
	}
	if n, err := strconv.Atoi(os.Getenv("POSTBRIDGE_BENCH_ROUNDS")); err == nil && n > 1 {
		counts.Rounds = n
	}
	p := openPage(t, "about:blank")
	rep := &benchReport{Counts: counts, Timestamp: start.UTC().Format(time.RFC3339), PartsS: map[string]float64{}}
	names, parts := benchSelection()
	rep.describe(t, p)

	// A short run first, thrown away: the first frames of a fresh browser
	// measure its start-up, not the case.
	warm := url.Values{"do": {"rt"}, "case": {"port"}, "setup": {"cross"}}
	benchDefaultCounts.quick().query(warm)
	benchRun[rtRun](t, p, s.Main+"/bench/parent?"+warm.Encode())

	mark := time.Now()
	took := func(part string) {
		rep.PartsS[part] = time.Since(mark).Seconds()
		mark = time.Now()
	}
	for _, setup := range []struct{ name, query, peer string }{
		{"cross-site", "cross", s.Other},
		{"same-site", "same", s.Same},
	} {
		sr := &setupReport{Name: setup.name, Peer: setup.peer, Cases: map[string]*caseReport{}}
		rep.Setups = append(rep.Setups, sr)
		base := s.Main + "/bench/parent?setup=" + setup.query
		// Where the frame runs: load the floor's page once and ask
		// Chromium (the other engines' drivers cannot tell).
		benchRun[readyRun](t, p, base+"&do=ready&case=port")
		sr.OutOfProcess, sr.ProcessKnown = benchOutOfProcess(t, p, setup.peer)
		for _, c := range names {
			sr.Cases[c] = &caseReport{}
		}
		// Rounds go through every case in turn; each case keeps the
		// round with its lowest mean round trip (all are in the JSON).
		for round := 0; parts["rt"] && round < counts.Rounds; round++ {
			for _, c := range names {
				q := url.Values{}
				counts.query(q)
				r := benchRun[rtRun](t, p, base+"&do=rt&case="+c+"&"+q.Encode())
				t.Logf("%s %s, round %d: %+v", setup.name, c, round+1, r)
				r.check(t, setup.name+" "+c)
				cr := sr.Cases[c]
				cr.Rounds = append(cr.Rounds, r)
				if round == 0 || r.RT.MeanUs < cr.Run.RT.MeanUs {
					cr.Run = r
				}
			}
		}
		took(setup.name + " rt")
		for _, c := range names {
			if parts["ready"] {
				u := base + "&do=ready&case=" + c
				// Only Chromium's caches can be cleared from its driver;
				// elsewhere cold loads are a gap ("-").
				sr.Cases[c].Cold = benchSummarizeReady(nil)
				if _, ok := engine.ChromiumContext(p.tab); ok {
					sr.Cases[c].Cold = benchSummarizeReady(benchReadyLoads(t, p, u, counts.Ready, true))
				}
				sr.Cases[c].Warm = benchSummarizeReady(benchReadyLoads(t, p, u, counts.Ready, false))
				t.Logf("%s %s ready: cold %.1f ms, warm %.1f ms", setup.name, c, sr.Cases[c].Cold.BothMs, sr.Cases[c].Warm.BothMs)
			}
		}
		took(setup.name + " ready")
		sr.ratios()
	}

	rep.Flood = &floodReport{N: counts.Flood, Hostile: s.Evil}
	if parts["flood"] {
		// The plain page first, then Postbridge's, in the same tab.
		rep.Flood.Plain = benchRun[floodRun](t, p, fmt.Sprintf("%s/bench/flood?mode=plain&n=%d", s.Main, counts.Flood))
		rep.Flood.JS = benchRun[floodRun](t, p, fmt.Sprintf("%s/bench/flood?mode=js&n=%d", s.Main, counts.Flood))
		t.Logf("flood: plain %+v; Postbridge %+v", rep.Flood.Plain, rep.Flood.JS)
	}
	rep.Flood.ratios()
	took("flood")

	rep.Sizes = benchServedSizes(t, s)
	rep.Relay = benchRelayLines(t)
	rep.GoBench = benchGoLines(t)
	rep.DurationS = time.Since(start).Seconds()
	rep.write(t)
}

// benchCases are the bench's cases, in the table's order.
var benchCases = []string{"port", "window", "penpal", "js", "go"}

// benchSelection returns the cases and parts to run: all of them, unless
// POSTBRIDGE_BENCH_CASES (e.g. "port,js") or POSTBRIDGE_BENCH_PARTS (of
// "rt,ready,flood") narrow them down while working on one figure.
func benchSelection() ([]string, map[string]bool) {
	names := benchCases
	if v := os.Getenv("POSTBRIDGE_BENCH_CASES"); v != "" {
		names = strings.Split(v, ",")
	}
	parts := map[string]bool{"rt": true, "ready": true, "flood": true}
	if v := os.Getenv("POSTBRIDGE_BENCH_PARTS"); v != "" {
		parts = map[string]bool{}
		for _, p := range strings.Split(v, ",") {
			parts[p] = true
		}
	}
	return names, parts
}

// benchCounts are the sizes of each measurement.
type benchCounts struct {
	Warm   int  `json:"warm_up"`       // sequential sums before timing
	RT     int  `json:"round_trips"`   // sequential sums timed
	Batch  int  `json:"batch"`         // sums per timed batch (p50/p99 are of batch means)
	P100   int  `json:"payload_100"`   // echo round trips of 100 B
	P10K   int  `json:"payload_10000"` // of 10 KB
	P60K   int  `json:"payload_60000"` // of 60 KB
	Events int  `json:"events"`        // one-way messages counted on the receiving side
	Ready  int  `json:"ready_loads"`   // fresh loads, cold and warm each
	Flood  int  `json:"flood"`         // refused messages posted by the hostile frame
	Rounds int  `json:"rounds"`        // POSTBRIDGE_BENCH_ROUNDS: timed runs of each case, best kept
	Quick  bool `json:"quick"`         // POSTBRIDGE_BENCH_QUICK: counts cut to about a tenth
}

// benchDefaultCounts are issue 7's and 10's counts. The payload counts are the
// bench's own choice (each payload round trip costs up to a few ms today).
var benchDefaultCounts = benchCounts{Warm: 500, RT: 10000, Batch: 10, P100: 500, P10K: 500, P60K: 200, Events: 100000, Ready: 20, Flood: 200000, Rounds: 1}

// quick cuts the counts to about a tenth, for POSTBRIDGE_BENCH_QUICK.
func (c benchCounts) quick() benchCounts {
	c.Warm, c.RT, c.P100, c.P10K, c.P60K, c.Events, c.Ready, c.Flood = 100, 1000, 50, 50, 20, 10000, 3, 20000
	c.Quick = true
	return c
}

// query passes the counts to the parent page.
func (c benchCounts) query(q url.Values) {
	for k, v := range map[string]int{"warm": c.Warm, "n": c.RT, "batch": c.Batch, "p100": c.P100, "p10000": c.P10K, "p60000": c.P60K, "events": c.Events} {
		q.Set(k, fmt.Sprint(v))
	}
}

// benchRun loads u in the bench's tab, waits for window.benchResult and
// returns it. A page that reports an error fails the test.
func benchRun[T any](t *testing.T, p *Page, u string) T {
	t.Helper()
	benchNavigate(t, p, u)
	p.Wait(u, "window.benchResult && window.benchResult.done", 10*time.Minute)
	if msg := Eval[string](p, "window.benchResult.error || ''"); msg != "" {
		t.Fatalf("%s: the page failed: %s", u, msg)
	}
	return Eval[T](p, "window.benchResult")
}

// check fails the test when a case answered wrongly or lost events: the
// bench times only correct work.
func (r rtRun) check(t *testing.T, what string) {
	t.Helper()
	bad := r.RT.Errors
	for _, p := range r.Payload {
		bad += p.Errors
	}
	if bad > 0 || r.Events.Seen != r.Events.N {
		t.Errorf("%s: %d wrong answers, %d of %d events", what, bad, r.Events.Seen, r.Events.N)
	}
	if r.Events.Error != "" {
		t.Logf("%s: the burst request failed (%s) after its events arrived", what, r.Events.Error)
	}
}

// benchNavigate points the bench's tab at u (a fresh document and frames).
func benchNavigate(t *testing.T, p *Page, u string) {
	t.Helper()
	p.Navigate(u)
}

// benchReadyLoads loads u n times (cold: the browser's HTTP and code caches
// cleared before each load; warm: after one load that fills them) and
// returns each load's start-up record.
func benchReadyLoads(t *testing.T, p *Page, u string, n int, cold bool) []readyRun {
	t.Helper()
	var out []readyRun
	began := time.Now()
	defer func() {
		t.Logf("%d loads of %s (cold %v) took %v", n, u, cold, time.Since(began).Round(time.Millisecond))
	}()
	// Load -1 is thrown away: it fills the caches of a warm series and
	// lets the processes of the page before wind down.
	for i := -1; i < n; i++ {
		if cold {
			ctx, cancel := context.WithTimeout(p.chromium("no way to clear the browser's caches"), 30*time.Second)
			_, err := chromedp.Call(ctx, network.ClearBrowserCache, cdp.Empty{})
			cancel()
			if err != nil {
				t.Fatalf("clear the browser's cache: %v", err)
			}
		}
		r := benchRun[readyRun](t, p, u)
		if i >= 0 {
			out = append(out, r)
		}
	}
	return out
}

// benchOutOfProcess reports whether the frame of the page now shown runs
// in a renderer process of its own: Chromium lists an out-of-process frame
// as a target of type "iframe"; a same-process frame has no target.
func benchOutOfProcess(t *testing.T, p *Page, peer string) (oop, known bool) {
	t.Helper()
	ctx, ok := engine.ChromiumContext(p.tab)
	if !ok {
		return false, false // only Chromium lists its frames' processes
	}
	infos, err := chromedp.Targets(ctx)
	if err != nil {
		t.Fatalf("list targets: %v", err)
	}
	for _, info := range infos {
		if info.Type == "iframe" && strings.HasPrefix(info.URL, peer+"/") {
			return true, true
		}
	}
	return false, true
}
