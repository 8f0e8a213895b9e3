// Measures Postbridge against raw postMessage in the same browser, the
// same origins and the same kind of frame. Run by make bench.
import { origins } from "/pages/common/log.js";

const o = origins();
const q = new URLSearchParams(location.search);
const n = Number(q.get("n") || 2000);
const result = { part: q.get("part") || "raw", n };

function frame(query) {
  const f = document.createElement("iframe");
  f.src = o.other + "/lab/peer" + query;
  document.getElementById("frames").append(f);
  return f;
}

async function raw() {
  const f = frame("?mode=raw");
  await new Promise((resolve) => {
    window.addEventListener("message", function ready(e) {
      if (e.origin === o.other && e.data === "raw-ready") {
        window.removeEventListener("message", ready);
        resolve();
      }
    });
  });
  const win = f.contentWindow;
  let pending = null;
  window.addEventListener("message", (e) => {
    if (e.origin === o.other && e.source === win && pending) pending(e.data);
  });
  const once = (i) => new Promise((resolve) => { pending = resolve; win.postMessage({ i }, o.other); });
  for (let i = 0; i < 200; i++) await once(i); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await once(i);
  result.roundTripMs = (performance.now() - t0) / n;
}

async function bridge() {
  const t0 = performance.now();
  const { load } = await import("/postbridge/postbridge.js");
  const pb = await load();
  result.loadMs = performance.now() - t0;
  const f = frame("");
  const t1 = performance.now();
  const ch = await pb.connect({ window: f.contentWindow, origin: o.other, channel: "lab", timeout: 20000 });
  result.connectMs = performance.now() - t1;
  result.pageToConnectedMs = performance.now();
  for (let i = 0; i < 200; i++) await ch.request("echo", { i });
  const t2 = performance.now();
  for (let i = 0; i < n; i++) await ch.request("echo", { i });
  result.roundTripMs = (performance.now() - t2) / n;
  const seen = [];
  ch.on("tick", ({ i }) => seen.push(i));
  const t3 = performance.now();
  const total = await ch.request("burst", { n: 10000 }, { timeout: 60000 });
  while (seen.length < total) await new Promise((r) => setTimeout(r, 5));
  result.eventsPerSecond = total / ((performance.now() - t3) / 1000);
}

await (result.part === "bridge" ? bridge() : raw());
result.done = true;
window.benchResult = result;
document.getElementById("result").textContent = JSON.stringify(result, null, 2);
