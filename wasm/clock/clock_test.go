package clock_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/postbridge/postbridge/wasm/clock"
)

// Duration.String writes what time.Duration.String writes.
func TestDurationString(t *testing.T) {
	for _, d := range []time.Duration{0, 1, 999, time.Microsecond, 1500, 42 * time.Microsecond, time.Millisecond,
		300 * time.Millisecond, 1500 * time.Microsecond, time.Second, 1500 * time.Millisecond, 5 * time.Second,
		59*time.Second + 999*time.Millisecond, time.Minute, 90 * time.Second, time.Hour, 3*time.Hour + 25*time.Minute + 250*time.Millisecond,
		-5 * time.Second, 3600 * time.Second} {
		if got, want := clock.Duration(d).String(), d.String(); got != want {
			t.Errorf("Duration(%d).String() = %q; time says %q", int64(d), got, want)
		}
	}
}

func ExampleDuration_String() {
	fmt.Println(clock.Duration(1500*time.Millisecond), clock.Duration(5*time.Second), clock.Duration(300*time.Millisecond))
	// Output: 1.5s 5s 300ms
}

// The clocks move forward and agree with package time's.
func TestClocks(t *testing.T) {
	m0, w0 := clock.Now(), clock.Wall()
	time.Sleep(20 * time.Millisecond)
	m1, w1 := clock.Now(), clock.Wall()
	if m1-m0 < 15*clock.Millisecond || m1-m0 > 5*clock.Second {
		t.Errorf("monotonic clock moved %v in 20 ms", m1-m0)
	}
	if now := time.Now().UnixMicro(); w1 < w0 || now-w1 > 1e6 {
		t.Errorf("wall clock %d, then %d; time.Now says %d µs", w0, w1, now)
	}
}
