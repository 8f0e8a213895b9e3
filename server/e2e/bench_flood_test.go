package e2e

import (
	"fmt"
	"io"
)

// floodRun is what the flood page publishes.
type floodRun struct {
	DrainMs float64      `json:"drainMs"`
	Without benchLatency `json:"without"`
	During  benchLatency `json:"during"`
	Hostile struct {
		SentMs float64 `json:"sentMs"`
		Bytes  int     `json:"bytes"`
	} `json:"hostile"`
}

// benchLatency summarises sequential requests' times (ms); Timeouts counts those
// over 10 s, which are left out of the rest.
type benchLatency struct {
	N        int     `json:"n"`
	Timeouts int     `json:"timeouts"`
	P50Ms    float64 `json:"p50Ms"`
	P95Ms    float64 `json:"p95Ms"`
	MaxMs    float64 `json:"maxMs"`
}

// floodReport is issue 10's hostile flood: a page with a plain origin
// check vs a page with Postbridge connected.
type floodReport struct {
	N          int         `json:"messages"`
	Hostile    string      `json:"hostile_origin"`
	Plain      floodRun    `json:"plain_listener"`
	JS         floodRun    `json:"postbridge_js"`
	DrainRatio benchFigure `json:"drain_ratio"`  // Postbridge / plain (target <= 1.5)
	P95Ratio   benchFigure `json:"p95_ratio_js"` // Postbridge's p95 during the flood / without it
}

func (f *floodReport) ratios() {
	f.DrainRatio = benchFigure(f.JS.DrainMs / f.Plain.DrainMs)
	f.P95Ratio = benchFigure(f.JS.During.P95Ms / f.JS.Without.P95Ms)
}

func (f *floodReport) table(w io.Writer) {
	fmt.Fprintf(w, "\nhostile flood: %d refused messages (%d B each) posted with '*' by a frame of %s\n", f.N, f.JS.Hostile.Bytes, f.Hostile)
	fmt.Fprintf(w, "%-40s%16s%16s%10s\n", "", "plain listener", "Postbridge JS", "ratio")
	row := func(label string, a, b float64) {
		fmt.Fprintf(w, "%-40s%16s%16s%10s\n", label, benchNum(a), benchNum(b), benchRatio(b/a))
	}
	row("drain ms (target ratio <= 1.5x)", f.Plain.DrainMs, f.JS.DrainMs)
	row("hostile frame's own sending ms", f.Plain.Hostile.SentMs, f.JS.Hostile.SentMs)
	row("request p95 ms, without the flood", f.Plain.Without.P95Ms, f.JS.Without.P95Ms)
	row("request p95 ms, during the flood", f.Plain.During.P95Ms, f.JS.During.P95Ms)
	row("request max ms, during the flood", f.Plain.During.MaxMs, f.JS.During.MaxMs)
	fmt.Fprintf(w, "%-40s%16d%16d\n", "requests during the flood", f.Plain.During.N, f.JS.During.N)
	fmt.Fprintf(w, "%-40s%16d%16d\n", "requests over 10 s", f.Plain.During.Timeouts, f.JS.During.Timeouts)
	fmt.Fprintf(w, "%-40s%16s%16s\n", "p95 during / without", benchRatio(f.Plain.During.P95Ms/f.Plain.Without.P95Ms), benchRatio(float64(f.P95Ratio)))
}
