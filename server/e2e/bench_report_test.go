package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// rtRun is what the parent page publishes for ?do=rt.
type rtRun struct {
	RT struct {
		N      int     `json:"n"`
		MeanUs float64 `json:"meanUs"`
		P50Us  float64 `json:"p50Us"`
		P99Us  float64 `json:"p99Us"`
		Errors int     `json:"errors"`
	} `json:"rt"`
	Payload map[string]struct {
		N      int     `json:"n"`
		MeanUs float64 `json:"meanUs"`
		Errors int     `json:"errors"`
	} `json:"payload"`
	Events struct {
		N     int     `json:"n"`
		Seen  int     `json:"seen"`
		Ms    float64 `json:"ms"`
		PerS  float64 `json:"perS"`
		Error string  `json:"error"`
	} `json:"events"`
}

// readyRun is what the parent page publishes for ?do=ready: both pages'
// phases in ms (see web/pages/bench/startup.js), and which marks came
// from the loader itself.
type readyRun struct {
	BothMs     float64            `json:"bothMs"`
	FromLoadMs float64            `json:"fromLoadMs"` // the frame's load event to both connected`
	Parent     map[string]float64 `json:"parent"`
	Peer       map[string]float64 `json:"peer"`
	LeadMarks  struct {
		Parent []string `json:"parent"`
		Peer   []string `json:"peer"`
	} `json:"leadMarks"`
}

// benchFigure is a float that encodes NaN and infinities (a case or a mark
// that is missing) as JSON null.
type benchFigure float64

func (f benchFigure) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
		return []byte("null"), nil
	}
	return json.Marshal(float64(f))
}

// readySummary is the median of each figure over a series of loads.
type readySummary struct {
	Loads     int                    `json:"loads"`
	BothMs    benchFigure            `json:"both_ms"`
	FromLoad  benchFigure            `json:"from_frame_load_ms"` // median of the frame's load event -> both connected
	BothEach  []float64              `json:"both_ms_each"`       // every load, in order
	Parent    map[string]benchFigure `json:"parent_ms"`
	Peer      map[string]benchFigure `json:"peer_ms"`
	LeadMarks bool                   `json:"lead_marks"`
}

func benchSummarizeReady(runs []readyRun) readySummary {
	s := readySummary{Loads: len(runs), Parent: map[string]benchFigure{}, Peer: map[string]benchFigure{}}
	var both, fromLoad []float64
	parent, peer := map[string][]float64{}, map[string][]float64{}
	for _, r := range runs {
		both = append(both, r.BothMs)
		fromLoad = append(fromLoad, r.FromLoadMs)
		for k, v := range r.Parent {
			parent[k] = append(parent[k], v)
		}
		for k, v := range r.Peer {
			peer[k] = append(peer[k], v)
		}
		s.LeadMarks = s.LeadMarks || len(r.LeadMarks.Parent)+len(r.LeadMarks.Peer) > 0
	}
	s.BothMs = benchFigure(benchMedian(both))
	s.BothEach = both
	s.FromLoad = benchFigure(benchMedian(fromLoad))
	for k, v := range parent {
		s.Parent[k] = benchFigure(benchMedian(v))
	}
	for k, v := range peer {
		s.Peer[k] = benchFigure(benchMedian(v))
	}
	return s
}

