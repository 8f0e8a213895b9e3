// Package goapp serves the go-app page that speaks through the bridge
// (wasm/goapp, its own WebAssembly binary) under /goapp/ on the other
// origin, for the main page to frame.
//
// It follows server/dashboard: go-app's handler assumes a deployment this
// server is not (files from the working directory, fetches for
// /robots.txt and the like from whatever host a request names, outside
// icons, a cache-first service worker), so Handler answers a fixed list
// of paths and nothing else:
//
//   - /goapp/ and /goapp/bye, the app's two routes, rendered by go-app;
//   - /goapp/app.js, this package's own (static/app.js): it starts the
//     wasm with runGo from /postbridge/postbridge.js, which package bridge
//     needs, in place of wasm_exec.js's Go class, and defines every window
//     function go-app's Go side calls, with the environment the server
//     chose;
//   - /goapp/wasm_exec.js, which go-app's page always loads: a comment,
//     since runGo brings the Go runtime;
//   - /goapp/app.css (go-app's loader style), /goapp/web/goapp.css and
//     /goapp/web/icon.svg, embedded;
//   - /goapp/web/app.wasm from the embedded web tree (goapp/app.wasm),
//     with its brotli or gzip sibling when the browser accepts one;
//   - /goapp/manifest.webmanifest, this package's, with the SVG icon only.
//
// No service worker: the page is made to be framed, not installed.
// Everything else under /goapp/ is a 404, and nothing refers to
// another host.
//
// The parent origin the page may talk to is the one given to Handler,
// from the server's configuration, passed to the page in go-app's
// environment (POSTBRIDGE_PARENT_ORIGIN): never taken from the request.
//
// go-app's routes are global to the process and the dashboard renders
// "/": this package's server-side routes are the full paths ("/goapp/",
// "/goapp/bye"), so that the two never replace each other's.
package goapp
