//go:build !(js && wasm)

package clock

import "time"

var start = time.Now()

// Now reads the monotonic clock.
func Now() Duration { return Duration(time.Since(start)) }

// Wall returns the wall clock time in microseconds since the Unix epoch.
func Wall() int64 { return time.Now().UnixMicro() }
