import { load } from "/postbridge/postbridge.js";
import { log, setState, origins } from "/pages/common/log.js";

// The second parent: the same framed page, which allows both parents.
const o = origins();
const frame = document.getElementById("other");
const pb = await load();
pb.onReject((info) => log("refused", `refused ${info.reason} from ${info.origin}: ${info.detail}`, { reason: info.reason, origin: info.origin }));

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
const answer = await ch.request("greet", { name: "second site" });
document.getElementById("answer").textContent = `${answer.greeting} (it talks to ${answer.parent})`;
log("ok", `greeted: ${answer.greeting}`, { event: "alt-greeting", greeting: answer.greeting, parent: answer.parent });
