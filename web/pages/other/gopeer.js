// Starts the Go page through the Postbridge loader's runGo, which gives
// package bridge the shell it talks to the page through.
import { runGo } from "/postbridge/postbridge.js";

runGo("/gopage/gopeer.wasm").catch((e) => console.error("gopeer:", e));
