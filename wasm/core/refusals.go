package core

import (
	"github.com/postbridge/postbridge/wasm/clock"

	"strconv"
	"strings"
	"sync"
)

// A flood of refused messages must be visible without being amplified
// into the dashboard or the relay. refusals counts every refusal exactly;
// per origin, the first Burst refusals of each second are reported one by
// one, and the rest of that second are reported as one summary per reason
// ("refused 41,233 more from X: ORIGIN_REFUSED") carrying the count.
type refusals struct {
	mu      sync.Mutex
	total   [len(allCodes)]uint64
	buckets map[string]*bucket
}

// bucket is one origin's current second.
type bucket struct {
	start clock.Duration
	shown int
	held  [len(allCodes)]int
	any   bool
}

// maxBuckets bounds the origins followed one by one; refusals from
// further origins share one bucket, reported as "other origins".
const maxBuckets = 64

// otherOrigins is the key of that shared bucket.
const otherOrigins = "\x00other"

func (f *refusals) init() { f.buckets = map[string]*bucket{} }

// count records a refusal that nobody observes.
func (f *refusals) count(c Code) {
	f.mu.Lock()
	f.total[codeIndex(c)]++
	f.mu.Unlock()
}

// refused counts d and reports it, or holds it for the summary.
func (r *Router) refused(d Decision) {
	if !r.hold(d.Reason, d.Origin) {
		return
	}
	if d.Time == 0 {
		d.Time = r.opt.Wall()
	}
	d.Count = 1
	r.opt.Observe(d)
}

// hold counts a refusal of code from origin and reports whether it is to
// be reported on its own; the caller builds the decision only then. Once
// an origin is past its burst for the current second, a refusal costs a
// counter and no clock read: the Tick at the end of the second sums it
// up.
func (r *Router) hold(code Code, origin string) (show bool) {
	if !r.observing(ObserveRefusals) {
		r.refusals.count(code)
		return false
	}
	f := &r.refusals
	i := codeIndex(code)
	f.mu.Lock()
	f.total[i]++
	if b, ok := f.buckets[origin]; ok && b.shown >= r.opt.Burst {
		b.held[i]++
		b.any = true
		f.mu.Unlock()
		return false
	}
	now := r.opt.Now()
	b := f.bucket(origin, now)
	var due []Decision
	if now-b.start >= clock.Second {
		due = b.flush(f.label(origin), nil, r.opt.Wall)
		b.start, b.shown = now, 0
	}
	show = b.shown < r.opt.Burst
	if show {
		b.shown++
	} else {
		b.held[i]++
		b.any = true
	}
	full := b.shown >= r.opt.Burst
	wake := b.start + clock.Second
	f.mu.Unlock()
	for _, s := range due {
		r.opt.Observe(s)
	}
	if full {
		r.want(wake) // the summary of this second
	}
	return show
}

// bucket returns the bucket of origin, making room for it if it can;
// the caller holds mu.
func (f *refusals) bucket(origin string, now clock.Duration) *bucket {
	if b, ok := f.buckets[origin]; ok {
		return b
	}
	if len(f.buckets) >= maxBuckets {
		for k, b := range f.buckets { // forget an origin that went quiet
			if k != otherOrigins && !b.any && now-b.start >= clock.Second {
				delete(f.buckets, k)
				break
			}
		}
	}
	key := strings.Clone(origin)
	if len(f.buckets) >= maxBuckets {
		key = otherOrigins
		if b, ok := f.buckets[key]; ok {
			return b
		}
	}
	b := &bucket{start: now}
	f.buckets[key] = b
	return b
}

// label is the origin a summary names.
func (f *refusals) label(origin string) string {
	if _, ok := f.buckets[origin]; ok {
		return origin
	}
	return otherOrigins
}

// flush appends the summaries of what b held and empties it.
func (b *bucket) flush(origin string, out []Decision, wall func() int64) []Decision {
	if !b.any {
		return out
	}
	who, from := origin, origin
	if origin == otherOrigins {
		who, from = "", "other origins"
	}
	for i, n := range b.held {
		if n == 0 {
			continue
		}
		c := allCodes[i]
		out = append(out, Decision{
			Time: wall(), Verdict: Refused, Reason: c, Origin: who, Count: n, Summary: true,
			Detail: "refused " + thousands(n) + " more from " + from + ": " + string(c),
		})
		b.held[i] = 0
	}
	b.any = false
	return out
}

// flushDue reports the summaries of every second that has ended, and
// returns when the next one ends (zero for none).
func (f *refusals) flushDue(r *Router, now clock.Duration) clock.Duration {
	f.mu.Lock()
	var due []Decision
	var next clock.Duration
	for k, b := range f.buckets {
		end := b.start + clock.Second
		switch {
		case now >= end: // a new second starts with a new burst
			due = b.flush(k, due, r.opt.Wall)
			b.start, b.shown = now, 0
		case b.any && (next == 0 || end < next):
			next = end
		}
	}
	f.mu.Unlock()
	for _, d := range due {
		r.opt.Observe(d)
	}
	return next
}

// Refusals returns how many messages were refused, by reason, since the
// router started: every one, whether reported, summed up or unobserved.
func (r *Router) Refusals() map[Code]uint64 {
	r.refusals.mu.Lock()
	defer r.refusals.mu.Unlock()
	out := map[Code]uint64{}
	for i, n := range r.refusals.total {
		if n > 0 {
			out[allCodes[i]] = n
		}
	}
	return out
}

// thousands writes n with comma separators: 41233 as "41,233".
func thousands(n int) string {
	s := strconv.Itoa(n)
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
