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
	Eval[bool](p, `(async () => { const f = lab.frame(); window.ch = await lab.connect(f.contentWindow);
		for (let i = 0; i < 500; i++) await ch.request("echo", { i }); return true; })()`)
	ctx := p.ctx
	if _, err := chromedp.Call(ctx, profiler.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	chromedp.Call(ctx, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 100})
	if _, err := chromedp.Call(ctx, profiler.Start, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	ms := Eval[float64](p, `(async () => { const t0 = performance.now();
		for (let i = 0; i < 5000; i++) await ch.request("echo", { i, text: "hello there" });
		return (performance.now() - t0) / 5000; })()`)
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
	type row struct {
		name string
		n    int64
	}
	var rows []row
	for k, v := range self {
		rows = append(rows, row{k, v})
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].n > rows[j].n })
	fmt.Printf("profile: %.0f µs per round trip, %d samples\n", ms*1000, total)
	for i, r := range rows {
		if i == 45 {
			break
		}
		fmt.Printf("profile: %5.1f%%  %s\n", 100*float64(r.n)/float64(total), r.name)
	}
}
