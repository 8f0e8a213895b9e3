package e2e

import (
	"fmt"
	"os"
	"testing"
	"time"
)

// TestBrowserBench measures Postbridge against raw postMessage in real
// Chromium, across real origins (an out-of-process, cross-site frame).
// It asserts nothing about speed; make bench runs it (POSTBRIDGE_BENCH=1)
// and prints the figures as ratios against the baseline.
func TestBrowserBench(t *testing.T) {
	if os.Getenv("POSTBRIDGE_BENCH") == "" {
		t.Skip("a benchmark: run with POSTBRIDGE_BENCH=1 (make bench)")
	}
	s := startSites(t)
	run := func(part string) map[string]float64 {
		p := openPage(t, s.Main+"/lab/bench?part="+part)
		p.Wait(part+" bench", "window.benchResult && window.benchResult.done", 5*time.Minute)
		res := Eval[map[string]any](p, "window.benchResult")
		out := map[string]float64{}
		for k, v := range res {
			if f, ok := v.(float64); ok {
				out[k] = f
			}
		}
		return out
	}
	raw := run("raw")
	pb := run("bridge")
	fmt.Printf("browser: raw postMessage round trip      %8.1f µs (baseline)\n", raw["roundTripMs"]*1000)
	fmt.Printf("browser: Postbridge request round trip   %8.1f µs (%.2fx the baseline)\n", pb["roundTripMs"]*1000, pb["roundTripMs"]/raw["roundTripMs"])
	fmt.Printf("browser: Postbridge events one way       %8.0f /s\n", pb["eventsPerSecond"])
	fmt.Printf("browser: module import + load            %8.1f ms\n", pb["loadMs"])
	fmt.Printf("browser: frame created -> connected      %8.1f ms\n", pb["connectMs"])
	fmt.Printf("browser: page start -> connected         %8.1f ms\n", pb["pageToConnectedMs"])
}
