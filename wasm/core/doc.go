// Package core is the protocol engine of Postbridge: everything the bridge
// decides, with no browser in sight.
//
// A Router receives every message event of a page (through package
// boundary in a real page, through a fake in tests) and applies the checks
// in a fixed order: origin (byte-exact, origin.Allowlist) and source
// window first, from those two alone (Admit), then the envelope
// (envelope.Scan), then the channel. A Channel then runs the handshake
// (see handshake.go for what it guarantees, replays included), checks
// session and sequence numbers on its private MessageChannel port,
// applies payload schemas and limits, and dispatches to handlers by exact
// name.
//
// The message path is built for a single-threaded page: requests settle
// through a Settler, handlers answer through Incoming.Reply, and every
// deadline of every channel is kept in one sweep (Router.Tick) that the
// Router asks its environment to run once, at the earliest deadline. No
// goroutine, timer, context or allocation is spent per message
// (TestMessagePathCost). The Go API's blocking Request and goroutine
// handlers (goapi.go) are built on top.
//
// Decisions (sent, accepted, refused) are built only when someone
// observes them (Level), and refusals from one origin beyond 100 a second
// are summed up with exact counts (refusals.go), so that a flood is seen
// without being amplified.
//
// Keeping this logic free of syscall/js is what lets it be tested
// natively, under node and with attack inputs that a browser would never
// produce, and then again, unchanged, in Chromium.
package core
