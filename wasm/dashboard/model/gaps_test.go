package model_test

import (
	"testing"

	"github.com/postbridge/postbridge/wasm/dashboard/model"
)

type seen struct {
	sender string
	seq    uint64
	missed uint64
}

// gapCases: each is a sequence of numbers seen, with what See must return,
// and the totals at the end.
var gapCases = []struct {
	name             string
	seen             []seen
	lost, outOfOrder uint64
}{
	{"in order", []seen{{"c1", 1, 0}, {"c1", 2, 0}, {"c1", 3, 0}}, 0, 0},
	// A naive check (seq != last+1, with last starting at 0) would count
	// 56 frames lost for a sender that started before the dashboard.
	{"late join is not a loss", []seen{{"c1", 57, 0}, {"c1", 58, 0}}, 0, 0},
	{"one gap", []seen{{"c1", 1, 0}, {"c1", 2, 0}, {"c1", 5, 2}, {"c1", 6, 0}}, 2, 0},
	{"senders are independent", []seen{{"c1", 1, 0}, {"c2", 1, 0}, {"c1", 2, 0}, {"c2", 3, 1}, {"c1", 4, 1}}, 2, 0},
	// A number going back must not move the baseline: otherwise 10, 3, 11
	// would report 7 frames lost between 3 and 11.
	{"backwards", []seen{{"c1", 10, 0}, {"c1", 3, 0}, {"c1", 11, 0}}, 0, 1},
	{"duplicate", []seen{{"c1", 1, 0}, {"c1", 1, 0}, {"c1", 2, 0}}, 0, 1},
	{"huge jump", []seen{{"c1", 1, 0}, {"c1", 1 << 62, 1<<62 - 2}}, 1<<62 - 2, 0},
}

func TestGaps(t *testing.T) {
	t.Parallel()
	for _, c := range gapCases {
		g := model.NewGaps()
		for _, s := range c.seen {
			if got := g.See(s.sender, s.seq); got != s.missed {
				t.Errorf("%s: See(%q, %d): got %d missed; want %d", c.name, s.sender, s.seq, got, s.missed)
			}
		}
		if g.Lost() != c.lost || g.OutOfOrder() != c.outOfOrder {
			t.Errorf("%s: got lost %d, out of order %d; want %d, %d", c.name, g.Lost(), g.OutOfOrder(), c.lost, c.outOfOrder)
		}
	}
}

// After a reconnection, numbers restart or jump: neither is a loss.
func TestGapsReset(t *testing.T) {
	t.Parallel()
	g := model.NewGaps()
	g.See("c1", 1)
	g.See("c1", 3)
	g.Reset()
	if g.Senders() != 0 {
		t.Fatalf("Senders after Reset: got %d; want 0", g.Senders())
	}
	for _, seq := range []uint64{1, 900} {
		if m := g.See("c1", seq); m != 0 {
			t.Errorf("See(c1, %d) after Reset: got %d missed; want 0", seq, m)
		}
		g.Reset()
	}
	if g.Lost() != 1 {
		t.Errorf("Lost after Reset: got %d; want the 1 counted before", g.Lost())
	}
}
