// Starts the Go page: Go's own wasm_exec.js, then the Go module, which
// uses package bridge directly (no postbridge.js involved).
import "/gopage/wasm_exec.js";

const go = new Go();
const { instance } = await WebAssembly.instantiateStreaming(fetch("/gopage/gopeer.wasm"), go.importObject);
go.run(instance);
