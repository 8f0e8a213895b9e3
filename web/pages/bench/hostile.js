// The hostile frame of the flood bench (served from the evil origin). When
// its parent asks (exact origin), it posts n forged Postbridge envelopes to
// the parent with '*', as fast as it can, then reports how long sending
// took on the port the parent handed it (never on the window: the parent
// must not read what the flood sends).
const main = document.querySelector('meta[name="pb-origins"]').dataset.main;
const session = "evil" + Math.random().toString(36).slice(2).padEnd(16, "x");
const forged = JSON.stringify({ postbridge: 1, channel: "bench", session, seq: 1, kind: "event", type: "tick", payload: { i: 0 } });

window.addEventListener("message", (e) => {
  if (e.origin !== main || e.source !== window.parent || !e.data || !e.data.flood || !e.ports[0]) return;
  const n = e.data.flood;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) window.parent.postMessage(forged, "*");
  e.ports[0].postMessage({ sentMs: performance.now() - t0, n, bytes: forged.length });
});
window.parent.postMessage("hostile-ready", main);
