// Package web holds the static side of Postbridge: the demo pages and the
// built module (postbridge.js, postbridge.wasm and its precompressed
// copies, postbridge.d.ts), embedded so that the server binary stands alone.
//
// The module files are written by `make build`; a fresh clone holds only
// placeholders, and the server answers 404 for what was not built.
package web

import "embed"

// FS is the embedded web tree: pages/ (demo pages and their scripts),
// postbridge/ (the module), gopage/ (the Go lab peer), dashboard/
// (the dashboard's wasm) and goapp/ (the go-app page's wasm).
//
//go:embed all:pages all:postbridge all:gopage all:dashboard all:goapp
var FS embed.FS
