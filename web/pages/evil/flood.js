// A hostile frame for the attack tests (issue 10). Its parent asks for a
// flood, handing it a port for the report; the frame then posts, with
// '*', n messages of one kind to the parent:
//   bytes   a fresh Uint8Array of size bytes each (copied, not transferred)
//   nested  an object nested size levels deep
//   string  a string of size characters
//   small   a forged Postbridge envelope, a few hundred bytes
//   port    a small string with a MessagePort transferred
// It yields to its event loop every 500 messages, so that a flood can run
// while the parent connects.
import { origins } from "/pages/common/log.js";

const o = origins();
const session = "evil" + Math.random().toString(36).slice(2).padEnd(16, "x");

function message(kind, size, i) {
  switch (kind) {
    case "bytes": return new Uint8Array(size);
    case "nested": {
      let v = { i };
      for (let d = 0; d < size; d++) v = { d, next: [v] };
      return v;
    }
    case "string": return "x".repeat(size);
    default: return JSON.stringify({ postbridge: 1, channel: "lab", session, seq: i + 1, kind: "hello", payload: { versions: [1] } });
  }
}

window.addEventListener("message", async (e) => {
  if (e.origin !== o.main || e.source !== window.parent || !e.data || !e.data.flood || !e.ports[0]) return;
  const { kind, n, size } = e.data.flood;
  const t0 = performance.now();
  const same = kind === "small" || kind === "string" ? message(kind, size, 0) : null;
  for (let i = 0; i < n; i++) {
    if (kind === "port") {
      const mc = new MessageChannel();
      window.parent.postMessage(message("small", 0, i), "*", [mc.port2]);
    } else {
      window.parent.postMessage(same === null ? message(kind, size, i) : same, "*");
    }
    if (i % 500 === 499) await new Promise((r) => setTimeout(r, 0));
  }
  e.ports[0].postMessage({ sent: n, ms: performance.now() - t0 });
});
window.parent.postMessage("flood-ready", o.main);
