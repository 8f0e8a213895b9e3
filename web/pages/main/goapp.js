// The main page's go-app frame (wasm/goapp, served by server/goapp): the
// same channel "demo" as the plain framed page, to a go-app application
// written in Go. Framed on demand (its wasm is a few megabytes), removed
// again with the same button. window.goappDemo is what tests drive.
import { load } from "/postbridge/postbridge.js";
import { log, setState, origins } from "/pages/common/log.js";

const o = origins();
const holder = document.getElementById("goapp-holder");
const toggle = document.getElementById("goapp-toggle");
const greetButton = document.getElementById("goapp-greet");
const leaveButton = document.getElementById("goapp-leave");
const pb = await load();

let frame = null; // the go-app frame while shown
let ch = null; // the open channel to it

function setChannel(c) {
  ch = c;
  greetButton.disabled = leaveButton.disabled = !c;
}

// connect waits for the go-app page, which boots in a second or two, and
// again after it closed the channel: "Mount it again" in the frame
// connects anew.
async function connect(f) {
  for (let again = false; frame === f; again = true) {
    if (!again) setState("goapp-status", "connecting", "waiting for the go-app page…");
    let c;
    try {
      c = await pb.connect({ window: f.contentWindow, origin: o.other, channel: "demo", timeout: 20000 });
    } catch (e) {
      if (frame !== f) return;
      setState("goapp-status", "failed", `failed: ${e.code}`);
      log("refused", `go-app connect failed: ${e.code} ${e.message}`, { event: "goapp-failed", reason: e.code });
      if (e.code === "TIMEOUT") continue;
      return;
    }
    if (frame !== f) { c.close(); return; }
    const closed = new Promise((resolve) => c.onClose(resolve));
    c.handle("describe", ({ from }, meta) => {
      log("accepted", `describe from ${from} (${meta.origin})`, { event: "goapp-describe", from });
      return { title: document.title };
    });
    setChannel(c);
    setState("goapp-status", "connected", "connected to the go-app page");
    log("ok", `connected to the go-app page`, { event: "goapp-connected" });
    await greet();
    const err = await closed;
    setChannel(null);
    if (frame !== f) return;
    setState("goapp-status", "closed", `closed by the go-app page (${err ? err.code : "closed"}); waiting for it to connect again`);
    log("ok", `the go-app page closed the channel: ${err ? err.code : "closed"}`, { event: "goapp-closed", code: err ? err.code : "" });
  }
}

async function greet() {
  if (!ch) return;
  try {
    const reply = await ch.request("greet", { name: "Ada" });
    log("ok", `go-app reply: ${reply.greeting}`, { event: "goapp-reply", greeting: reply.greeting });
  } catch (e) {
    log("refused", `go-app request failed: ${e.code} ${e.message}`, { event: "goapp-request-failed", reason: e.code });
  }
}

function show() {
  frame = document.createElement("iframe");
  frame.id = "goapp";
  frame.title = "the go-app page";
  frame.src = o.other + "/goapp/";
  holder.append(frame);
  toggle.textContent = "Remove the go-app page";
  connect(frame);
}

function hide() {
  const c = ch;
  frame.remove();
  frame = null;
  setChannel(null);
  if (c) c.close();
  toggle.textContent = "Frame the go-app page";
  setState("goapp-status", "off", "not framed");
}

toggle.addEventListener("click", () => (frame ? hide() : show()));
greetButton.addEventListener("click", greet);
leaveButton.addEventListener("click", () => ch && ch.request("leave").catch(() => {}));

window.goappDemo = { show, hide, channel: () => ch, frame: () => frame };
