import { log, origins } from "/pages/common/log.js";

// A hostile page framed next to the real peer. It forges Postbridge
// envelopes for the demo channel and posts them with '*' to the parent and
// to the framed page, as the classic example would let it.
const o = origins();
const session = "evil" + Math.random().toString(36).slice(2).padEnd(16, "x");
let seq = 0;
function forged(kind, extra = {}) {
  seq++;
  return JSON.stringify({ postbridge: 1, channel: "demo", session, seq, kind, ...extra });
}

function targets() {
  const t = [["parent", window.parent]];
  try {
    const framed = window.parent.frames["other"];
    if (framed) t.push(["framed page", framed]);
  } catch (e) {
    // Named frame access may be refused; the parent is enough then.
  }
  return t;
}

let round = 0;
const timer = setInterval(() => {
  round++;
  for (const [name, w] of targets()) {
    w.postMessage(forged("hello", { payload: { versions: [1] } }), "*");
    w.postMessage(forged("event", { to: session, type: "greet", payload: { name: "Mallory" } }), "*");
  }
  log("sent", `round ${round}: forged hello and event posted with '*'`, { round });
  if (round >= 10) clearInterval(timer);
}, 300);
