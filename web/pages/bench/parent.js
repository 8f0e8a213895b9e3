// The bench's parent page (main origin). One load runs one case against
// one frame and publishes window.benchResult:
//   ?do=rt     round trips (sum), payload round trips (echo), events one
//              way (burst), after warm-up
//   ?do=ready  start-up of both pages, from this page's navigation start
// Counts come from the query so the harness decides them (defaults are
// issue 7's).
import { cases, frame } from "/pages/bench/cases.js";
import { watchCompile, mark, startup, phases, peerStartup } from "/pages/bench/startup.js";
import { quantile, publish, withTimeout } from "/pages/bench/stats.js";

mark("script");
watchCompile();
const origins = document.querySelector('meta[name="pb-origins"]').dataset;
const q = new URLSearchParams(location.search);
const num = (name, def) => Number(q.get(name) || def);
const which = q.get("case");
const setup = q.get("setup") === "same" ? "same" : "cross";
const peer = setup === "same" ? origins.same : origins.other;
const result = { case: which, setup, peer };

// connectPeer frames the case's peer page and connects to it; it resolves
// once both sides are connected (the peer reports when it is).
async function connectPeer() {
  const c = cases[which];
  if (!c) throw new Error("unknown case " + which);
  const f = frame(document.getElementById("frames"));
  const reported = peerStartup(f.win, peer);
  const opening = c.open(f.win, peer);
  f.navigate(peer + c.path);
  // The frame's load event: what a page without the library would wait
  // for; from there to connected is what the library adds.
  f.element.addEventListener("load", () => { if (result.frameLoadMs === undefined) result.frameLoadMs = performance.now(); });
  const client = await withTimeout(opening, 60000);
  mark("connected");
  const peerRecord = await withTimeout(reported, 60000);
  return { client, peerRecord };
}

// ready: where the start-up time of both pages goes.
async function ready() {
  const { peerRecord } = await connectPeer();
  const own = startup();
  const shift = peerRecord.timeOrigin - own.timeOrigin; // peer ms -> parent ms
  result.parent = phases(own);
  result.peer = phases(peerRecord);
  result.peer.connectedOnParent = peerRecord.marks.connected + shift;
  result.peer.navStartOnParent = shift;
  result.bothMs = Math.max(result.parent.connected, result.peer.connectedOnParent);
  // Connected can come before the load event (the page's own subresources
  // load meanwhile): wait for it, then count from it.
  for (let i = 0; result.frameLoadMs === undefined && i < 500; i++) await new Promise((r) => setTimeout(r, 10));
  result.fromLoadMs = result.bothMs - result.frameLoadMs;
  result.leadMarks = { parent: own.lead, peer: peerRecord.lead };
}

// sumLoop runs n sequential sums, timing batches of `batch` (the clock
// ticks at 100 µs, so one round trip is below its resolution): it returns
// the mean and the batch means in µs.
async function sumLoop(c, n, batch) {
  const per = [];
  let errors = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i += batch) {
    const t = performance.now();
    for (let k = 0; k < batch; k++) {
      if ((await c.sum(i + k, 1)) !== i + k + 1) errors++;
    }
    per.push(((performance.now() - t) * 1000) / batch);
  }
  return { meanUs: ((performance.now() - t0) * 1000) / n, per, errors };
}

async function rt() {
  const { client: c } = await connectPeer();
  const warm = num("warm", 500);
  await sumLoop(c, warm, 10);
  const n = num("n", 10000);
  const batch = num("batch", 10);
  const s = await sumLoop(c, n, batch);
  result.rt = { n, batch, meanUs: s.meanUs, p50Us: quantile(s.per, 0.5), p99Us: quantile(s.per, 0.99), errors: s.errors };

  result.payload = {};
  for (const size of [100, 10000, 60000]) {
    const v = "x".repeat(size);
    const count = num("p" + size, 1000);
    let errors = 0;
    for (let i = 0; i < 20; i++) await c.echo(v);
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      if ((await c.echo(v)).length !== size) errors++;
    }
    result.payload[size] = { n: count, meanUs: ((performance.now() - t0) * 1000) / count, errors };
  }

  await c.burst(num("ewarm", 1000));
  const events = num("events", 100000);
  const t0 = performance.now();
  const b = await c.burst(events);
  const ms = performance.now() - t0;
  result.events = { n: events, seen: b.seen, ms, perS: (b.seen / ms) * 1000, error: b.error };
}

try {
  await (q.get("do") === "ready" ? ready() : rt());
} catch (e) {
  result.error = String((e && e.stack) || e);
}
publish(result);
