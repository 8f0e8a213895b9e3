// The parent's side of the five bench cases. Each opens a client to the
// framed peer with the same three operations, so the bench times the same
// work through each:
//   sum(a, b)  a request answered with a + b
//   echo(v)    a request answered with its own payload
//   burst(n)   the peer sends n small one-way messages ({i}); resolves when
//              all n were received here and the peer's reply came back
//
// open(win, peerOrigin) must be called before the frame navigates to the
// peer (the frame's WindowProxy stays the same), so that no listener
// misses the peer's first message.
import { mark } from "/pages/bench/startup.js";

// counted runs call() and resolves once it settled and n ticks arrived.
function counted(n, setTick, call) {
  return new Promise((resolve) => {
    let seen = 0;
    let settled = false;
    let error = null;
    const done = () => {
      if (seen >= n && settled) resolve({ seen, error });
    };
    setTick(() => {
      if (++seen === n) done();
    });
    call().then(() => {}, (e) => { error = String((e && e.code) || e); }).finally(() => {
      settled = true;
      done();
    });
  });
}

// rawClient speaks the raw cases' protocol over send(): requests
// {op, ...} answered with {r}, ticks {t: "tick", i}. One request at a time
// (the bench awaits each), so no ids.
function rawClient(send) {
  let pending = null;
  let tick = () => {};
  const call = (msg) => new Promise((resolve) => {
    pending = resolve;
    send(msg);
  });
  return {
    // Only {r} answers a request: other messages of the peer (its
    // start-up report) may arrive while one is pending, because the
    // page's own listeners resolve promises and run their microtasks
    // between two listeners of the same event.
    deliver(d) {
      if (!d || typeof d !== "object") return;
      if (d.t === "tick") {
        tick(d);
      } else if (pending && "r" in d) {
        const p = pending;
        pending = null;
        p(d.r);
      }
    },
    client: {
      sum: (a, b) => call({ op: "sum", a, b }),
      echo: (v) => call({ op: "echo", v }),
      burst: (n) => counted(n, (f) => { tick = f; }, () => call({ op: "burst", n })),
    },
  };
}

// port: the floor. A MessageChannel handed to the frame once, then
// port.postMessage both ways.
function openPort(win, peer) {
  return new Promise((resolve) => {
    window.addEventListener("message", function ready(e) {
      if (e.origin !== peer || e.source !== win || e.data !== "bench-ready") return;
      window.removeEventListener("message", ready);
      const { port1, port2 } = new MessageChannel();
      const raw = rawClient((m) => port1.postMessage(m));
      port1.onmessage = (m) => {
        if (m.data === "bench-ok") {
          port1.onmessage = (x) => raw.deliver(x.data);
          resolve(raw.client);
        }
      };
      win.postMessage("bench-port", peer, [port2]);
    });
  });
}

// window: window.postMessage both ways, exact origins, source checked.
function openWindow(win, peer) {
  return new Promise((resolve) => {
    const raw = rawClient((m) => win.postMessage(m, peer));
    let connected = false;
    window.addEventListener("message", (e) => {
      if (e.origin !== peer || e.source !== win) return;
      if (!connected) {
        if (e.data !== "bench-ready") return;
        connected = true;
        win.postMessage("bench-ack", peer);
        resolve(raw.client);
        return;
      }
      raw.deliver(e.data);
    });
  });
}

// penpal 7.0.6, served by the bench harness only.
async function openPenpal(win, peer) {
  const { connect, WindowMessenger } = await import("/bench/penpal.mjs");
  let tick = () => {};
  const conn = connect({
    messenger: new WindowMessenger({ remoteWindow: win, allowedOrigins: [peer] }),
    methods: { tick(p) { tick(p); } },
    timeout: 30000,
  });
  const remote = await conn.promise;
  return {
    sum: (a, b) => remote.sum(a, b),
    echo: (v) => remote.echo(v),
    burst: (n) => counted(n, (f) => { tick = f; }, () => remote.burst(n)),
  };
}

// bridge opens a Postbridge channel through the public JS API; the peer
// is either the JS peer (channel "bench") or the Go page (channel "lab").
async function openBridge(win, peer, channel) {
  const { load } = await import("/postbridge/postbridge.js");
  const pb = await load();
  mark("go-started");
  const ch = await pb.connect({ window: win, origin: peer, channel, timeout: 30000 });
  let tick = () => {};
  ch.on("tick", (p) => tick(p));
  return {
    sum: (a, b) => ch.request("sum", { a, b }),
    echo: (v) => ch.request("echo", v),
    burst: (n) => counted(n, (f) => { tick = f; }, () => ch.request("burst", { n }, { timeout: 300000 })),
  };
}

// cases: name -> { label, path of the peer page, open }.
export const cases = {
  port: { label: "raw MessagePort", path: "/bench/peer?case=port", open: openPort },
  window: { label: "raw postMessage", path: "/bench/peer?case=window", open: openWindow },
  penpal: { label: "penpal 7.0.6", path: "/bench/peer?case=penpal", open: openPenpal },
  js: { label: "Postbridge JS", path: "/bench/peer?case=js", open: (w, p) => openBridge(w, p, "bench") },
  go: { label: "Postbridge Go", path: "/bench/gopeer", open: (w, p) => openBridge(w, p, "lab") },
};

// frame adds an iframe with no document yet: open() listens on its window
// before navigate() points it at the peer.
export function frame(parent) {
  const f = document.createElement("iframe");
  (parent || document.body).append(f);
  return { win: f.contentWindow, navigate: (url) => { f.src = url; }, element: f };
}
