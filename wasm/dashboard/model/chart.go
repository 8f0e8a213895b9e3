package model

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// Latencies returns the latencies of the first n records of recs that
// measured one. recs is newest first, as Select returns it; the result is
// oldest first, as the chart draws it.
func Latencies(recs []*Record, n int) []float64 {
	var out []float64
	for _, r := range recs {
		if len(out) == n {
			break
		}
		if l := r.Latency; l > 0 && !math.IsInf(l, 0) {
			out = append(out, l)
		}
	}
	slices.Reverse(out)
	return out
}

// Summary describes a set of latencies in ms.
type Summary struct {
	Count         int
	P50, P95, Max float64
}

// Summarize returns the count, median, 95th percentile (nearest rank) and
// maximum of v. Values that are not positive finite numbers are skipped.
func Summarize(v []float64) Summary {
	s := make([]float64, 0, len(v))
	for _, x := range v {
		if x > 0 && !math.IsInf(x, 0) {
			s = append(s, x)
		}
	}
	if len(s) == 0 {
		return Summary{}
	}
	slices.Sort(s)
	rank := func(p float64) float64 {
		i := int(math.Ceil(p*float64(len(s)))) - 1
		return s[max(i, 0)]
	}
	return Summary{Count: len(s), P50: rank(0.50), P95: rank(0.95), Max: s[len(s)-1]}
}

// Sparkline draws v (oldest first) as an inline SVG bar chart of the given
// size in pixels: one bar per value, scaled to the largest, in a row of
// slots (at least len(v)) filled from the right, so bars keep their width
// as values come. The markup holds only numbers and fixed text, so it is
// safe to insert as HTML; values that are not positive finite numbers are
// drawn as empty slots.
func Sparkline(v []float64, slots, width, height int) string {
	width, height, slots = max(width, 1), max(height, 1), max(slots, len(v), 1)
	var b strings.Builder
	w, h := strconv.Itoa(width), strconv.Itoa(height)
	b.WriteString(`<svg class="spark" viewBox="0 0 ` + w + " " + h + `" width="` + w + `" height="` + h + `" role="img" aria-label="latency, newest on the right">`)
	top := 0.0
	for _, x := range v {
		if x > top && !math.IsInf(x, 0) {
			top = x
		}
	}
	if len(v) == 0 || top == 0 {
		b.WriteString(`<text class="spark-empty" x="4" y="` + strconv.Itoa(height/2+4) + `">no latency measured yet</text></svg>`)
		return b.String()
	}
	step := float64(width) / float64(slots)
	first := slots - len(v)
	for i, x := range v {
		if !(x > 0) || math.IsInf(x, 0) {
			continue
		}
		bh := math.Max(1, x/top*float64(height-2))
		b.WriteString(`<rect class="bar" x="` + num(float64(first+i)*step) + `" y="` + num(float64(height)-bh) +
			`" width="` + num(math.Max(step-1, 1)) + `" height="` + num(bh) + `"><title>` + FormatLatency(x) + `</title></rect>`)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }
