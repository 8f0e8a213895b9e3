// Package envelope defines the typed message envelope of Postbridge's wire
// protocol, version 1: one JSON object, sent as a string through
// postMessage, with a fixed set of members. PROTOCOL.md beside this file is
// the specification, written for implementers of compatible peers.
//
// Why a package of its own, and why so strict: postMessage delivers
// messages from any window that can reach ours, and several libraries often
// share one window. The envelope is the first thing a receiver looks at, so
// it must tell our messages from others' (ErrNotEnvelope, to be ignored
// quietly), refuse versions it does not speak (a *VersionError carrying the
// version seen), and read each message exactly one way. Every member has one
// spelling (no case folding, unlike encoding/json's struct matching), may
// appear once (duplicates are refused, not "last one wins"), and is
// required, optional or forbidden according to the kind of message. A
// message that two implementations would read differently is refused.
//
// The same rules run in both directions: [Decode] checks what arrives and
// [Envelope.Validate] (run by [Envelope.Append] and [Encode]) checks what we
// send, so a bug on our side shows up as an error here, not as a refusal by
// the peer.
//
// Receiving has two forms with one set of rules. [Scan] is the hot path: it
// checks a message in a reused buffer and fills a [View] of slices of it,
// without allocating for a valid message. [Decode] is Scan plus a copy into
// an [Envelope] to keep. Append, given room, does not allocate either. A
// differential fuzz test holds Scan to the tree-based decoder it replaced,
// error for error.
//
// Errors are values to match: sentinels for errors.Is, a [*FieldError]
// naming the member at fault, and a [*VersionError]. JSON-level sentinels are
// those of package jsonvalue under the same names, so either matches.
//
// The package is linked into the browser module, so it avoids fmt,
// encoding/json, reflect and regexp; the name rules are hand-written.
// Session state (sequence numbers, the handshake) lives in the bridge, not
// here; the example files show the encoded form of each kind.
package envelope
