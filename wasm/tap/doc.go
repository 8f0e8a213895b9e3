// Package tap streams the bridge's decisions (sent, accepted, refused with
// the reason, latency) to the Postbridge relay for the live dashboard.
//
// The tap is a debugging aid and must never cost the messaging it watches:
// decisions go into a bounded buffer (the oldest are dropped and counted
// when it is full), and are sent in batches on the browser's own WebSocket
// (tap_js.go) only while the socket is open and not backed up. A missing or
// slow server costs a few appends and a counter, nothing more. The wire
// format is the relay's pub frame (server/relay/PROTOCOL.md) whose batch
// items are the records described by Record.
package tap
