import { load } from "/postbridge/postbridge.js";
import { log, setState, origins } from "/pages/common/log.js";

// Two sandboxed frames (origin "null"): one gets this page's secret in
// its URL's fragment and connects; the other guesses and is refused.
const o = origins();
const pb = await load();

function sandbox(id, secret) {
  const f = document.createElement("iframe");
  f.id = id;
  f.className = "small";
  f.title = "a sandboxed frame";
  f.sandbox.add("allow-scripts"); // no allow-same-origin: its origin is "null"
  f.src = o.other + "/sandboxed#" + secret;
  document.getElementById("sandboxes").append(f);
  return f;
}

async function connect(id, frame, secret) {
  setState(id + "-status", "connecting", "connecting…");
  try {
    const ch = await pb.connect({ window: frame.contentWindow, origin: "null", secret, channel: "sandbox", timeout: 10000 });
    setState(id + "-status", "connected", "connected");
    const reply = await ch.request("greet", { name: "Ada" });
    log("ok", `sandboxed frame: ${reply.greeting}`, { event: id + "-reply", greeting: reply.greeting });
  } catch (e) {
    setState(id + "-status", "failed", `refused (${e.code})`);
    log("refused", `sandboxed frame without the secret: ${e.code}`, { event: id + "-failed", reason: e.code });
  }
}

const secret = pb.secret();
const good = sandbox("sandbox-ok", secret);
const bad = sandbox("sandbox-bad", pb.secret()); // a guess: not the secret of its channel
await Promise.all([connect("sandbox-ok", good, secret), connect("sandbox-bad", bad, pb.secret())]);
