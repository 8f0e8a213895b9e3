// Package relay is the websocket hub that carries Postbridge's debug
// traffic: browser pages with the tap enabled publish every bridge decision
// (sent, accepted, refused and why, latency) into a room; the dashboard
// subscribes and shows it live; Go test drivers publish commands and read
// results.
//
// The wire protocol is written down in PROTOCOL.md, for the JS tap and the
// dashboard; the client subpackage speaks it from Go. The examples are the
// quickest way in.
//
// # Why it is built this way
//
// The relay is a debugging aid reachable from web pages, so it must not
// become the hole the bridge exists to close:
//
//   - Who may connect is decided before the upgrade. A page is admitted by
//     its exact Origin, through a function the server supplies
//     (origin.Allowlist.Allows), so the relay has no matching rules of its
//     own. The websocket library's check is turned off because it is looser
//     (host globs, and any page whose host equals the Host header). A client
//     without an Origin cannot be a browser; it is a program and must both
//     connect from loopback and present the token the server prints at
//     start. Refusals are 403s and log lines; nothing else leaks.
//   - Frames are parsed strictly (exact member names, no duplicates, known
//     ops, typed values, valid UTF-8, size limits) because JS peers read the
//     same bytes: a frame must not mean one thing to Go and another to JS,
//     and a bad publication must not break every dashboard that receives it.
//     A bad frame costs its sender an error frame, never the connection.
//   - The hub never waits for a client. Each has a bounded queue; when it is
//     full, frames are dropped and counted, the client is told how many, and
//     a client that keeps losing is shed with close reason "slow consumer".
//     One frozen dashboard cannot stall the taps or the other dashboards.
//   - The hub numbers each sender's publications 1, 2, 3… so a subscriber
//     can prove it lost nothing from a sender, or see exactly where it did.
//   - Each room keeps its newest publications (1,000, at most 1 MiB, for
//     at most 64 rooms): a dashboard opened after the traffic still shows
//     it. A new subscription gets that history, marked, then live traffic;
//     both are decided under the lock publications take, so nothing falls
//     between them or arrives twice. Every bound is in records and bytes,
//     so a flood only ever costs the same memory.
//   - A publisher may number its items (src, n); the relay drops numbers
//     it has already accepted, so a tap whose socket broke can send its
//     unconfirmed records again without duplicating them.
//   - The hub pings every client and drops one that does not answer:
//     a peer that vanished without closing raises no error on a socket
//     nobody writes to, and would otherwise stay registered for ever.
//   - Shutdown delivers what was published before it, then says goodbye
//     with status 1001, so tests can end a run without losing its tail.
package relay
