// The hostile flood bench (issue 10). This page frames a legitimate peer
// on the other origin and a hostile frame on the evil origin. With
// ?mode=plain its only message listener for the peer is the plain one
// (raw postMessage, `if (e.origin !== X) return` first); with ?mode=js
// Postbridge is connected to the peer instead. The hostile frame then
// posts n refused messages with '*' while the page keeps making sequential
// requests to its peer. Published: the time to drain the flood, and the
// requests' latencies without and during it.
import { cases, frame } from "/pages/bench/cases.js";
import { peerStartup } from "/pages/bench/startup.js";
import { quantile, publish, withTimeout } from "/pages/bench/stats.js";

const origins = document.querySelector('meta[name="pb-origins"]').dataset;
const q = new URLSearchParams(location.search);
const mode = q.get("mode") === "js" ? "js" : "plain";
const n = Number(q.get("n") || 200000);
const result = { mode, n };
const frames = document.getElementById("frames");

async function legit() {
  const c = cases[mode === "js" ? "js" : "window"];
  const f = frame(frames);
  const reported = peerStartup(f.win, origins.other);
  const opening = c.open(f.win, origins.other);
  f.navigate(origins.other + c.path);
  const client = await withTimeout(opening, 60000);
  await withTimeout(reported, 60000);
  return client;
}

async function hostile() {
  const h = frame(frames);
  const ready = new Promise((resolve) => {
    window.addEventListener("message", function got(e) {
      if (e.origin !== origins.evil || e.source !== h.win || e.data !== "hostile-ready") return;
      window.removeEventListener("message", got);
      resolve();
    });
  });
  h.navigate(origins.evil + "/bench/hostile");
  await withTimeout(ready, 60000);
  return h.win;
}

// latency times one request in ms; null when it took over 10 s.
async function latency(client, i) {
  const t = performance.now();
  try {
    await withTimeout(client.sum(i, 1), 10000);
  } catch (e) {
    return null;
  }
  return performance.now() - t;
}

function summary(lat, timeouts) {
  return { n: lat.length, timeouts, p50Ms: quantile(lat, 0.5), p95Ms: quantile(lat, 0.95), maxMs: lat.length ? Math.max(...lat) : NaN };
}

async function run() {
  const client = await legit();
  const win = await hostile();
  for (let i = 0; i < 100; i++) await client.sum(i, 1);
  const quiet = [];
  for (let i = 0; i < 300; i++) quiet.push(await latency(client, i));
  result.without = summary(quiet.filter((x) => x !== null), quiet.filter((x) => x === null).length);

  // The same cheap counter in both modes: it compares the source only and
  // reads nothing of what the flood sends.
  let count = 0;
  let drainedAt = null;
  let resolveDrained;
  const drained = new Promise((resolve) => { resolveDrained = resolve; });
  window.addEventListener("message", (e) => {
    if (e.source === win && ++count === n) {
      drainedAt = performance.now();
      resolveDrained();
    }
  });
  const { port1, port2 } = new MessageChannel();
  const sent = new Promise((resolve) => { port1.onmessage = (e) => resolve(e.data); });
  const t0 = performance.now();
  win.postMessage({ flood: n }, origins.evil, [port2]);

  const during = [];
  let timeouts = 0;
  for (let i = 0; drainedAt === null && performance.now() - t0 < 300000; i++) {
    const ms = await latency(client, i);
    if (ms === null) {
      timeouts++;
      if (mode === "plain") break; // a raw reply could arrive late and answer the next request
    } else if (drainedAt === null) {
      during.push(ms);
    }
  }
  await withTimeout(drained, 300000);
  result.drainMs = drainedAt - t0;
  result.during = summary(during, timeouts);
  result.hostile = await withTimeout(sent, 60000);
}

try {
  await run();
} catch (e) {
  result.error = String((e && e.stack) || e);
}
publish(result);
