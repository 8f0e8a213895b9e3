// Start-up marks for the Go page (wasm/cmd/gopeer, booted by the lab's
// /pages/other/gopeer.js, which runs after this module). The Go page
// shows its state in #status: "connecting" once Go's main runs (Go
// started), "connected" once bridge.Connect returned and its handlers are
// registered (Go sets them in the same turn, before JavaScript runs again).
import { watchCompile, mark, reportTo } from "/pages/bench/startup.js";

mark("script");
watchCompile();
const main = document.querySelector('meta[name="pb-origins"]').dataset.main;
const status = document.getElementById("status");
new MutationObserver((records, observer) => {
  const state = status.dataset.state;
  if (state === "connecting") mark("go-started");
  if (state === "connected") {
    mark("go-started");
    observer.disconnect();
    reportTo(main);
  }
}).observe(status, { attributes: true, attributeFilter: ["data-state"] });
