// The parent page of the attack tests (issue 10). It frames a hostile
// page of the evil origin that floods it on request, and either runs
// Postbridge (?pb=1) or only the plain origin-checking listener a careful
// hand-written page would have (?pb=0), to compare what each costs.
import { load } from "/postbridge/postbridge.js";
import { origins } from "/pages/common/log.js";

const o = origins();
const withPB = new URLSearchParams(location.search).get("pb") !== "0";
const frames = document.getElementById("frames");

// The test's own counter looks at event.origin only, never at data: it
// must not be what keeps a flood alive.
let fromEvil = 0;
addEventListener("message", (e) => { if (e.origin === o.evil) fromEvil++; });
if (!withPB) {
  addEventListener("message", (e) => {
    if (e.origin !== o.other) return;
    window.plainGot = (window.plainGot || 0) + 1;
  });
}

const pb = withPB ? await load() : null;
const rejects = [];
if (pb) pb.onReject((r) => rejects.push({ reason: r.reason, origin: r.origin, count: r.count, summary: r.summary, detail: r.detail }));

function addFrame(src) {
  const f = document.createElement("iframe");
  f.src = src;
  frames.append(f);
  return f;
}

let evil = null;
async function evilFrame() {
  if (evil) return evil;
  const f = addFrame(o.evil + "/attack/flood");
  await new Promise((resolve) => {
    addEventListener("message", function ready(e) {
      if (e.origin === o.evil && e.source === f.contentWindow) { removeEventListener("message", ready); resolve(); }
    });
  });
  fromEvil = 0;
  return (evil = f);
}

window.hostile = {
  o,
  pb,
  rejects,
  withPB,
  // flood asks the hostile frame for n messages of kind and resolves when
  // all of them reached this page's listeners.
  async flood(kind, n, size = 0) {
    const f = await evilFrame();
    const start = fromEvil;
    const mc = new MessageChannel();
    const report = new Promise((r) => { mc.port1.onmessage = (e) => r(e.data); });
    f.contentWindow.postMessage({ flood: { kind, n, size } }, o.evil, [mc.port2]);
    const sent = await report;
    while (fromEvil - start < n) await new Promise((r) => setTimeout(r, 5));
    return sent;
  },
  // startFlood starts a flood and returns at once; done() says when it drained.
  async startFlood(kind, n, size = 0) {
    const f = await evilFrame();
    const start = fromEvil;
    f.contentWindow.postMessage({ flood: { kind, n, size } }, o.evil, [new MessageChannel().port2]);
    return { done: () => fromEvil - start >= n, received: () => fromEvil - start };
  },
  // memory forces a GC and reads the JS heap (Chromium only: gc() with
  // --expose-gc and performance.memory; null elsewhere) and the module's
  // memory (every engine).
  memory() {
    let heap = null;
    if (typeof globalThis.gc === "function" && performance.memory) {
      globalThis.gc();
      heap = performance.memory.usedJSHeapSize;
    }
    return { heap, wasm: pb ? pb.stats().wasmBytes : 0 };
  },
  peer(query = "") {
    return addFrame(o.other + "/lab/peer" + query);
  },
  connect(win, opts = {}) {
    return pb.connect({ window: win, origin: o.other, channel: "lab", ...opts });
  },
};
window.hostileReady = true;
