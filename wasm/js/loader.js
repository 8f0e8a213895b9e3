// Postbridge loader: the one import a page needs.
//
//   import { load } from "/postbridge/postbridge.js";
//   const pb = await load();
//
// The build prepends Go's wasm_exec.js (scoped, see below) to this file, so
// no other script tag is needed. Everything else it fetches is found
// relative to this file's own URL, so the folder works from any path.

const GoRuntime = globalThis.__postbridgeGo;
delete globalThis.__postbridgeGo;

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
  "LIMIT", "TIMEOUT", "HANDLER_ERROR", "CLOSED",
]);
/** The error codes, as a frozen array. */
export { codes };

function toError(e) {
  return new PostbridgeError(e.code, e.message);
}

// The option names each call knows. An unknown name is BAD_CONFIG, not
// ignored: a typo such as "timout" or a guess such as "origins" must not
// leave a security setting at its default without a word.
const configKeys = Object.freeze([
  "window", "origin", "channel", "timeout", "schemas",
  "handlerTimeout", "maxPayload", "maxDepth", "maxPending", "maxQueue",
]);
const loadKeys = Object.freeze(["tap"]);
const requestKeys = Object.freeze(["timeout"]);

function checkKeys(what, obj, known) {
  for (const k of Object.keys(obj)) {
    if (!known.includes(k)) {
      const name = k.length > 64 ? k.slice(0, 64) + "…" : k;
      throw new PostbridgeError("BAD_CONFIG", "postbridge: BAD_CONFIG: unknown " + what + " option " +
        JSON.stringify(name) + " (known: " + known.join(", ") + ")");
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

function decode(json) {
  return json === undefined ? undefined : JSON.parse(json);
}

let booting = null;

/**
 * Loads the module once per page and resolves to the Postbridge API.
 * Options: { tap: "ws://…/relay?…" } streams every decision to a relay.
 */
export function load(options = {}) {
  try {
    if (options === null || typeof options !== "object") {
      throw new PostbridgeError("BAD_CONFIG", "postbridge: BAD_CONFIG: load options must be an object");
    }
    checkKeys("load", options, loadKeys);
  } catch (e) {
    return Promise.reject(e);
  }
  if (!booting) booting = boot();
  return booting.then((api) => new Postbridge(api, options));
}

async function boot() {
  const go = new GoRuntime();
  const url = new URL("postbridge.wasm", import.meta.url);
  const api = new Promise((resolve) => { globalThis.__postbridgeBoot = resolve; });
  let instance;
  try {
    if (WebAssembly.instantiateStreaming) {
      ({ instance } = await WebAssembly.instantiateStreaming(fetch(url), go.importObject));
    } else {
      const bytes = await (await fetch(url)).arrayBuffer();
      ({ instance } = await WebAssembly.instantiate(bytes, go.importObject));
    }
    go.run(instance);
    return await api;
  } catch (e) {
    booting = null;
    throw new PostbridgeError("BAD_CONFIG", "postbridge: BAD_CONFIG: cannot load " + url + ": " + e.message);
  } finally {
    delete globalThis.__postbridgeBoot;
  }
}

const rejectListeners = new Set();
const decisionListeners = new Set();
let observing = null; // null, "refused" or "all": what Go reports to us

function observe(api, all) {
  const want = all ? "all" : "refused";
  if (observing === "all" || observing === want) return;
  observing = want;
  api.observe((d) => {
    if (d.verdict === "refused") {
      const info = Object.freeze({
        reason: d.reason, origin: d.origin, channel: d.channel,
        type: d.type, kind: d.kind, detail: d.detail,
      });
      for (const f of rejectListeners) {
        try { f(info); } catch (e) { console.error(e); }
      }
    }
    for (const f of decisionListeners) {
      try { f(d); } catch (e) { console.error(e); }
    }
  }, all);
}

class Postbridge {
  #api;
  constructor(api, options) {
    this.#api = api;
    observe(api, false);
    if (options && options.tap !== undefined) {
      if (typeof options.tap !== "string") throw new PostbridgeError("BAD_CONFIG", "postbridge: BAD_CONFIG: tap must be a ws:// or wss:// URL");
      api.tap(options.tap);
    }
  }

  /** Opens a channel to a peer window; resolves once the handshake is done. */
  connect(config) {
    return new Promise((resolve, reject) => {
      if (config === null || typeof config !== "object") {
        throw new PostbridgeError("BAD_CONFIG", "postbridge: BAD_CONFIG: connect needs a config object");
      }
      checkKeys("connect", config, configKeys);
      let schemas;
      if (config.schemas !== undefined) {
        if (config.schemas === null || typeof config.schemas !== "object") {
          throw new PostbridgeError("BAD_CONFIG", "postbridge: BAD_CONFIG: schemas must be an object");
        }
        schemas = JSON.stringify(config.schemas);
      }
      const opts = {
        schemas, handlerTimeout: config.handlerTimeout, maxPayload: config.maxPayload,
        maxDepth: config.maxDepth, maxPending: config.maxPending, maxQueue: config.maxQueue,
      };
      const opened = this.#api.open(config.window, config.origin, config.channel, config.timeout, opts);
      if (!Array.isArray(opened)) throw toError(opened);
      const [id, origin] = opened;
      const ch = new Channel(this.#api, id, origin, config.channel);
      this.#api.wait(id, (err) => (err ? reject(toError(err)) : resolve(ch)));
    });
  }

  /** Calls fn({reason, origin, channel, type, kind, detail}) for every refused message. Returns an unsubscribe function. */
  onReject(fn) {
    rejectListeners.add(fn);
    return () => rejectListeners.delete(fn);
  }

  /** Calls fn(decision) for every decision: sent, accepted, refused. Returns an unsubscribe function. */
  onDecision(fn) {
    observe(this.#api, true);
    decisionListeners.add(fn);
    return () => decisionListeners.delete(fn);
  }
}

class Channel {
  #api;
  #id;
  #origin;
  #channel;
  constructor(api, id, origin, channel) {
    this.#api = api;
    this.#id = id;
    this.#origin = origin;
    this.#channel = channel;
  }

  #meta(type, session) {
    return { origin: this.#origin, channel: this.#channel, type, session };
  }

  /** Registers the handler of an event type (one per type). Returns an unsubscribe function. */
  on(type, fn) {
    if (typeof fn !== "function") throw new PostbridgeError("BAD_CONFIG", "postbridge: BAD_CONFIG: on() needs a function");
    const err = this.#api.on(this.#id, String(type), (json, type, session) => {
      // A throwing handler must not reach the module: report it, go on.
      try { fn(decode(json), this.#meta(type, session)); } catch (e) { console.error("postbridge: handler of", type, "threw:", e); }
    });
    if (err) throw toError(err);
    return () => this.#api.on(this.#id, String(type), null);
  }

  /** Sends an event. Throws PostbridgeError (SCHEMA, TOO_LARGE, UNKNOWN_TYPE, CLOSED, LIMIT) at once. */
  emit(type, payload) {
    const err = this.#api.emit(this.#id, String(type), encode(payload));
    if (err) throw toError(err);
  }

  /** Registers the request handler of a type; fn(payload, meta) may return a value or a Promise. */
  handle(type, fn) {
    if (typeof fn !== "function") throw new PostbridgeError("BAD_CONFIG", "postbridge: BAD_CONFIG: handle() needs a function");
    const wrapped = async (json, type, session) => encode(await fn(decode(json), this.#meta(type, session)));
    const err = this.#api.handle(this.#id, String(type), wrapped);
    if (err) throw toError(err);
    return () => this.#api.handle(this.#id, String(type), null);
  }

  /** Sends a request; resolves to the peer's answer or rejects with a PostbridgeError. */
  request(type, payload, options = {}) {
    return new Promise((resolve, reject) => {
      if (options === null || typeof options !== "object") {
        throw new PostbridgeError("BAD_CONFIG", "postbridge: BAD_CONFIG: request options must be an object");
      }
      checkKeys("request", options, requestKeys);
      const json = encode(payload);
      this.#api.request(this.#id, String(type), json, options.timeout, (err, resp) => {
        if (err) reject(toError(err));
        else resolve(decode(resp));
      });
    });
  }

  /** Calls fn(error) once when the channel closes. */
  onClose(fn) {
    this.#api.onClose(this.#id, (err) => {
      try { fn(err ? toError(err) : undefined); } catch (e) { console.error("postbridge: onClose callback threw:", e); }
    });
  }

  /** Closes the channel and tells the peer. */
  close() {
    this.#api.close(this.#id);
  }
}