func benchMedian(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// caseReport is one case in one set-up.
type caseReport struct {
	Run    rtRun        `json:"run"`    // the best round
	Rounds []rtRun      `json:"rounds"` // every round
	Cold   readySummary `json:"ready_cold"`
	Warm   readySummary `json:"ready_warm"`
}

// setupReport is one set-up (cross-site or same-site) with its ratios:
// Ratios["js/port"]["rt_mean_us"] is Postbridge JS's mean round trip over
// the raw port's.
type setupReport struct {
	Name         string                            `json:"name"`
	Peer         string                            `json:"peer_origin"`
	OutOfProcess bool                              `json:"frame_out_of_process"`
	ProcessKnown bool                              `json:"frame_process_known"` // false where the driver cannot tell
	Cases        map[string]*caseReport            `json:"cases"`
	Ratios       map[string]map[string]benchFigure `json:"ratios"`
}

// benchMetric is one row of the main table.
type benchMetric struct {
	key, label string
	get        func(*caseReport) float64
}

var benchMetrics = []benchMetric{
	{"rt_mean_us", "round trip mean µs", func(c *caseReport) float64 { return c.Run.RT.MeanUs }},
	{"rt_p50_us", "round trip p50 µs (of 10)", func(c *caseReport) float64 { return c.Run.RT.P50Us }},
	{"rt_p99_us", "round trip p99 µs (of 10)", func(c *caseReport) float64 { return c.Run.RT.P99Us }},
	{"payload_100_us", "payload 100 B round trip µs", func(c *caseReport) float64 { return c.Run.Payload["100"].MeanUs }},
	{"payload_10000_us", "payload 10 KB round trip µs", func(c *caseReport) float64 { return c.Run.Payload["10000"].MeanUs }},
	{"payload_60000_us", "payload 60 KB round trip µs", func(c *caseReport) float64 { return c.Run.Payload["60000"].MeanUs }},
	{"events_per_s", "events one way /s", func(c *caseReport) float64 { return c.Run.Events.PerS }},
	{"ready_cold_ms", "ready, cold cache ms (both)", func(c *caseReport) float64 { return float64(c.Cold.BothMs) }},
	{"ready_warm_ms", "ready, warm cache ms (both)", func(c *caseReport) float64 { return float64(c.Warm.BothMs) }},
	{"ready_cold_from_load_ms", "ready cold, frame load -> ms", func(c *caseReport) float64 { return float64(c.Cold.FromLoad) }},
	{"ready_warm_from_load_ms", "ready warm, frame load -> ms", func(c *caseReport) float64 { return float64(c.Warm.FromLoad) }},
}

// value is metric x of case c, NaN when the case did not run.
func (s *setupReport) value(x benchMetric, c string) float64 {
	cr := s.Cases[c]
	if cr == nil {
		return math.NaN()
	}
	return x.get(cr)
}

// benchRatioPairs are the ratios reported: each Postbridge case over the floor
// and over penpal.
var benchRatioPairs = [][2]string{{"js", "port"}, {"js", "penpal"}, {"go", "port"}, {"go", "penpal"}}

func (s *setupReport) ratios() {
	s.Ratios = map[string]map[string]benchFigure{}
	for _, pr := range benchRatioPairs {
		m := map[string]benchFigure{}
		for _, x := range benchMetrics {
			m[x.key] = benchFigure(s.value(x, pr[0]) / s.value(x, pr[1]))
		}
		s.Ratios[pr[0]+"/"+pr[1]] = m
	}
}

var benchCaseLabels = map[string]string{"port": "raw port", "window": "raw window", "penpal": "penpal", "js": "PB JS", "go": "PB Go"}

func (s *setupReport) table(w io.Writer) {
	oop := "no: same renderer process"
	switch {
	case !s.ProcessKnown:
		oop = "unknown: this engine's driver cannot tell"
	case s.OutOfProcess:
		oop = "yes: out-of-process frame"
	}
	fmt.Fprintf(w, "\n%s: frame on %s (own process? %s)\n", s.Name, s.Peer, oop)
	fmt.Fprintf(w, "%-29s", "")
	for _, c := range benchCases {
		fmt.Fprintf(w, "%11s", benchCaseLabels[c])
	}
	fmt.Fprint(w, " |")
	for _, pr := range benchRatioPairs {
		fmt.Fprintf(w, "%11s", pr[0]+"/"+pr[1])
	}
	fmt.Fprintln(w)
	for _, x := range benchMetrics {
		fmt.Fprintf(w, "%-29s", x.label)
		for _, c := range benchCases {
			fmt.Fprintf(w, "%11s", benchNum(s.value(x, c)))
		}
		fmt.Fprint(w, " |")
		for _, pr := range benchRatioPairs {
			fmt.Fprintf(w, "%11s", benchRatio(float64(s.Ratios[pr[0]+"/"+pr[1]][x.key])))
		}
		fmt.Fprintln(w)
	}
	s.breakdown(w)
}

// breakdown prints where Postbridge's ready time goes: the median ms of
// each phase, each from the end of the one before, on each page's own
// clock (web/pages/bench/startup.js defines them); "frame starts" is when
// the frame's navigation started on the parent's clock. Download and
// compile are one phase: streaming compiles while the bytes arrive.
func (s *setupReport) breakdown(w io.Writer) {
	cols := []struct {
		key, label string
	}{
		{"toScript", "to script"}, {"toFetch", "to fetch"}, {"firstByte", "1st byte"}, {"bodyCompile", "body+compile"},
		{"goStart", "Go start"}, {"handshake", "handshake"}, {"connected", "connected"}, {"navStartOnParent", "frame starts"},
	}
	fmt.Fprintf(w, "  ready, median ms      ")
	for _, c := range cols {
		fmt.Fprintf(w, "%13s", c.label)
	}
	fmt.Fprintln(w)
	for _, c := range []string{"penpal", "js", "go"} {
		if s.Cases[c] == nil {
			continue
		}
		for _, cache := range []string{"cold", "warm"} {
			r := s.Cases[c].Cold
			if cache == "warm" {
				r = s.Cases[c].Warm
			}
			for _, side := range []string{"parent", "peer"} {
				m := r.Parent
				if side == "peer" {
					m = r.Peer
				}
				fmt.Fprintf(w, "  %-6s %-6s %-4s     ", benchCaseLabels[c], side, cache)
				for _, col := range cols {
					cell := "-"
					if v, ok := m[col.key]; ok {
						cell = fmt.Sprintf("%.1f", float64(v))
					}
					fmt.Fprintf(w, "%13s", cell)
				}
				fmt.Fprintln(w)
			}
		}
	}
}

// benchRatio formats a ratio as "1.23x", or "-" when a side is missing.
func benchRatio(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "-"
	}
	return fmt.Sprintf("%.2fx", v)
}

