// Package boundary is the JS↔Go boundary of Postbridge: the Go half of
// what crosses between the page's JavaScript and the module, with the
// loader's shell (wasm/js/shell.js) as the other half.
//
// # Why it is narrow
//
// A call from JavaScript into Go through js.FuncOf costs tens of
// microseconds (the scheduler runs it on a goroutine), and every js.Value
// that enters Go gets a finalizer and a later crossing to release it. The
// message path therefore uses neither: the shell calls exported functions
// (//go:wasmexport, exports_js.go) with integers only, and strings travel
// through buffers in Go's linear memory. One message costs one call into
// Go and, on the way back, one read of the outbox; no goroutine is
// started, no Go timer armed, no js.Value made (TestBoundaryCostPerMessage
// counts them in Chromium).
//
// # What crosses
//
// Into Go, per call: small ids (a window, a port, a channel, a handler, a
// request, a call), lengths and kinds, and the inbox: the bytes the shell
// wrote there for this call (an event's origin, its data, a type name, a
// payload, a connect configuration as JSON). Go reads them during the call
// and keeps nothing that points into the inbox.
//
// Out of Go: the call's result (an integer, and for an error the code and
// message in the result buffer) and the outbox, a list of commands (see
// Op) the shell carries out in order: post this text to window w with
// this exact targetOrigin, offer a port, take the transferred port as p,
// post on port p, close port p, call handler h with this payload, settle
// request r, report a decision, arm the one timer, open the tap's socket,
// send on it, forget window w or handler h.
//
// The calls, each defined in exports_js.go:
//
//	pb_header()                          the header's address: where the buffers are (read after every call)
//	pb_init(selfLen, hrefLen)            the page's own origin and URL
//	pb_gate(win, originLen, trusted) → 0|1
//	                                     a window message, by origin, source id and event.isTrusted alone
//	pb_window(win, originLen, kind, dataLen, utf16Len, ports)
//	                                     a window message the gate admitted, with its data
//	pb_port(port, kind, dataLen, utf16Len)
//	                                     a message on a port Go gave
//	pb_open(len) → channel|-1            connect()
//	pb_emit(ch, typeLen, payloadLen) → 0|-1
//	pb_request(ch, typeLen, payloadLen, timeoutMs) → request|-1
//	pb_on / pb_handle(ch, typeLen, on) → handler|-1
//	pb_answer(ch, call, ok, a, b)        a JavaScript request handler settled
//	pb_close(ch), pb_observe(level), pb_tap(len), pb_tap_state(open, buffered),
//	pb_tap_frame(len), pb_tick(tapBuffered), pb_unload(), pb_reserve(len), pb_stats()
//
// # Why the loader cannot deliver what Go has not accepted
//
// The shell hands a handler nothing but what an OpEvent, OpCall or
// OpSettle command carries, and Go writes those only after every check of
// the order origin → source → envelope → channel → session and sequence →
// schema has passed. The shell never parses a message, never compares an
// origin, never decides which handler runs: it maps ids to objects. For a
// window message it reads event.origin and the identity of event.source
// (a Map from window to id, filled only with windows a connect() named),
// and reads event.data only if pb_gate admits the event; Go checks both
// again in pb_window. Ports exist for Go only under ids Go gave (OpOffer,
// OpAdopt); a message on any other port reaches no channel. A port
// transferred with an envelope for one of Go's channels that Go declines
// is closed (OpDropPorts); one transferred with anything else, refused at
// the gate or not Postbridge's at all, is not touched: it may be another
// library's. Lengths and ids
// from the shell are bounds-checked: a wrong one is a refusal or nothing,
// never a read outside the inbox (FuzzHost calls the host as a broken
// loader would). What the shell does decide is mechanical: how many bytes
// fit (a string longer in UTF-16 units than the inbox has bytes, or longer
// once encoded, is reported as too long without being copied, and Go
// refuses it), and, for speed, that an origin equals the previous one
// (pb_gate with SameOrigin; Go still judges it).
//
// # Go pages
//
// A Go page that uses package bridge links this package too, and the same
// calls serve it; its shell is the one postbridge.js gives it through
// runGo. Go code running outside a call from the shell (a handler's
// goroutine answering, a goroutine emitting) has its commands carried out
// at once through the shell's drain function (FlushWith), and a goroutine
// made runnable during a call gets a turn when the shell resumes Go after
// the call (header flag 1).
//
// Everything except exports_js.go is plain Go, tested natively with a fake
// loader (fakeloader_test.go) that reads the outbox as the shell does.
package boundary
