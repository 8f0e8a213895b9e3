// Start-up marks of a bench page, parent or frame, read back as one
// record the bench turns into phases: fetch, compile, Go start,
// handshake.
//
// The loader may set User Timing marks of its own (postbridge:fetch-start,
// postbridge:compiled, postbridge:go-started, postbridge:connected); they
// win when present. Otherwise the bench's own marks stand in: bench:compiled
// comes from wrapping WebAssembly.instantiateStreaming (so it works with any
// loader that streams), bench:go-started and bench:connected from the page
// itself, and the module's fetch from Resource Timing.

const names = ["fetch-start", "compiled", "go-started", "connected"];

// watchCompile marks bench:fetch-start and bench:compiled around the
// page's WebAssembly.instantiateStreaming and compileStreaming calls. Call
// it before the module loads.
export function watchCompile() {
  for (const name of ["instantiateStreaming", "compileStreaming"]) {
    const orig = WebAssembly[name];
    if (!orig || orig.benchWrapped) continue;
    const wrapped = function (...args) {
      mark("fetch-start");
      return orig.apply(WebAssembly, args).then((r) => {
        mark("compiled");
        return r;
      });
    };
    wrapped.benchWrapped = true;
    WebAssembly[name] = wrapped;
  }
}

// mark sets bench:NAME once.
export function mark(name) {
  if (!performance.getEntriesByName("bench:" + name, "mark").length) performance.mark("bench:" + name);
}

function at(name) {
  const lead = performance.getEntriesByName("postbridge:" + name, "mark")[0];
  if (lead) return { t: lead.startTime, lead: true };
  const own = performance.getEntriesByName("bench:" + name, "mark")[0];
  return own ? { t: own.startTime, lead: false } : null;
}

// startup returns this page's marks (ms since its navigation start), its
// module's Resource Timing and its time origin, for the parent to place
// on its own timeline.
export function startup() {
  const out = { timeOrigin: performance.timeOrigin, marks: {}, lead: [] };
  for (const n of names) {
    const m = at(n);
    if (m) {
      out.marks[n] = m.t;
      if (m.lead) out.lead.push(n);
    }
  }
  const nav = performance.getEntriesByType("navigation")[0];
  if (nav) {
    out.nav = { responseStart: nav.responseStart, responseEnd: nav.responseEnd, domInteractive: nav.domInteractive };
  }
  const script = performance.getEntriesByName("bench:script", "mark")[0];
  if (script) out.script = script.startTime;
  const wasm = performance.getEntriesByType("resource").filter((e) => /\.wasm(\?|$)/.test(e.name));
  if (wasm.length) {
    const w = wasm[wasm.length - 1];
    out.wasm = {
      name: w.name, start: w.startTime, responseStart: w.responseStart, responseEnd: w.responseEnd,
      transferSize: w.transferSize, encodedBodySize: w.encodedBodySize,
    };
  }
  return out;
}

// phases turns a startup record into a chain of phases (ms) that adds up
// to connected, each from the end of the one before: toScript (navigation
// start to the page's first script), toFetch (to the module's fetch),
// firstByte (to its first byte), bodyCompile (to compiled: streaming
// compiles while the body arrives, so download and compile overlap and
// are one phase), goStart (compiled to the API being ready) and handshake
// (to connected). A page without a module has only toScript and connected.
export function phases(s) {
  const m = s.marks;
  const p = { connected: m.connected };
  if (s.script !== undefined) p.toScript = s.script;
  if (s.nav) p.htmlResponseEnd = s.nav.responseEnd;
  // The loader's own mark, else the fetch as Resource Timing saw it.
  const fetchStart = s.lead.includes("fetch-start") || !s.wasm ? m["fetch-start"] : s.wasm.start;
  if (fetchStart !== undefined && s.script !== undefined) p.toFetch = fetchStart - s.script;
  if (s.wasm && fetchStart !== undefined) p.firstByte = s.wasm.responseStart - fetchStart;
  if (s.wasm && m.compiled !== undefined) {
    p.bodyCompile = m.compiled - s.wasm.responseStart;
    p.compiledAfterLastByte = m.compiled - s.wasm.responseEnd;
  }
  if (m.compiled !== undefined && m["go-started"] !== undefined) p.goStart = m["go-started"] - m.compiled;
  if (m["go-started"] !== undefined && m.connected !== undefined) p.handshake = m.connected - m["go-started"];
  if (s.wasm) {
    p.wasmTransfer = s.wasm.transferSize;
    p.wasmEncoded = s.wasm.encodedBodySize;
  }
  return p;
}

// reportTo posts this page's startup record to the parent, once it is
// connected and its handlers are registered.
export function reportTo(parentOrigin) {
  mark("connected");
  window.parent.postMessage({ benchStartup: startup() }, parentOrigin);
}

// peerStartup resolves to the startup record a framed peer reports.
export function peerStartup(win, peerOrigin) {
  return new Promise((resolve) => {
    window.addEventListener("message", function got(e) {
      if (e.origin !== peerOrigin || e.source !== win) return;
      if (!e.data || typeof e.data !== "object" || !e.data.benchStartup) return;
      window.removeEventListener("message", got);
      resolve(e.data.benchStartup);
    });
  });
}
