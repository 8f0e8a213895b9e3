import { load } from "/postbridge/postbridge.js";
import { log, setState, origins, withoutPort } from "/pages/common/log.js";

const o = origins();
document.getElementById("self").textContent = self.origin;

// The classic example's check, kept side by side with Postbridge to show
// what it lets in: a prefix test on the origin, with no port.
const prefix = withoutPort(o.main);
const naive = [];
window.addEventListener("message", (event) => {
  if (event.origin.indexOf(prefix) == 0 && event.origin !== o.main) {
    naive.push(event.origin);
    log("naive-accepted", `classic check accepted ${event.origin}`, { check: "naive", origin: event.origin });
  }
});

const pb = await load({ tap: o.main.replace(/^http/, "ws") + "/relay?room=demo" });
const refusals = [];
pb.onReject((info) => {
  refusals.push(info);
  log("refused", `refused ${info.reason} from ${info.origin}`, { check: "bridge", reason: info.reason, origin: info.origin });
});

setState("status", "connecting", "connecting to the parent…");
let ch;
try {
  // Embedded by two sites when the server hosts the second (-alt): each
  // allowed exactly, and the channel says which parent it talks to.
  const parents = o.alt ? [o.main, o.alt] : o.main;
  ch = await pb.connect({ window: window.parent, origin: parents, channel: "demo", timeout: 10000 });
} catch (e) {
  setState("status", "failed", `not connected: ${e.code}`);
  log("refused", `connect failed: ${e.code}`, { reason: e.code });
  throw e;
}
setState("status", "connected", `connected to ${ch.origin}`);

ch.handle("greet", ({ name }, meta) => {
  log("accepted", `greet from ${meta.origin}`, { origin: meta.origin });
  return { greeting: `Hello, ${name}, from ${self.origin}`, parent: meta.origin };
});

// Report to the parent what the hostile page's messages did here.
let sent = { naive: 0, bridge: 0 };
setInterval(() => {
  for (; sent.naive < naive.length; sent.naive++) {
    ch.emit("attack-report", { check: "naive", origin: naive[sent.naive] });
  }
  for (; sent.bridge < refusals.length; sent.bridge++) {
    const r = refusals[sent.bridge];
    ch.emit("attack-report", { check: "bridge", origin: r.origin, reason: r.reason });
  }
}, 100);
