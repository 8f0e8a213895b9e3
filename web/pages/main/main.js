import { load } from "/postbridge/postbridge.js";
import { log, setState, origins, withoutPort } from "/pages/common/log.js";

const o = origins();
const frame = document.getElementById("other");
document.getElementById("naive-prefix").textContent = withoutPort(o.main);

// Every demo page taps into the dashboard's relay (debugging only).
const tap = o.main.replace(/^http/, "ws") + "/relay?room=demo";
const pb = await load({ tap });
pb.onReject((info) => {
  log("refused", `refused ${info.reason} from ${info.origin}: ${info.detail}`, {
    reason: info.reason, origin: info.origin, where: "main",
  });
  if (info.origin === o.evil) {
    document.getElementById("bridge-verdict").textContent = `refused (${info.reason})`;
  }
});

setState("status", "connecting", "connecting…");
let ch;
try {
  ch = await pb.connect({ window: frame.contentWindow, origin: o.other, channel: "demo", timeout: 10000 });
} catch (e) {
  setState("status", "failed", `failed: ${e.code}`);
  log("refused", `connect failed: ${e.code} ${e.message}`, { reason: e.code });
  throw e;
}
setState("status", "connected", "connected");
log("ok", `connected to ${o.other}`, { event: "connected" });

// The framed page reports what happened to the hostile page's messages
// there: the classic check accepted them, Postbridge refused them.
ch.on("attack-report", (r) => {
  if (r.check === "naive") {
    document.getElementById("naive-verdict").textContent = `accepted a message from ${r.origin}`;
    log("naive-accepted", `in the frame, the classic check accepted ${r.origin}`, { where: "frame", check: "naive", origin: r.origin });
  } else {
    log("refused", `in the frame, Postbridge refused ${r.origin}: ${r.reason}`, { where: "frame", check: "bridge", origin: r.origin, reason: r.reason });
  }
});

async function greet() {
  const started = performance.now();
  try {
    const reply = await ch.request("greet", { name: "Ada" });
    log("ok", `reply: ${reply.greeting} (${(performance.now() - started).toFixed(1)} ms)`, { event: "reply", greeting: reply.greeting, parent: reply.parent });
  } catch (e) {
    log("refused", `request failed: ${e.code} ${e.message}`, { reason: e.code });
  }
}
document.getElementById("greet").addEventListener("click", greet);
await greet();

// CORS: the other origin grants exactly this origin, with credentials.
try {
  const res = await fetch(o.other + "/api/profile", { credentials: "include" });
  const profile = await res.json();
  document.getElementById("cors-result").textContent = JSON.stringify(profile, null, 2);
  log("ok", `CORS fetch read ${profile.name}`, { event: "cors", name: profile.name });
} catch (e) {
  document.getElementById("cors-result").textContent = "blocked: " + e.message;
  log("refused", `CORS fetch failed: ${e.message}`, { event: "cors-failed" });
}

// JSONP: a script tag and a global callback, for legacy pages only.
window.pbProfile = (profile) => {
  document.getElementById("jsonp-result").textContent = JSON.stringify(profile, null, 2);
  log("ok", `JSONP delivered ${profile.name}`, { event: "jsonp", name: profile.name, note: profile.note });
};
const script = document.createElement("script");
script.src = o.other + "/api/profile?callback=pbProfile";
document.head.append(script);
