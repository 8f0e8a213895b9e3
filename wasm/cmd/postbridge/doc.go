// Command postbridge is the WebAssembly module loaded by postbridge.js;
// see package jsapi for the functions it exposes to the loader.
package main
