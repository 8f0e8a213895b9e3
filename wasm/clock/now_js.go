//go:build js && wasm

package clock

import _ "unsafe" // for go:wasmimport of the runtime's own imports

// These are the imports Go's wasm_exec.js provides for the runtime itself
// (the same toolchain builds both), declared here so that the module reads
// the clocks without package time.

//go:wasmimport gojs runtime.nanotime1
func nanotime1() int64

//go:wasmimport gojs runtime.walltime
func walltime() (sec int64, nsec int32)

// Now reads the monotonic clock (performance.now in a browser).
func Now() Duration { return Duration(nanotime1()) }

// Wall returns the wall clock time in microseconds since the Unix epoch.
func Wall() int64 {
	sec, nsec := walltime()
	return sec*1e6 + int64(nsec)/1e3
}