// benchNum formats a figure with three significant digits at least.
func benchNum(v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "-"
	case v >= 10000:
		return fmt.Sprintf("%.0f", v)
	case v >= 100:
		return fmt.Sprintf("%.1f", v)
	default:
		return fmt.Sprintf("%.2f", v)
	}
}

// benchHeader names what the table's columns and ratios mean.
func benchHeader(w io.Writer, r *benchReport) {
	fmt.Fprintf(w, "Postbridge bench, %s, %s, commit %s", r.Timestamp, r.Browser, r.Commit)
	if r.Dirty {
		fmt.Fprint(w, " (with uncommitted changes)")
	}
	fmt.Fprintln(w)
	if r.Counts.Quick {
		fmt.Fprintln(w, "QUICK RUN (POSTBRIDGE_BENCH_QUICK): counts cut to about a tenth, figures only indicative")
	}
	fmt.Fprintf(w, "%s round trips (p50/p99 of batches of %d: performance.now() ticks at 100 µs), payload round trips %d/%d/%d,\n",
		benchThousands(r.Counts.RT), r.Counts.Batch, r.Counts.P100, r.Counts.P10K, r.Counts.P60K)
	fmt.Fprintf(w, "%s events, ready = median of %d fresh loads, navigation start -> both pages connected.\n", benchThousands(r.Counts.Events), r.Counts.Ready)
	if r.Counts.Rounds > 1 {
		fmt.Fprintf(w, "Round trips, payloads and events: the best of %d rounds per case (by mean round trip).\n", r.Counts.Rounds)
	}
	fmt.Fprintln(w, "Ratios are Postbridge / baseline from this run: for times lower is better, for /s higher is better.")
	fmt.Fprintf(w, "Load average (1, 5, 15 min) at start %s, at end %s: other work on the cores skews every figure.\n", r.Load[0], r.Load[1])
	fmt.Fprintln(w, strings.Repeat("-", 110))
}

func benchThousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
