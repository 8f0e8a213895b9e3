//go:build js && wasm

package boundary

// The whole JS→Go boundary: every function the loader calls. Each takes
// integers (ids, lengths into the inbox) and returns an integer; strings
// travel through the inbox (the loader writes, Go reads during the call)
// and the outbox and result (Go writes, the loader reads after the call).
// See doc.go for the table of what crosses and why it is safe.

import (
	"unsafe"

	"github.com/postbridge/postbridge/wasm/core"
)

// header is where the loader finds the buffers, read after every call:
//
//	0 inbox address   1 inbox capacity
//	2 outbox address  3 outbox length (the loader writes 0 once it has carried it all out)
//	4 result address  5 result length
//	6 flags: 1 = a goroutine may run (call go._resume())
//	7 layout version (1)
//	8 written by the loader: 1 while it carries out commands (a call now is
//	  nested, made by a handler it is running)
var header [9]uint32

var page *Host

// Global returns the page's host, creating it on first use: the Go API
// and the exported functions share it.
func Global() *Host {
	if page == nil {
		page = New(Options{})
		page.Out.b = make([]byte, 0, 64<<10)
		page.res = make([]byte, 0, 1024)
	}
	return page
}

func addr(b []byte) uint32 {
	if cap(b) == 0 {
		return 0
	}
	return uint32(uintptr(unsafe.Pointer(unsafe.SliceData(b))))
}

// enter starts a call from the loader: the outbox keeps what the loader
// has not carried out yet.
func enter() *Host {
	h := Global()
	h.Enter()
	h.SetNested(header[8] == 1)
	h.Out.Truncate(int(header[3]))
	return h
}

// leave ends a call: it publishes the buffers and turns a panic, which
// would stop the module for good, into a line on the console.
func leave() {
	h := Global()
	if r := recover(); r != nil {
		println("postbridge: internal error:", r)
	}
	h.Leave()
	publish(h, h.TakeResume())
}

// publish writes the header for the loader.
func publish(h *Host, resume bool) {
	header[0], header[1] = addr(h.in), uint32(len(h.in))
	header[2], header[3] = addr(h.Out.b), uint32(len(h.Out.b))
	header[4], header[5] = addr(h.res), uint32(len(h.res))
	header[6] = 0
	if resume {
		header[6] = 1
	}
	header[7] = 1
}

// FlushWith makes drain, the shell's own function, carry out the outbox
// whenever Go writes to it outside a call from the loader: a Go page's
// goroutine that emits, answers or times out. The goroutines that became
// runnable meanwhile run as soon as this one yields; the shell is not
// asked to resume Go from inside Go.
func FlushWith(drain func()) {
	h := Global()
	h.SetFlush(func() {
		publish(h, false)
		drain()
		h.Out.Truncate(int(header[3]))
	})
}

func b2i(b bool) int32 {
	if b {
		return 1
	}
	return 0
}

//go:wasmexport pb_header
func pbHeader() uint32 {
	publish(Global(), false)
	return uint32(uintptr(unsafe.Pointer(&header[0])))
}

//go:wasmexport pb_init
func pbInit(selfLen, hrefLen int32) {
	defer leave()
	enter().Init(int(selfLen), int(hrefLen))
}

//go:wasmexport pb_reserve
func pbReserve(n int32) int32 {
	defer leave()
	return b2i(enter().Reserve(int(n)))
}

//go:wasmexport pb_gate
func pbGate(win uint32, n, trusted int32) int32 {
	defer leave()
	return b2i(enter().Gate(win, int(n), trusted != 0))
}

//go:wasmexport pb_window
func pbWindow(win uint32, originLen, kind, dataLen, length, ports int32) {
	defer leave()
	enter().Window(win, int(originLen), core.DataKind(kind), int(dataLen), int(length), int(ports))
}

//go:wasmexport pb_port
func pbPort(port uint32, kind, dataLen, length int32) {
	defer leave()
	enter().Port(port, core.DataKind(kind), int(dataLen), int(length))
}

//go:wasmexport pb_open
func pbOpen(n int32) int32 {
	defer leave()
	return enter().Open(int(n))
}

//go:wasmexport pb_emit
func pbEmit(ch uint32, typeLen, payloadLen int32) int32 {
	defer leave()
	return enter().Emit(ch, int(typeLen), int(payloadLen))
}

//go:wasmexport pb_request
func pbRequest(ch uint32, typeLen, payloadLen int32, timeoutMs float64) int32 {
	defer leave()
	return enter().Request(ch, int(typeLen), int(payloadLen), timeoutMs)
}

//go:wasmexport pb_on
func pbOn(ch uint32, typeLen, on int32) int32 {
	defer leave()
	return enter().On(ch, int(typeLen), on != 0)
}

//go:wasmexport pb_handle
func pbHandle(ch uint32, typeLen, on int32) int32 {
	defer leave()
	return enter().Handle(ch, int(typeLen), on != 0)
}

//go:wasmexport pb_answer
func pbAnswer(ch uint32, call float64, ok, a, b int32) {
	defer leave()
	enter().Answer(ch, call, ok != 0, int(a), int(b))
}

//go:wasmexport pb_close
func pbClose(ch uint32) {
	defer leave()
	enter().Close(ch)
}

//go:wasmexport pb_observe
func pbObserve(level int32) {
	defer leave()
	enter().Observe(core.Level(level))
}

//go:wasmexport pb_tap
func pbTap(n int32) int32 {
	defer leave()
	return enter().StartTap(int(n))
}

//go:wasmexport pb_tap_state
func pbTapState(open int32, buffered float64) {
	defer leave()
	enter().TapState(open != 0, int(buffered))
}

//go:wasmexport pb_tap_frame
func pbTapFrame(n int32) {
	defer leave()
	enter().TapFrame(int(n))
}

//go:wasmexport pb_tick
func pbTick(tapBuffered float64) {
	defer leave()
	h := enter()
	if h.tap != nil {
		h.tap.Buffered(int(tapBuffered))
	}
	h.Tick()
}

//go:wasmexport pb_unload
func pbUnload() {
	defer leave()
	enter().Unload()
}

//go:wasmexport pb_stats
func pbStats() {
	defer leave()
	enter().Stats()
}
