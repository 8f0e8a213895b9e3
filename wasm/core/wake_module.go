//go:build postbridge_module

package core

import "github.com/postbridge/postbridge/wasm/clock"

// wakeTimer is nothing in the module: the boundary gives every router
// its Wake, the loader's one timer.
type wakeTimer struct{}

// timerWake is the module's default Wake: it does nothing.
func (r *Router) timerWake(clock.Duration) {}
