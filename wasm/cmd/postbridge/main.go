//go:build js && wasm

// Command postbridge is the WebAssembly module behind postbridge.js. Its
// whole interface is the exported functions of package boundary, which
// the loader calls; main only has to stay alive.
package main

import _ "github.com/postbridge/postbridge/wasm/boundary" // the exports

func main() { select {} }
