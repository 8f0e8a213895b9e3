// The shell: the JavaScript half of the boundary (the Go half is
// wasm/boundary; doc.go there has the full table). It holds what is
// JavaScript's — windows, ports, promise resolvers, handler functions, the
// tap's WebSocket, one timer — in Maps keyed by small ids, and makes no
// decision: it hands Go each event's origin and source id, then (only if Go
// admits it) its data, and carries out the commands Go writes to its
// outbox. It never reads event.data of a refused message, never copies
// more than the inbox holds, and never delivers anything but what Go put
// in an EVENT, CALL or SETTLE command.

const utf8in = new TextEncoder();
const utf8out = new TextDecoder();
const latin1 = new TextDecoder("latin1"); // the same text for ASCII, and much faster
const NONE = 0xffffffff;
const ASCII = 0x80000000;
const SHORT = 512; // put() copies ASCII strings up to this length by hand

// windowRegistry maps windows to the ids Go knows them by. A Go page's
// bridge registers its peer window through it while Go starts, before the
// shell exists (see runGo).
function windowRegistry() {
  const r = {
    windows: new Map(), // WindowProxy → id
    byId: new Map(), // id → WindowProxy
    next: 0,
    shell: null,
    ref(w) {
      if (w === null || (typeof w !== "object" && typeof w !== "function") || typeof w.postMessage !== "function") {
        return { $type: w === null ? "null" : typeof w };
      }
      let id = r.windows.get(w);
      if (id === undefined) {
        id = ++r.next;
        r.windows.set(w, id);
        r.byId.set(id, w);
      }
      return { $window: id };
    },
    // The Go API's view: window(w) is the id (0: not a window); drain
    // carries out what Go wrote outside a call from the shell.
    window: (w) => r.ref(w).$window || 0,
    drain: () => { if (r.shell) r.shell.drain(); },
  };
  return r;
}

class Shell {
  constructor(go, instance, registry = windowRegistry()) {
    this.go = go;
    this.ex = instance.exports;
    this.mem = this.ex.mem;
    this.buf = null;
    this.reg = registry;
    this.windows = registry.windows;
    this.byId = registry.byId;
    this.ports = new Map(); // id → MessagePort
    this.handlers = new Map(); // handler id → function
    this.requests = new Map(); // request id → {resolve, reject}
    this.channels = new Map(); // channel id → the API's Channel
    this.rejects = new Set();
    this.decisions = new Set();
    this.timer = 0;
    this.eventPorts = null;
    this.draining = false;
    this.ws = null;
    if (go.exited) return;
    this.hdr = this.ex.pb_header();
    registry.shell = this;
    this.onMessage = (e) => this.windowMessage(e);
    this.onHide = () => this.call(() => this.ex.pb_unload());
    addEventListener("message", this.onMessage);
    addEventListener("pagehide", this.onHide);
    const self = this.put(String(globalThis.origin), 0);
    const href = this.put(String(globalThis.location && location.href), Math.max(self, 0));
    this.call(() => this.ex.pb_init(Math.max(self, 0), Math.max(href, 0)));
  }

  stop() {
    if (!this.onMessage) return;
    removeEventListener("message", this.onMessage);
    removeEventListener("pagehide", this.onHide);
    clearTimeout(this.timer);
  }

  // h reads header word i; the buffers move when Go's memory grows.
  h(i) {
    if (this.mem.buffer !== this.buf) {
      this.buf = this.mem.buffer;
      this.u8 = new Uint8Array(this.buf);
      this.dv = new DataView(this.buf);
    }
    return this.dv.getUint32(this.hdr + 4 * i, true);
  }

  // hset writes header word i.
  hset(i, v) {
    this.h(0);
    this.dv.setUint32(this.hdr + 4 * i, v, true);
  }

