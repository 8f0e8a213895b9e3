package model

// Gaps finds lost frames. The relay numbers each sender's publications 1,
// 2, 3… across every room, and a dashboard subscribed to "*" sees all of
// them in order, so a jump from n to n+k means k-1 frames never arrived.
//
// The first number seen from a sender is its baseline: the dashboard may
// have subscribed after the sender started. A number that does not
// increase is counted as out of order and does not move the baseline.
type Gaps struct {
	last       map[string]uint64
	lost       uint64
	outOfOrder uint64
}

// NewGaps returns a tracker that has seen nothing.
func NewGaps() *Gaps { return &Gaps{last: map[string]uint64{}} }

// See records seq from sender and returns how many numbers were skipped
// since the previous one from that sender.
func (g *Gaps) See(sender string, seq uint64) (missed uint64) {
	last, known := g.last[sender]
	switch {
	case !known:
	case seq <= last:
		g.outOfOrder++
		return 0
	case seq > last+1:
		missed = seq - last - 1
		g.lost += missed
	}
	g.last[sender] = seq
	return missed
}

// Baseline records seq from sender without counting anything: for
// history, which holds what the relay still kept, not all that was
// published. The next live number is compared with the highest one seen.
func (g *Gaps) Baseline(sender string, seq uint64) {
	g.last[sender] = max(g.last[sender], seq)
}

// Lost returns the numbers skipped so far, over every sender.
func (g *Gaps) Lost() uint64 { return g.lost }

// OutOfOrder returns how many numbers did not increase.
func (g *Gaps) OutOfOrder() uint64 { return g.outOfOrder }

// Senders returns how many senders have been seen since the last Reset.
func (g *Gaps) Senders() int { return len(g.last) }

// Reset forgets every baseline but keeps the counts. Call it for a new
// connection to the relay: what was published while the dashboard was
// away was not lost by the relay, and sender ids of a restarted relay
// start again.
func (g *Gaps) Reset() { clear(g.last) }
