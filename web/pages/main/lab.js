// The lab: a parent page that browser tests (and people, from the console)
// drive. window.lab opens peers of the other origin and connects to them.
import { load, PostbridgeError } from "/postbridge/postbridge.js";
import { log, origins } from "/pages/common/log.js";

const o = origins();
// The lab taps into the dashboard's relay too (room "lab"), unless the
// page's URL says ?tap=off.
const tapOff = new URLSearchParams(location.search).get("tap") === "off";
const pb = await load(tapOff ? {} : { tap: o.main.replace(/^http/, "ws") + "/relay?room=lab" });
const rejects = [];
pb.onReject((r) => {
  rejects.push(r);
  log("refused", `refused ${r.reason} from ${r.origin} (${r.kind} ${r.type}): ${r.detail}`, { reason: r.reason, origin: r.origin });
});

window.lab = {
  o,
  pb,
  rejects,
  // frame adds an iframe of a peer page; path defaults to the JS peer.
  frame(query = "", path = "/lab/peer") {
    const f = document.createElement("iframe");
    f.src = o.other + path + query;
    document.getElementById("frames").append(f);
    return f;
  },
  popup(query = "") {
    return window.open(o.other + "/lab/peer" + query + (query ? "&" : "?") + "popup=1", "_blank", "popup,width=400,height=300");
  },
  connect(win, opts = {}) {
    return pb.connect({ window: win, origin: o.other, channel: "lab", timeout: 10000, ...opts });
  },
  // code turns a failure into its code, for tests to compare.
  code(e) {
    return e instanceof PostbridgeError ? e.code : "not a PostbridgeError: " + e;
  },
  refused(reason) {
    return rejects.filter((r) => r.reason === reason);
  },
};
window.labReady = true;
log("ok", "lab ready");
