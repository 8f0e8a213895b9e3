// Postbridge loader: the one import a page needs.
//
//   import { load } from "/postbridge/postbridge.js";
//   const pb = await load();
//
// The build prepends Go's wasm_exec.js (scoped, see build/bundle.sh) and
// the shell (shell.js) to this file, so no other script is needed. The
// module is found relative to this file's own URL, so the folder works
// from any path; call load() as early as you like (before the frame
// exists) so that the module is fetched and compiled meanwhile.

/** The error every Postbridge failure rejects or throws with. */
export class PostbridgeError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "PostbridgeError";
    this.code = code;
  }
}

const codes = Object.freeze([
  "BAD_CONFIG", "ORIGIN_REFUSED", "SOURCE_REFUSED", "ENVELOPE", "VERSION",
  "CHANNEL", "REPLAY", "STATE", "UNKNOWN_TYPE", "SCHEMA", "TOO_LARGE",
  "LIMIT", "TIMEOUT", "HANDLER_ERROR", "CLOSED", "UNTRUSTED",
]);
/** The error codes, as a frozen array. */
export { codes };

const bad = (msg) => new PostbridgeError("BAD_CONFIG", "postbridge: BAD_CONFIG: " + msg);

// Argument shapes are checked here; every configuration decision (which
// connect options exist, what values they take) is made in Go.
function checkKeys(what, obj, known) {
  for (const k of Object.keys(obj)) {
    if (!known.includes(k)) {
      const name = k.length > 64 ? k.slice(0, 64) + "…" : k;
      throw bad("unknown " + what + " option " + JSON.stringify(name) + " (known: " + known.join(", ") + ")");
    }
  }
}

function encode(payload) {
  if (payload === undefined) return undefined;
  try {
    return JSON.stringify(payload);
  } catch (e) {
    throw new PostbridgeError("ENVELOPE", "postbridge: ENVELOPE: payload is not JSON: " + e.message);
  }
}

const decode = (json) => (json === undefined ? undefined : JSON.parse(json));

// jsonable stands in for what JSON cannot carry, so that Go can say so.
function jsonable(v) {
  return typeof v === "function" || typeof v === "symbol" || typeof v === "bigint" ? { $type: typeof v } : v;
}

const moduleURL = new URL("postbridge.wasm", import.meta.url);
let booting = null;

/**
 * Loads the module once per page and resolves to the Postbridge API.
 * Options: { tap: "ws://…/relay?…" } streams every decision to a relay.
 */
export function load(options = {}) {
  try {
    if (options === null || typeof options !== "object") throw bad("load options must be an object");
    checkKeys("load", options, ["tap"]);
    if (options.tap !== undefined && typeof options.tap !== "string") throw bad("tap must be a ws:// or wss:// URL");
  } catch (e) {
    return Promise.reject(e);
  }
  if (!booting) booting = boot(moduleURL).catch((e) => { booting = null; throw e; });
  return booting.then((shell) => new Postbridge(shell, options));
}

async function boot(url) {
  performance.mark("postbridge:fetch-start");
  const go = new GoRuntime();
  let instance;
  try {
    ({ instance } = await WebAssembly.instantiateStreaming(fetch(url), go.importObject));
  } catch (e) {
    throw bad("cannot load " + url + ": " + e.message);
  }
  performance.mark("postbridge:compiled");
  const exited = go.run(instance); // Go's main runs until it blocks
  const shell = new Shell(go, instance);
  exited.then(() => shell.stop());
  performance.mark("postbridge:go-started");
  return shell;
}

/**
 * Starts a Go page (a wasm built with package wasm/bridge) with the shell
 * it needs, instead of wasm_exec.js: runGo("/app.wasm"). It resolves when
 * the Go program exits.
 */
export async function runGo(url, { argv, env } = {}) {
  const go = new GoRuntime();
  if (argv) go.argv = ["js", ...argv];
  if (env) go.env = env;
  const { instance } = await WebAssembly.instantiateStreaming(fetch(url), go.importObject);
  const registry = windowRegistry();
  globalThis.__postbridgeShell = registry; // read by package bridge's init
  const exited = go.run(instance); // Go's init and main run until they block
  delete globalThis.__postbridgeShell;
  const shell = new Shell(go, instance, registry);
  shell.drain(); // what Go wrote before the shell existed
  try {
    return await exited;
  } finally {
    shell.stop();
  }
}

class Postbridge {
  #shell;
  constructor(shell, options) {
    this.#shell = shell;
    if (options.tap !== undefined) {
      const url = new URL(options.tap, location.href).href;
      const [n] = shell.putAll(url);
      if (shell.call(() => shell.ex.pb_tap(n)) < 0) throw shell.error();
    }
  }

  /** Opens a channel to a peer window; resolves once the handshake is done. */
  connect(config) {
    return new Promise((resolve, reject) => {
      if (config === null || typeof config !== "object") throw bad("connect needs a config object");
      const shell = this.#shell;
      const wire = {};
      for (const k of Object.keys(config)) wire[k] = k === "window" ? shell.windowRef(config[k]) : jsonable(config[k]);
      // The browser's mapping of each host as written (for IDN hosts:
      // what event.origin will show), which Go uses instead of Unicode tables.
      const idna = {};
      for (const o of [config.origin].flat()) {
        const host = typeof o === "string" && /^[a-z][a-z0-9+.-]*:\/\/([^/:?#@\[\]]+)/i.exec(o);
        if (host) {
          try { idna[host[1]] = new URL(o).hostname; } catch { /* Go refuses it */ }
        }
      }
      let text;
      try { text = JSON.stringify({ config: wire, idna }); } catch (e) { throw bad("connect config is not JSON: " + e.message); }
      const [n] = shell.putAll(text);
      const id = shell.call(() => shell.ex.pb_open(n));
      if (id < 0) throw shell.error();
      const ch = new Channel(shell, id, shell.result(), String(config.channel), resolve, reject);
      shell.channels.set(id, ch);
    });
  }

  /**
   * A fresh secret for a sandboxed frame (origin "null"): 256 bits from
   * crypto.getRandomValues as 43 base64url characters. Give it to the
   * frame in its URL's fragment (#…), which is never sent to a server nor
   * in Referer, and connect both sides with it.
   */
  secret() {
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  /** Postbridge's version, such as "0.1.0". */
  version() {
    return this.#shell.stats().version;
  }

  /**
   * What the module holds and has refused, for debugging: counts of
   * windows, ports, channels, pending and in-flight requests, goroutines,
   * refusals by reason, and the loader's own maps.
   */
  stats() {
    return this.#shell.stats();
  }

  /** Calls fn({reason, origin, channel, type, kind, detail, count, summary}) for every refused message. Returns an unsubscribe function. */
  onReject(fn) {
    return listen(this.#shell, this.#shell.rejects, fn);
  }

  /** Calls fn(decision) for every decision: sent, accepted, refused. Returns an unsubscribe function. */
  onDecision(fn) {
    return listen(this.#shell, this.#shell.decisions, fn);
  }
}

function listen(shell, set, fn) {
  if (typeof fn !== "function") throw bad("a listener must be a function");
  const wrapped = (x) => fn(x);
  set.add(wrapped);
  shell.observe();
  return () => { set.delete(wrapped); shell.observe(); };
}
