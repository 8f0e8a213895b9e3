package e2e

// Test pages of the sandboxed-frame tests (sandbox_test.go), served by
// startShops under /shops/.

// sandboxParentJS is the embedder on the main origin. ?mode= says which
// frame it connects to: "ok" (a sandboxed Postbridge page with the right
// secret, beside a second one with the same secret), "wrong" (one with
// another secret) or "recorder" (a sandboxed page without Postbridge that
// reports every message it receives) or "forged" (the right secret, but
// page script swallows each real message of the frame and dispatches a
// synthetic copy: same data, origin, source and ports, isTrusted false).
const sandboxParentJS = `
import { load } from "/postbridge/postbridge.js";
const params = new URLSearchParams(location.search);
const mode = params.get("mode"), other = params.get("other");
// The forger's listener comes first: at the target, listeners run in the
// order they were added.
let target;
let forged = 0;
if (mode === "forged") {
  addEventListener("message", (e) => {
    if (!e.isTrusted || !target || e.source !== target.contentWindow) return;
    e.stopImmediatePropagation();
    forged++;
    dispatchEvent(new MessageEvent("message", { data: e.data, origin: e.origin, source: e.source, ports: [...e.ports] }));
  }, true);
}
const pb = await load();
const secret = pb.secret();
globalThis.sb = { get forged() { return forged; }, secret, decisions: [], rejects: [], recorded: [], notes: [], pings: 0, state: "connecting" };
pb.onDecision((d) => sb.decisions.push(JSON.stringify(d)));
pb.onReject((r) => sb.rejects.push(JSON.stringify(r)));
addEventListener("message", (e) => { if (e.data && e.data.recorded) sb.recorded.push(e.data.recorded); });
const frame = (page, hash) => {
  const f = document.createElement("iframe");
  f.sandbox.add("allow-scripts");
  f.src = other + "/shops/" + page + "?parent=" + encodeURIComponent(location.origin) + "#" + hash;
  document.body.append(f);
  return f;
};
target = mode === "recorder" ? frame("recorder.html", secret)
  : frame("sandboxed.html", mode === "wrong" ? "0therSecret-0123456789_abcdefghijklmnopqrst" : secret);
if (mode === "ok") frame("sandboxed.html", secret); // another window that knows the secret
sb.stats = () => pb.stats();
try {
  const ch = await pb.connect({ window: target.contentWindow, origin: "null", secret, channel: "plugin", timeout: mode === "ok" ? 10000 : 3000 });
  ch.handle("ping", () => { sb.pings++; return "pong from the embedder"; });
  ch.on("note-back", (p) => sb.notes.push(p));
  sb.channel = ch;
  sb.origin = ch.origin;
  sb.state = "connected";
} catch (e) {
  sb.state = e.code;
}
`

// sandboxedJS runs in the sandboxed frame (origin "null"): the secret is
// its URL's fragment, its parent's origin the query.
const sandboxedJS = `
import { load } from "/postbridge/postbridge.js";
const parent = new URLSearchParams(location.search).get("parent");
const secret = location.hash.slice(1);
const pb = await load();
const ch = await pb.connect({ window: window.parent, origin: parent, secret, channel: "plugin", timeout: 10000 });
ch.handle("echo", (p) => ({ echo: p, self: self.origin, loaded: performance.timeOrigin }));
ch.handle("reload", () => { setTimeout(() => location.reload(), 10); return true; });
ch.handle("ask", async () => ch.request("ping"));
ch.on("note", (p) => ch.emit("note-back", { got: p, from: self.origin }));
`

// recorderJS is a sandboxed page without Postbridge: it tells its
// parent, with '*' as any page may, every message it receives.
const recorderJS = `
addEventListener("message", (e) => {
  const text = typeof e.data === "string" ? e.data : JSON.stringify(e.data);
  parent.postMessage({ recorded: text }, "*");
});
`