  // put writes s as UTF-8 at offset off of the inbox and returns its byte
  // length, or -2 when it cannot fit: a string longer in UTF-16 units than
  // the room left is not even looked at, and encodeInto never writes past
  // the end.
  put(s, off) {
    const ptr = this.h(0), cap = this.h(1);
    const n = s.length;
    if (n > cap - off) return -2;
    if (n <= SHORT) {
      // A short string is copied by hand while it is ASCII: the same
      // bytes encodeInto writes, at a tenth of its cost in WebKit and
      // half in Chromium. The first code unit over 0x7f hands the whole
      // string to encodeInto, which writes it again from the start.
      const u8 = this.u8, at = ptr + off;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c > 0x7f) break;
        u8[at + i] = c;
      }
      if (i === n) return n;
    }
    const r = utf8in.encodeInto(s, this.u8.subarray(ptr + off, ptr + cap));
    return r.read < s.length ? -2 : r.written;
  }

  // putAll writes strings one after another, growing the inbox once if
  // they do not fit (API calls only; inbound messages never grow it).
  putAll(...ss) {
    this.args = ss; // OpPostSplice names them by position
    for (let grown = false; ; grown = true) {
      const out = [];
      let off = 0;
      for (const s of ss) {
        const n = s === undefined ? -1 : this.put(s, off);
        if (n === -2) break;
        out.push(n);
        off += Math.max(n, 0);
      }
      if (out.length === ss.length) return out;
      let need = 1024;
      for (const s of ss) need += s === undefined ? 0 : 3 * s.length;
      if (grown || !this.call(() => this.ex.pb_reserve(need))) {
        while (out.length < ss.length) out.push(-2);
        return out;
      }
    }
  }

  // call runs one call into Go, then carries out what Go wrote.
  call(f) {
    if (this.go.exited) return -1;
    const r = f();
    this.drain();
    return r;
  }

  // result reads the last call's result text.
  result() {
    const p = this.h(4), n = this.h(5);
    return utf8out.decode(this.u8.subarray(p, p + n));
  }

  error() {
    const s = this.result(), i = s.indexOf("\0");
    return new PostbridgeError(s.slice(0, i), s.slice(i + 1));
  }

  windowRef(w) {
    return this.reg.ref(w);
  }

  windowMessage(e) {
    if (this.go.exited) return;
    const id = this.windows.get(e.source) || 0;
    const origin = e.origin;
    let n = -3; // the same origin as the previous gate: Go still has it
    if (origin !== this.lastGate) {
      n = this.put(origin, 0);
      this.lastGate = n >= 0 ? origin : null;
    }
    if (!this.ex.pb_gate(id, n, e.isTrusted ? 1 : 0)) {
      // Refused on its origin and source: neither its data nor its ports
      // are touched (they may be another library's; the GC takes them).
      this.drain();
      return;
    }
    if (n === -3) n = this.put(origin, 0);
    const d = e.data;
    let kind = 0, len = 0, dn = 0;
    if (typeof d !== "string") kind = 1;
    else if ((dn = this.put(d, n)) < 0) { kind = 2; len = d.length; dn = 0; }
    this.eventPorts = e.ports;
    try {
      this.ex.pb_window(id, n, kind, dn, len, e.ports.length);
      this.drain();
    } finally {
      this.eventPorts = null;
    }
  }

  adopt(id, port) {
    this.ports.set(id, port);
    port.onmessage = (e) => this.portMessage(id, e);
    port.onmessageerror = () => this.call(() => this.ex.pb_port(id, 1, 0, 0));
  }

  portMessage(id, e) {
    if (this.go.exited) return;
    const d = e.data;
    if (typeof d !== "string") this.ex.pb_port(id, 1, 0, 0);
    else {
      const n = this.put(d, 0);
      this.msg = d; // OpEventAt, OpCallAt and OpSettleAt slice it
      if (n < 0) this.ex.pb_port(id, 2, 0, d.length);
      else this.ex.pb_port(id, 0, n, d.length);
    }
    try {
      this.drain();
    } finally {
      this.msg = null;
    }
  }

  // drain carries out the outbox. A handler it calls may call into Go,
  // which appends to the outbox: the loop picks that up too, in order.
  drain() {
    if (this.draining) return;
    this.draining = true;
    this.hset(8, 1); // calls from here on are nested
    try {
      for (let pos = 0; pos < this.h(3);) pos = this.exec(pos);
    } finally {
      this.hset(3, 0); // all carried out
      this.hset(8, 0);
      this.draining = false;
    }
    if (this.h(6) & 1) {
      this.hset(6, 0);
      this.go._resume(); // a goroutine of the Go API may run
      this.drain();
    }
  }

  // exec carries out the command at pos and returns where the next starts.
  // Every field is read before anything runs that could call into Go.
  exec(pos) {
    const base = this.h(2), dv = this.dv, u8 = this.u8;
    let at = base + pos;
    const u32 = () => { const v = dv.getUint32(at, true); at += 4; return v; };
    const f64 = () => { const v = dv.getFloat64(at, true); at += 8; return v; };
    const str = () => {
      const h = u32(), n = h & 0x7fffffff;
      const s = (h & ASCII ? latin1 : utf8out).decode(u8.subarray(at, at + n));
      at += n;
      return s;
    };
    const opt = () => { if (dv.getUint32(at, true) === NONE) { at += 4; return undefined; } return str(); };
    const op = u8[at++];
    switch (op) {
      case 1: { const w = this.byId.get(u32()), origin = str(), data = str(); post(w, data, origin); break; }
      case 2: {
        const w = this.byId.get(u32()), id = u32(), origin = str(), data = str();
        const mc = new MessageChannel();
        this.adopt(id, mc.port1);
        post(w, data, origin, [mc.port2]);
        break;
      }
      case 3: {
        const id = u32(), p = this.eventPorts && this.eventPorts[0];
        if (p) this.adopt(id, p);
        break;
      }
      case 18: if (this.eventPorts) for (const p of this.eventPorts) p.close(); break;
      case 19: {
        const p = this.ports.get(u32()), head = str(), arg = this.args[u32()], tail = str();
        if (p) p.postMessage(head + arg + tail);
        break;
      }
      case 20: { const f = this.handlers.get(u32()), a = u32(), b = u32(); if (f) f(this.msg.slice(a, b)); break; }
      case 21: {
        const f = this.handlers.get(u32()), ch = u32(), call = f64(), a = u32(), b = u32();
        if (f) f(this.msg.slice(a, b), ch, call);
        break;
      }
      case 22: {
        const id = u32(), a = u32(), b = u32(), r = this.requests.get(id);
        this.requests.delete(id);
        if (r) r.resolve(this.msg.slice(a, b));
        break;
      }
      case 4: { const p = this.ports.get(u32()), data = str(); if (p) p.postMessage(data); break; }
      case 5: { const id = u32(), p = this.ports.get(id); this.ports.delete(id); if (p) { p.onmessage = null; p.close(); } break; }
      case 6: { const f = this.handlers.get(u32()), payload = opt(); if (f) f(payload); break; }
      case 7: { const f = this.handlers.get(u32()), ch = u32(), call = f64(), payload = opt(); if (f) f(payload, ch, call); break; }
      case 8: { const id = u32(), payload = opt(), r = this.requests.get(id); this.requests.delete(id); if (r) r.resolve(payload); break; }
      case 9: {
        const id = u32(), code = str(), message = str(), r = this.requests.get(id);
        this.requests.delete(id);
        if (r) r.reject(new PostbridgeError(code, message));
        break;
      }
      case 10: { const ch = this.channels.get(u32()), session = str(), origin = str(); if (ch) ch._connected(session, origin); break; }
      case 11: {
        const id = u32(), code = str(), message = str(), ch = this.channels.get(id);
        this.channels.delete(id);
        if (ch) ch._closed(new PostbridgeError(code, message));
        break;
      }
      case 12: { const d = this.readDecision(u32, f64, str, opt); this.report(d); break; }
      case 13: {
        const ms = f64();
        clearTimeout(this.timer);
        if (ms >= 0) this.timer = setTimeout(() => this.call(() => this.ex.pb_tick(this.ws ? this.ws.bufferedAmount : 0)), ms);
        break;
      }
      case 14: this.openTap(str()); break;
      case 15: { const frame = str(); if (this.ws && this.ws.readyState === 1) this.ws.send(frame); break; }
      case 16: { const id = u32(), w = this.byId.get(id); this.byId.delete(id); this.windows.delete(w); break; }
      case 17: this.handlers.delete(u32()); break;
      default: throw new Error("postbridge: unknown command " + op);
    }
    return at - base;
  }

  readDecision(u32, f64, str, opt) {
    const verdict = ["sent", "accepted", "refused"][u32()] || "refused";
    const time = f64(), latency = f64(), count = u32(), summary = u32() === 1;
    const reason = str(), detail = str(), origin = str(), channel = str(), kind = str(), type = str(), payload = opt();
    const d = { time, verdict, detail, origin, channel, kind, type, count, summary };
    if (reason) d.reason = reason;
    if (latency >= 0) d.latency = latency;
    if (payload !== undefined) d.payload = payload;
    return Object.freeze(d);
  }

  report(d) {
    if (d.verdict === "refused") {
      const info = Object.freeze({
        reason: d.reason, origin: d.origin, channel: d.channel, type: d.type,
        kind: d.kind, detail: d.detail, count: d.count, summary: d.summary,
      });
      for (const f of this.rejects) {
        try { f(info); } catch (e) { console.error(e); }
      }
    }
    for (const f of this.decisions) {
      try { f(d); } catch (e) { console.error(e); }
    }
  }

  observe() {
    const level = this.decisions.size > 0 ? 2 : this.rejects.size > 0 ? 1 : 0;
    this.call(() => this.ex.pb_observe(level));
  }

  openTap(url) {
    if (this.ws) { this.ws.onopen = this.ws.onclose = null; this.ws.close(); }
    let ws;
    try { ws = new WebSocket(url); } catch { this.call(() => this.ex.pb_tap_state(0, 0)); return; }
    this.ws = ws;
    ws.onopen = () => this.call(() => this.ex.pb_tap_state(1, ws.bufferedAmount));
    ws.onmessage = (e) => {
      if (typeof e.data !== "string") return;
      const n = this.put(e.data, 0);
      if (n >= 0) this.call(() => this.ex.pb_tap_frame(n));
    };
    ws.onclose = () => { if (this.ws === ws) this.call(() => this.ex.pb_tap_state(0, 0)); };
  }

  stats() {
    this.call(() => this.ex.pb_stats());
    const go = JSON.parse(this.result());
    go.shell = { windows: this.windows.size, ports: this.ports.size, handlers: this.handlers.size, requests: this.requests.size };
    go.wasmBytes = this.mem.buffer.byteLength;
    return go;
  }
}

// post sends to a window; a closed popup or a detached frame throws, and
// Go's timeouts deal with a peer that never answers.
function post(w, data, origin, transfer) {
  if (!w) return;
  try { w.postMessage(data, origin, transfer); } catch { /* the peer is gone */ }
}
