// Command dashboard is Postbridge's live debug dashboard: a go-app
// application, compiled to its own WebAssembly binary
// (web/dashboard/app.wasm) and served under /dashboard/ on the main origin
// by server/dashboard.
//
// It subscribes to every room of the relay (server/relay/PROTOCOL.md) with
// the browser's own WebSocket, and shows the decisions the pages' debug
// taps publish: what was sent, accepted and refused, why, and how fast.
//
// Why it is built this way:
//   - The browser's WebSocket through syscall/js, not a Go websocket
//     client: that would link net/http and TLS, about 600 KB more to
//     download for nothing.
//   - No Go code runs per message. The socket's message listener is a
//     JavaScript array's own push (relay_js.go); every 20 ms the feed takes
//     the array, parses the frames in slices of at most 8 ms so the browser
//     keeps reading the socket in between, and asks for a redraw at most
//     every 250 ms. The relay drops frames for a client that reads too
//     slowly; the dashboard must not be that client.
//   - The store keeps the newest 2,000 records; the table shows the newest
//     200 that pass the filter, written as one piece of escaped HTML
//     (package table), because go-app elements for 200 changing rows cost
//     most of a second per redraw.
//   - The relay replays each room's recent traffic to a new subscriber,
//     marked as history, so a dashboard opened after the demo shows what
//     happened. History rows count like live ones (counters, chart) and
//     are marked in the table; on a reconnection to the same relay
//     process (same epoch), history rows already shown are skipped by
//     sender and seq.
//   - The filter lives in the URL (/dashboard/?channel=demo&verdict=refused,
//     also origin, type and text): read at start, rewritten with
//     history.replaceState on every change, so a view can be shared or
//     bookmarked. Unknown parameters, repeated ones and untrusted values
//     are ignored (model.FilterFromQuery); values are only ever shown as
//     text.
//   - Everything that decides what is shown lives in packages model and
//     table, tested natively; the *_js.go files connect, render and
//     download. The browser entry point is split by build tag
//     (main_js.go), so the server side of go-app never reaches the wasm
//     binary; built for anything but GOOS=js, the command only says so.
//
// Tests and people read the page through stable hooks: rows are tr.row
// with data-id, data-verdict, data-reason, data-type, data-from, data-to,
// data-channel and data-dir, history rows are tr.row.history with
// data-history="true", an expanded row is followed by tr.detail;
// counters have ids (count-sent, count-accepted, count-refused,
// count-received, count-history, count-lost, count-dropped,
// count-tap-dropped, count-unreadable); filters are #filter-origin, #filter-channel,
// #filter-type, #filter-verdict and #filter-text; buttons #pause, #clear
// and #export; the connection is #relay-status with data-state
// connecting, connected or closed. window.dashboardStats holds
// {received, history, repeated, shown, matched, kept, lost, dropped,
// tapDropped, unreadable, paused, state} after every redraw, and redrawMs and slowestRedrawMs once
// the redraw is on screen.
package main
