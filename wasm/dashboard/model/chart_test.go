package model_test

import (
	"encoding/xml"
	"io"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/postbridge/postbridge/wasm/dashboard/model"
)

func TestLatencies(t *testing.T) {
	t.Parallel()
	// Newest first.
	recs := []*model.Record{{Latency: 4}, {Latency: 3}, {Latency: math.Inf(1)}, {Latency: 2}, {}, {Latency: 1}}
	if got := model.Latencies(recs, 3); !slices.Equal(got, []float64{2, 3, 4}) {
		t.Errorf("Latencies(3): got %v; want [2 3 4]", got)
	}
	if got := model.Latencies(recs, 10); !slices.Equal(got, []float64{1, 2, 3, 4}) {
		t.Errorf("Latencies(10): got %v; want [1 2 3 4]", got)
	}
}

func TestSummarize(t *testing.T) {
	t.Parallel()
	v := make([]float64, 0, 100)
	for i := 100; i >= 1; i-- {
		v = append(v, float64(i))
	}
	v = append(v, 0, -1, math.NaN(), math.Inf(1))
	want := model.Summary{Count: 100, P50: 50, P95: 95, Max: 100}
	if got := model.Summarize(v); got != want {
		t.Errorf("Summarize(1..100): got %+v; want %+v", got, want)
	}
	if got := model.Summarize(nil); got != (model.Summary{}) {
		t.Errorf("Summarize(nil): got %+v", got)
	}
	if got := model.Summarize([]float64{7}); got != (model.Summary{Count: 1, P50: 7, P95: 7, Max: 7}) {
		t.Errorf("Summarize([7]): got %+v", got)
	}
}

// checkSparkline parses the markup as XML and checks it holds only the
// chart's own elements and attributes: the dashboard inserts it as HTML.
func checkSparkline(t *testing.T, v []float64, svg string) {
	t.Helper()
	allowed := map[string]bool{"svg": true, "rect": true, "title": true, "text": true}
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("Sparkline(%v): got invalid markup %q: %v", v, svg, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if !allowed[se.Name.Local] {
			t.Fatalf("Sparkline(%v): got element %q", v, se.Name.Local)
		}
		for _, a := range se.Attr {
			if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") || strings.Contains(a.Value, "NaN") || strings.Contains(a.Value, "Inf") {
				t.Fatalf("Sparkline(%v): got attribute %s=%q", v, a.Name.Local, a.Value)
			}
		}
	}
}

func TestSparkline(t *testing.T) {
	t.Parallel()
	for _, v := range [][]float64{
		nil, {0}, {1}, {1, 2, 4}, {math.NaN(), 3}, {math.Inf(1), -2, 5}, {1e300, 1e-300},
	} {
		svg := model.Sparkline(v, 4, 240, 48)
		checkSparkline(t, v, svg)
		if bars := strings.Count(svg, "<rect"); bars > len(v) {
			t.Errorf("Sparkline(%v): got %d bars", v, bars)
		}
	}
	svg := model.Sparkline([]float64{1, 2, 4}, 4, 240, 48)
	if strings.Count(svg, `<rect class="bar"`) != 3 || !strings.Contains(svg, `height="46.0"`) || !strings.Contains(svg, "<title>4.00 ms</title>") ||
		!strings.Contains(svg, `<rect class="bar" x="60.0"`) || !strings.Contains(svg, `x="180.0"`) {
		t.Errorf("Sparkline([1 2 4]): got %s", svg)
	}
}
