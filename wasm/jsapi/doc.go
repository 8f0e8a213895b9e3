// Package jsapi exposes the bridge's core to JavaScript. The ES module
// loader (postbridge.js) is the public API; it talks to the functions
// here, which take and return plain values (strings of JSON, numbers,
// callbacks), so that every decision stays in Go and both the JS and the
// Go API behave the same.
package jsapi
