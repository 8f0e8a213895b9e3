// Package core is the protocol engine of Postbridge: everything the bridge
// decides, with no browser in sight.
//
// A Router receives every message event of a page (through package
// browser in a real page, through a fake in tests) and applies the checks
// in a fixed order: origin (byte-exact, origin.Allowlist), source window,
// envelope (envelope.Decode), channel. A Channel then runs the handshake
// (see handshake.go for its requirements), checks session and sequence
// numbers on its private MessageChannel port, applies payload schemas and
// limits, and dispatches to handlers by exact name. Every decision is
// reported to the Router's observer, which feeds onReject and the debug
// tap.
//
// Keeping this logic free of syscall/js is what lets it be tested
// natively, under node and with attack inputs that a browser would never
// produce, and then again, unchanged, in Chromium.
package core
