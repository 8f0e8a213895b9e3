// Command goapp is a go-app application that speaks through the bridge:
// compiled to its own WebAssembly binary (web/goapp/app.wasm), served
// under /goapp/ on the other origin by server/goapp, and framed by the
// main page in place of the plain framed page.
//
// Its component (peer_js.go) connects to window.parent in OnMount, on
// channel "demo" with the main origin, and closes the channel in
// OnDismount. It answers the parent's typed requests (messages.go):
//
//   - "greet" {name} → {greeting}, as the plain framed page does, so the
//     main page works with either;
//   - "add" {n} → {total}: adds n to a counter the page shows; a payload
//     that does not decode (n a string) is answered with SCHEMA by
//     package bridge before any of this code runs;
//   - "snapshot" → what the page shows, read back from its DOM;
//   - "leave" → {}: navigates within the app to /goapp/bye, which
//     dismounts the component and so closes the channel.
//
// It asks the parent "describe" {from} → {title} with bridge.Request once
// connected and whenever the person presses #ask, and shows the answer.
//
// Why it is built this way:
//   - Handlers that touch the component's fields run on go-app's UI
//     goroutine through package appbridge (ctx.Dispatch), so the page is
//     redrawn after each; blocking calls (Connect, Request) run under
//     ctx.Async and hand their results back with ctx.Dispatch.
//   - The allowed parent origin comes from the server's configuration
//     (go-app's environment, app.Getenv("POSTBRIDGE_PARENT_ORIGIN"), which
//     server/goapp fills from the site's main origin), never from the URL:
//     whoever can choose the origin can choose who the page talks to.
//   - Package bridge needs the shell that postbridge.js's runGo gives it,
//     so server/goapp serves an app.js that starts the wasm with runGo
//     instead of go-app's new Go(), and defines what go-app's Go side
//     calls in the page.
//   - The browser entry point is split by build tag (main_js.go); built
//     for anything but GOOS=js the command only says so.
//
// Hooks: #status (data-state connecting, connected, failed or closed),
// #greetings, #last-greeting, #total, #parent-says, the #ask button; on
// /goapp/bye, #left.
package main
