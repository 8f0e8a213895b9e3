// Package model is everything the dashboard knows without a browser: it
// reads the relay's frames and the tap records inside them, keeps the
// newest records in a bounded ring, counts verdicts and refusal reasons,
// finds lost frames from gaps in the relay's per-sender sequence numbers,
// filters, formats and exports records, and draws the latency chart.
//
// Why a package of its own: the dashboard must stay responsive at a
// thousand messages a second, and every rule that decides what a person
// sees (is a frame lost, does a row match a filter, what is kept) is
// easier to trust when it is tested natively, in table tests and fuzz
// targets, than when it is only visible in a browser. The browser side
// (package main, *_js.go) is left with the WebSocket, the timer and the
// rendering.
//
// Why encoding/json here, unlike the packages linked into the bridge
// module: the dashboard's binary already carries encoding/json through
// go-app, and a viewer should show what arrived, so it reads frames
// leniently (unknown members are ignored, as the relay protocol asks) and
// keeps a record it cannot read as an "unreadable" row instead of hiding
// it.
//
// Nothing here is safe for concurrent use: the dashboard calls it from its
// UI goroutine only.
package model
