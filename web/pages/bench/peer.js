// The framed side of the bench's JavaScript cases (?case=port, window,
// penpal or js): the same three operations as cases.js, answered through
// each transport. It reports its start-up marks to the parent once it is
// connected and its handlers are in place.
import { watchCompile, mark, reportTo } from "/pages/bench/startup.js";

mark("script");
watchCompile();
const main = document.querySelector('meta[name="pb-origins"]').dataset.main;
const which = new URLSearchParams(location.search).get("case");
const parent = window.parent;
const status = document.getElementById("status");

function connected() {
  status.dataset.state = "connected";
  status.textContent = "connected (" + which + ")";
  reportTo(main);
}

// answer serves the raw cases' protocol: {op, ...} -> {r}, burst sends n
// ticks first.
function answer(d, reply) {
  switch (d && d.op) {
    case "sum":
      reply({ r: d.a + d.b });
      break;
    case "echo":
      reply({ r: d.v });
      break;
    case "burst":
      for (let i = 0; i < d.n; i++) reply({ t: "tick", i });
      reply({ r: d.n });
      break;
  }
}

function port() {
  window.addEventListener("message", function got(e) {
    if (e.origin !== main || e.source !== parent || e.data !== "bench-port" || !e.ports[0]) return;
    window.removeEventListener("message", got);
    const p = e.ports[0];
    p.onmessage = (m) => answer(m.data, (x) => p.postMessage(x));
    p.postMessage("bench-ok");
    connected();
  });
  parent.postMessage("bench-ready", main);
}

function rawWindow() {
  let acked = false;
  window.addEventListener("message", (e) => {
    if (e.origin !== main || e.source !== parent) return;
    if (!acked) {
      if (e.data === "bench-ack") {
        acked = true;
        connected();
      }
      return;
    }
    answer(e.data, (x) => parent.postMessage(x, main));
  });
  parent.postMessage("bench-ready", main);
}

async function penpal() {
  const { connect, WindowMessenger } = await import("/bench/penpal.mjs");
  let remote = null;
  const conn = connect({
    messenger: new WindowMessenger({ remoteWindow: parent, allowedOrigins: [main] }),
    methods: {
      sum: (a, b) => a + b,
      echo: (v) => v,
      burst(n) {
        // penpal has no one-way message: each call is answered.
        for (let i = 0; i < n; i++) remote.tick({ i }).catch(() => {});
        return n;
      },
    },
    timeout: 30000,
  });
  remote = await conn.promise;
  connected();
}

async function bridge() {
  const { load } = await import("/postbridge/postbridge.js");
  const pb = await load();
  mark("go-started");
  const ch = await pb.connect({ window: parent, origin: main, channel: "bench", timeout: 30000, handlerTimeout: 300000 });
  ch.handle("sum", ({ a, b }) => a + b);
  ch.handle("echo", (p) => p);
  ch.handle("burst", ({ n }) => {
    for (let i = 0; i < n; i++) ch.emit("tick", { i });
    return n;
  });
  connected();
}

const run = { port, window: rawWindow, penpal, js: bridge }[which];
if (run) {
  run();
} else {
  status.textContent = "unknown case " + which;
}
