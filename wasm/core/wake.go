//go:build !postbridge_module

package core

import (
	"time"

	"github.com/postbridge/postbridge/wasm/clock"
)

// wakeTimer is the default Wake's timer: one time.Timer per router. The
// module (built with the postbridge_module tag) has no package time and
// always gets its Wake from the boundary.
type wakeTimer = *time.Timer

// timerWake is the default Wake. It runs with wmu held.
func (r *Router) timerWake(d clock.Duration) {
	if d < 0 {
		if r.timer != nil {
			r.timer.Stop()
		}
		return
	}
	if r.timer == nil {
		r.timer = time.AfterFunc(time.Duration(d), r.Tick)
		return
	}
	r.timer.Reset(time.Duration(d))
}
