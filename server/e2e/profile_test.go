package e2e

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
)

// TestProfileRoundTrips is a tool, not a test: with POSTBRIDGE_PROFILE=1
// it runs request round trips from the lab to a cross-site frame under
// Chromium's sampling profiler and prints where the parent page spends its
// time, by function (Go functions by name when the module keeps its name
// section: build it with make profile). It asserts nothing.
func TestProfileRoundTrips(t *testing.T) {
	if os.Getenv("POSTBRIDGE_PROFILE") == "" {
		t.Skip("a tool: run with POSTBRIDGE_PROFILE=1 (make profile)")
	}
	s := startSites(t)
	p := openPage(t, s.Main+"/lab?tap=off")
	p.Wait("the lab", "window.labReady === true", 20*time.Second)
	// POSTBRIDGE_PROFILE_PAYLOAD=n sends a string of n bytes instead.
	payload := `{ i, text: "hello there" }`
	n := 5000
	if size := os.Getenv("POSTBRIDGE_PROFILE_PAYLOAD"); size != "" {
		payload, n = `"x".repeat(`+size+`)`, 300
	}
	Eval[bool](p, `(async () => { const f = lab.frame("?tap=off"); window.ch = await lab.connect(f.contentWindow, { maxPayload: 1 << 20 });
		for (let i = 0; i < 50; i++) await ch.request("echo", { i }); return true; })()`)
	var ms float64
	rows, total := profileDuring(t, p, func() {
		ms = Eval[float64](p, fmt.Sprintf(`(async () => { const t0 = performance.now();
		for (let i = 0; i < %d; i++) await ch.request("echo", %s);
		return (performance.now() - t0) / %d; })()`, n, payload, n))
	})
	fmt.Printf("profile: %.0f µs per round trip, %d samples\n", ms*1000, total)
	printProfile(rows, total)
	// The floor, in the same page and frame: a raw MessagePort echo.
	rows, total = profileDuring(t, p, func() {
		ms = Eval[float64](p, fmt.Sprintf(`(async () => {
		const mc = new MessageChannel(); let res;
		mc.port1.onmessage = (e) => res(e.data);
		document.querySelector("iframe").contentWindow.postMessage("raw-port", lab.o.other, [mc.port2]);
		const once = (v) => new Promise((r) => { res = r; mc.port1.postMessage(v); });
		for (let i = 0; i < 50; i++) await once(JSON.stringify({ i }));
		const t0 = performance.now();
		for (let i = 0; i < %d; i++) await once(JSON.stringify(%s));
		return (performance.now() - t0) / %d; })()`, n, payload, n))
	})
	fmt.Printf("profile: raw MessagePort echo: %.0f µs per round trip, %d samples\n", ms*1000, total)
	printProfile(rows[:min(12, len(rows))], total)
}

// TestProfileFlood is the same tool for a hostile flood of 100,000 small
// messages refused by the parent (POSTBRIDGE_PROFILE=1).
func TestProfileFlood(t *testing.T) {
	if os.Getenv("POSTBRIDGE_PROFILE") == "" {
		t.Skip("a tool: run with POSTBRIDGE_PROFILE=1 (make profile)")
	}
	s := startSites(t)
	p := openPage(t, s.Main+"/lab/hostile?pb=1")
	p.Wait("the hostile lab", "window.hostileReady === true", 20*time.Second)
	Eval[bool](p, `(async () => { hostile.pb.onReject(() => {}); await hostile.flood("small", 1000); return true; })()`)
	var ms float64
	rows, total := profileDuring(t, p, func() {
		ms = Eval[float64](p, `(async () => { const t0 = performance.now(); await hostile.flood("small", 100000); return performance.now() - t0; })()`)
	})
	fmt.Printf("profile: %.0f ms to drain the flood, %d samples\n", ms, total)
	printProfile(rows, total)
}

type profileRow struct {
	name string
	n    int64
}

// profileDuring runs f under Chromium's sampling profiler in p's target
// and returns the self samples by function, most first.
func profileDuring(t *testing.T, p *Page, f func()) ([]profileRow, int64) {
	ctx := p.chromium("the profiler is Chromium's (CDP)")
	if _, err := chromedp.Call(ctx, profiler.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	chromedp.Call(ctx, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 100})
	if _, err := chromedp.Call(ctx, profiler.Start, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	f()
	res, err := chromedp.Call(ctx, profiler.Stop, cdp.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	self := map[string]int64{}
	var total int64
	for _, n := range res.Profile.Nodes {
		name := n.CallFrame.FunctionName
		if name == "" {
			name = "(anonymous " + n.CallFrame.URL[strings.LastIndex(n.CallFrame.URL, "/")+1:] + fmt.Sprintf(":%d)", n.CallFrame.LineNumber)
		}
		self[name] += n.HitCount
		total += n.HitCount
	}
	var rows []profileRow
	for k, v := range self {
		rows = append(rows, profileRow{k, v})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].n > rows[j].n })
	return rows, total
}

func printProfile(rows []profileRow, total int64) {
	for i, r := range rows {
		if i == 45 {
			break
		}
		fmt.Printf("profile: %5.1f%%  %s\n", 100*float64(r.n)/float64(total), r.name)
	}
}
