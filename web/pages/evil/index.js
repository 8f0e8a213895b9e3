// The hostile origin's own page: the attacks that need no window of the
// victim. Each one reports what the browser and the server let it do.
import { log, origins } from "/pages/common/log.js";

const o = origins();
const results = (window.attacks = {});

// 1. Read the other origin's API with the user's credentials. Strict CORS
// grants only the main origin, so the browser hides the response.
try {
  const res = await fetch(o.other + "/api/profile", { credentials: "include" });
  results.corsFetch = "read " + (await res.text()).slice(0, 40);
  log("naive-accepted", `cross-origin fetch succeeded: ${results.corsFetch}`, { attack: "cors", outcome: "read" });
} catch (e) {
  results.corsFetch = "blocked";
  log("refused", `cross-origin fetch blocked by the browser (${e.name})`, { attack: "cors", outcome: "blocked" });
}

// 2. Cross-site websocket hijacking: subscribe to the dashboard relay to
// watch everyone's traffic. The relay checks Origin exactly and answers 403.
results.websocket = await new Promise((resolve) => {
  const ws = new WebSocket(o.main.replace(/^http/, "ws") + "/relay?role=dashboard&room=*");
  ws.onopen = () => resolve("open");
  ws.onclose = (e) => resolve("closed " + e.code);
});
log(results.websocket === "open" ? "naive-accepted" : "refused", `websocket to the relay: ${results.websocket}`, { attack: "websocket", outcome: results.websocket });

// 3. JSONP needs no permission: any page can include the script. That is
// why JSONP may only ever carry public data.
results.jsonp = await new Promise((resolve) => {
  window.stolen = (data) => resolve("read " + data.name);
  const s = document.createElement("script");
  s.src = o.other + "/api/profile?callback=stolen";
  s.onerror = () => resolve("blocked");
  document.head.append(s);
});
log("naive-accepted", `JSONP: ${results.jsonp} (JSONP is readable by every origin)`, { attack: "jsonp", outcome: results.jsonp });

// 4. A JSONP callback that is a dotted path (same-origin method execution)
// is refused with a fixed 400, so the script never runs.
results.someCallback = await new Promise((resolve) => {
  const s = document.createElement("script");
  s.src = o.other + "/api/profile?callback=opener.document.body.firstElementChild.click";
  s.onload = () => resolve("ran");
  s.onerror = () => resolve("refused");
  document.head.append(s);
});
log(results.someCallback === "ran" ? "naive-accepted" : "refused", `dotted JSONP callback: ${results.someCallback}`, { attack: "jsonp-some", outcome: results.someCallback });
results.done = true;
