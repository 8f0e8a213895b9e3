package core_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/postbridge/postbridge/wasm/clock"
	"github.com/postbridge/postbridge/wasm/core"
)

// fakeClock is a Now and a Wake the test moves by hand.
type fakeClock struct {
	mu    sync.Mutex
	now   clock.Duration
	wakes int
	at    clock.Duration // the tick asked for, or -1
}

func newFakeClock() *fakeClock { return &fakeClock{at: -1} }

func (c *fakeClock) Now() clock.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Wake(d clock.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.wakes++
	c.at = c.now + d
}

func (c *fakeClock) advance(d clock.Duration) {
	c.mu.Lock()
	c.now += d
	c.mu.Unlock()
}

// decisions collects what a router reports.
type decisions struct {
	mu sync.Mutex
	ds []core.Decision
}

func (d *decisions) add(x core.Decision) {
	d.mu.Lock()
	d.ds = append(d.ds, x)
	d.mu.Unlock()
}

func (d *decisions) all() []core.Decision {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]core.Decision(nil), d.ds...)
}

// A flood from one origin is reported as the first Burst refusals of each
// second, one by one, then one summary per second and reason; the counts
// add up exactly, and the router's own totals count every refusal.
func TestFloodIsCoalesced(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	var got decisions
	r := core.NewRouterWith(core.Options{Observe: got.add, Level: core.ObserveRefusals, Now: clk.Now, Wake: clk.Wake, Burst: 10})
	c, err := r.Open(config(widgetOrigin, nil), &nowhere{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	const perSecond, seconds = 1000, 3
	for s := 0; s < seconds; s++ {
		for i := 0; i < perSecond; i++ {
			r.Admit(evilOrigin, "the frame")
			if i%2 == 0 {
				r.Admit(widgetOrigin, nil) // right origin, wrong window
			}
			clk.advance(clock.Millisecond / 2)
		}
		clk.advance(clock.Second)
		r.Tick()
	}
	total := map[core.Code]int{}
	single, summaries := 0, 0
	for _, d := range got.all() {
		if d.Verdict != core.Refused {
			continue
		}
		total[d.Reason] += d.Count
		if d.Summary {
			summaries++
			if !strings.HasPrefix(d.Detail, "refused ") || !strings.Contains(d.Detail, string(d.Reason)) {
				t.Errorf("summary detail %q; want \"refused N more from X: CODE\"", d.Detail)
			}
		} else {
			single++
		}
	}
	if total[core.CodeOriginRefused] != perSecond*seconds || total[core.CodeSourceRefused] != perSecond*seconds/2 {
		t.Errorf("counts reported: %v; want %d ORIGIN_REFUSED and %d SOURCE_REFUSED", total, perSecond*seconds, perSecond*seconds/2)
	}
	if single > 2*10*seconds || summaries > 2*seconds {
		t.Errorf("%d single reports and %d summaries for a %d-message flood; want at most %d and %d", single, summaries, perSecond*seconds*3/2, 2*10*seconds, 2*seconds)
	}
	counts := r.Refusals()
	if counts[core.CodeOriginRefused] != perSecond*seconds || counts[core.CodeSourceRefused] != perSecond*seconds/2 {
		t.Errorf("Refusals() = %v", counts)
	}
	if d := got.all()[0]; d.Origin != evilOrigin || d.Count != 1 || d.Detail == "" {
		t.Errorf("first report: %+v; want a single refusal naming the origin", d)
	}
}

// Nobody observing: nothing is built or reported, and every refusal is
// still counted.
func TestUnobservedRefusalsAreCounted(t *testing.T) {
	reported := 0
	r := core.NewRouterWith(core.Options{Observe: func(core.Decision) { reported++ }, Level: core.ObserveRefusals})
	r.SetLevel(core.ObserveNone)
	c, err := r.Open(config(widgetOrigin, nil), &nowhere{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for range 500 {
		r.Admit(evilOrigin, "the frame")
	}
	if reported != 0 {
		t.Errorf("%d decisions reported at ObserveNone", reported)
	}
	if n := r.Refusals()[core.CodeOriginRefused]; n != 500 {
		t.Errorf("counted %d refusals; want 500", n)
	}
	if allocs := testing.AllocsPerRun(100, func() { r.Admit(evilOrigin, "the frame") }); allocs != 0 {
		t.Errorf("an unobserved refusal allocates %.0f times; want 0", allocs)
	}
}

// Admit looks at nothing but the origin and the source: the right origin
// from another window is SOURCE_REFUSED, a look-alike origin from the
// right window ORIGIN_REFUSED, and only both together pass.
func TestAdmit(t *testing.T) {
	t.Parallel()
	var got decisions
	r := core.NewRouter(got.add)
	c, err := r.Open(config(widgetOrigin, nil), &nowhere{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, tc := range []struct {
		origin string
		source any
		ok     bool
		code   core.Code
	}{
		{widgetOrigin, "the frame", true, ""},
		{widgetOrigin, "another frame", false, core.CodeSourceRefused},
		{widgetOrigin, nil, false, core.CodeSourceRefused},
		{widgetOrigin + ".evil.example", "the frame", false, core.CodeOriginRefused},
		{"null", "the frame", false, core.CodeOriginRefused},
	} {
		n := len(got.all())
		if ok := r.Admit(tc.origin, tc.source); ok != tc.ok {
			t.Errorf("Admit(%q, %v) = %t; want %t", tc.origin, tc.source, ok, tc.ok)
		}
		ds := got.all()[n:]
		switch {
		case tc.ok && len(ds) != 0:
			t.Errorf("Admit(%q) reported %+v", tc.origin, ds)
		case !tc.ok && (len(ds) != 1 || ds[0].Reason != tc.code):
			t.Errorf("Admit(%q, %v) reported %+v; want one %s", tc.origin, tc.source, ds, tc.code)
		}
	}
}
