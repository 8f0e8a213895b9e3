package relay

import (
	"testing"
	"time"
)

// TestLimiter: a burst passes, then one event per interval, and the first
// event let through after a hold-back says how many were held back.
func TestLimiter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	l := newLimiter(3, time.Second, func() time.Time { return now })
	step := func(name string, wantOK bool, wantWithheld uint64) {
		t.Helper()
		if ok, n := l.allow(); ok != wantOK || n != wantWithheld {
			t.Errorf("%s: allow() = %v, %d; want %v, %d", name, ok, n, wantOK, wantWithheld)
		}
	}
	for range 3 {
		step("burst", true, 0)
	}
	for range 5 {
		step("over the burst", false, 0)
	}
	now = now.Add(500 * time.Millisecond)
	step("half an interval later", false, 0)
	now = now.Add(500 * time.Millisecond)
	step("an interval later", true, 6)
	step("at once again", false, 0)
	now = now.Add(time.Hour) // refills to the burst, no more
	step("after a long quiet", true, 1)
	step("after a long quiet", true, 0)
	step("after a long quiet", true, 0)
	step("bucket empty again", false, 0)
	now = now.Add(-time.Minute) // a clock step back neither refills nor breaks it
	step("clock stepped back", false, 0)
}
