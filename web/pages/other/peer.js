// A lab peer: connects to its parent (or opener) and offers handlers that
// browser tests call to make things happen on this side.
import { load } from "/postbridge/postbridge.js";
import { log, setState, origins } from "/pages/common/log.js";

const o = origins();
const q = new URLSearchParams(location.search);
const target = q.has("popup") ? window.opener : window.parent;

if (q.get("mode") === "raw") {
  // The bench's baseline: a bare echo with an exact origin check, no module.
  window.addEventListener("message", (e) => {
    if (e.origin === o.main && e.source === target) target.postMessage(e.data, o.main);
  });
  target.postMessage("raw-ready", o.main);
  setState("status", "raw", "raw echo");
} else if (q.get("mode") === "orphan") {
  // The attack page of a null event.source: a burst of hellos to the
  // parent, which removes this frame as the first arrives, so the rest
  // reach it from a window that no longer exists.
  const hello = { postbridge: 1, channel: "lab", session: "orphan-peer-session-00001", seq: 1, kind: "hello", payload: { versions: [1] } };
  for (let i = 0; i < 500; i++) target.postMessage(JSON.stringify(hello), o.main);
  setState("status", "orphan", "posted 500 hellos");
} else if (q.get("mode") === "v2") {
  // A peer from the future: its envelopes say version 2.
  let seq = 0;
  setInterval(() => {
    seq++;
    const hello = { postbridge: 2, channel: "lab", session: "future-peer-session-0001", seq, kind: "hello", payload: { versions: [2] } };
    target.postMessage(JSON.stringify(hello), o.main);
  }, 50);
  setState("status", "v2", "speaking version 2");
} else {
  // A raw MessagePort echo beside the channel, for the profile tool's
  // baseline: the parent hands over a port, exact origin checked.
  window.addEventListener("message", (e) => {
    if (e.origin !== o.main || e.source !== target || e.data !== "raw-port" || !e.ports[0]) return;
    const p = e.ports[0];
    p.onmessage = (m) => p.postMessage(m.data);
  });
  const pb = await load(q.get("tap") === "off" ? {} : { tap: o.main.replace(/^http/, "ws") + "/relay?room=lab" });
  setState("status", "connecting", "connecting…");
  const opts = {};
  for (const k of ["maxPayload", "handlerTimeout", "maxPending"]) if (q.has(k)) opts[k] = Number(q.get(k));
  const ch = await pb.connect({ window: target, origin: o.main, channel: q.get("channel") || "lab", timeout: 10000, ...opts });
  setState("status", "connected", "connected");
  ch.handle("echo", (p) => p);
  ch.handle("fail", (p) => {
    throw new Error("the peer says no: " + p.why);
  });
  ch.handle("slow", (p) => new Promise((resolve) => setTimeout(() => resolve("late"), p.ms)));
  ch.handle("burst", ({ n }) => {
    for (let i = 0; i < n; i++) ch.emit("tick", { i });
    return n;
  });
  ch.handle("send", ({ type, payload }) => {
    ch.emit(type, payload);
    return true;
  });
  ch.handle("reload", () => {
    setTimeout(() => location.reload(), 20);
    return true;
  });
  ch.handle("navigate", ({ url }) => {
    setTimeout(() => { location.href = url; }, 20);
    return true;
  });
  ch.handle("whoami", (p, meta) => ({ origin: self.origin, peer: meta.origin, loadedAt: performance.timeOrigin }));
  // For the attack tests: a handler that never answers, the module's
  // stats, a raw post to the parent (a replay), a big event.
  ch.handle("never", () => new Promise(() => {}));
  ch.handle("stats", () => pb.stats());
  ch.handle("postRaw", ({ data }) => {
    target.postMessage(data, o.main);
    return true;
  });
  ch.handle("big", ({ n }) => {
    ch.emit("big", "x".repeat(n));
    return true;
  });
  log("ok", "handlers ready");
}
