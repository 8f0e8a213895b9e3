package relay

import (
	"sync"
	"time"
)

// Refusal log limits: a burst of refusalBurst lines, then one per
// refusalEvery. Refused upgrades are cheap to send, and each would
// otherwise cost a log line: a page in a reconnect loop, or a hostile one,
// must not flood the log. Stats.Refused still counts every refusal.
const (
	refusalBurst = 10
	refusalEvery = time.Second
)

// limiter is a token bucket for log lines that counts what it holds back.
type limiter struct {
	burst int
	every time.Duration
	now   func() time.Time

	mu       sync.Mutex
	tokens   float64
	last     time.Time
	withheld uint64
}

func newLimiter(burst int, every time.Duration, now func() time.Time) *limiter {
	return &limiter{burst: burst, every: every, now: now, tokens: float64(burst), last: now()}
}

// allow reports whether an event may be logged now and, if so, how many
// events were held back since the last one logged.
func (l *limiter) allow() (ok bool, withheld uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := l.now()
	if d := t.Sub(l.last); d > 0 {
		l.tokens = min(float64(l.burst), l.tokens+float64(d)/float64(l.every))
		l.last = t
	}
	if l.tokens < 1 {
		l.withheld++
		return false, 0
	}
	l.tokens--
	withheld, l.withheld = l.withheld, 0
	return true, withheld
}
