import { load } from "/postbridge/postbridge.js";
import { setState, origins } from "/pages/common/log.js";

// A page framed with sandbox="allow-scripts": its origin is "null". It
// connects to its parent's exact origin with the secret its embedder put
// in this URL's fragment (never sent to a server nor in Referer).
const o = origins();
document.getElementById("self").textContent = self.origin;
const secret = location.hash.slice(1);
const pb = await load();
setState("status", "connecting", "connecting with the secret from the fragment…");
try {
  const ch = await pb.connect({ window: window.parent, origin: o.main, secret, channel: "sandbox", timeout: 10000 });
  setState("status", "connected", `connected to ${ch.origin}`);
  ch.handle("greet", ({ name }) => ({ greeting: `Hello, ${name}, from a sandboxed frame (origin ${self.origin})` }));
} catch (e) {
  setState("status", "failed", `not connected: ${e.code}`);
}
