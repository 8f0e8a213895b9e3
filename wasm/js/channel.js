// The Channel of the JavaScript API: the object connect() resolves to.

class Channel {
  #shell;
  #id;
  #origin;
  #name;
  #session = "";
  #ready;
  #onClose = [];
  #error = null;

  constructor(shell, id, origin, name, resolve, reject) {
    this.#shell = shell;
    this.#id = id;
    this.#origin = origin;
    this.#name = name;
    this.#ready = { resolve, reject };
  }

  /**
   * The peer's origin, as every message is checked against and sent to:
   * with several allowed, the one of the live session ("" before the first).
   */
  get origin() {
    return this.#origin;
  }

  _connected(session, origin) {
    this.#session = session;
    this.#origin = origin;
    if (this.#ready) {
      const r = this.#ready;
      this.#ready = null;
      performance.mark("postbridge:connected");
      r.resolve(this);
    }
  }

  _closed(err) {
    this.#error = err;
    if (this.#ready) {
      const r = this.#ready;
      this.#ready = null;
      r.reject(err);
    }
    const fns = this.#onClose;
    this.#onClose = [];
    for (const f of fns) f(err);
  }

  #meta(type) {
    return { origin: this.#origin, channel: this.#name, type, session: this.#session };
  }

  // #call makes one call into Go with type (and a payload) in the inbox,
  // throwing the PostbridgeError Go answers with.
  #call(f, type, json) {
    const shell = this.#shell;
    const [t, p] = shell.putAll(String(type), json);
    if (t < 0) throw new PostbridgeError("BAD_CONFIG", "postbridge: BAD_CONFIG: type is too long");
    const r = shell.call(() => f(shell.ex, t, p));
    if (r < 0) throw shell.error();
    return r;
  }

  /** Registers the handler of an event type (one per type). Returns an unsubscribe function. */
  on(type, fn) {
    if (typeof fn !== "function") throw new PostbridgeError("BAD_CONFIG", "postbridge: BAD_CONFIG: on() needs a function");
    const t = String(type), id = this.#id;
    const hid = this.#call((ex, n) => ex.pb_on(id, n, 1), t);
    this.#shell.handlers.set(hid, (json) => {
      // A throwing handler must not reach the module: report it, go on.
      try { fn(decode(json), this.#meta(t)); } catch (e) { console.error("postbridge: handler of", t, "threw:", e); }
    });
    return () => { try { this.#call((ex, n) => ex.pb_on(id, n, 0), t); } catch { /* closed */ } };
  }

  /** Sends an event. Throws PostbridgeError (SCHEMA, TOO_LARGE, UNKNOWN_TYPE, CLOSED, LIMIT) at once. */
  emit(type, payload) {
    const id = this.#id;
    this.#call((ex, t, p) => ex.pb_emit(id, t, p), type, encode(payload));
  }

  /** Registers the request handler of a type; fn(payload, meta) may return a value or a Promise. */
  handle(type, fn) {
    if (typeof fn !== "function") throw new PostbridgeError("BAD_CONFIG", "postbridge: BAD_CONFIG: handle() needs a function");
    const t = String(type), id = this.#id, shell = this.#shell;
    const hid = this.#call((ex, n) => ex.pb_handle(id, n, 1), t);
    shell.handlers.set(hid, (json, ch, call) => {
      let p;
      try { p = Promise.resolve(fn(decode(json), this.#meta(t))); } catch (e) { p = Promise.reject(e); }
      p.then((v) => answer(shell, ch, call, v), (e) => fail(shell, ch, call, e));
    });
    return () => { try { this.#call((ex, n) => ex.pb_handle(id, n, 0), t); } catch { /* closed */ } };
  }

  /** Sends a request; resolves to the peer's answer or rejects with a PostbridgeError. */
  request(type, payload, options = {}) {
    return new Promise((resolve, reject) => {
      if (options === null || typeof options !== "object") {
        throw new PostbridgeError("BAD_CONFIG", "postbridge: BAD_CONFIG: request options must be an object");
      }
      checkKeys("request", options, ["timeout"]);
      const timeout = options.timeout === undefined ? NaN : typeof options.timeout === "number" ? options.timeout : -1;
      const shell = this.#shell, id = this.#id;
      const [t, p] = shell.putAll(String(type), encode(payload));
      if (t < 0) throw new PostbridgeError("BAD_CONFIG", "postbridge: BAD_CONFIG: type is too long");
      if (shell.go.exited) throw new PostbridgeError("CLOSED", "postbridge: CLOSED: the module stopped");
      const rid = shell.ex.pb_request(id, t, p, timeout);
      if (rid < 0) {
        shell.drain();
        throw shell.error();
      }
      shell.requests.set(rid, { resolve: (json) => resolve(decode(json)), reject });
      shell.drain();
    });
  }

  /** Calls fn(error) once when the channel closes. */
  onClose(fn) {
    const f = (err) => {
      try { fn(err); } catch (e) { console.error("postbridge: onClose callback threw:", e); }
    };
    if (this.#error) f(this.#error);
    else this.#onClose.push(f);
  }

  /** Closes the channel and tells the peer. */
  close() {
    const id = this.#id;
    this.#shell.call(() => this.#shell.ex.pb_close(id));
  }
}

// answer hands a handler's value back to Go, which checks and sends it.
function answer(shell, ch, call, v) {
  let json;
  try { json = encode(v); } catch (e) { fail(shell, ch, call, e); return; }
  const [n] = shell.putAll(json);
  shell.call(() => shell.ex.pb_answer(ch, call, 1, n, 0));
}

function fail(shell, ch, call, e) {
  const code = e && typeof e.code === "string" ? e.code : "";
  let message = e && typeof e.message === "string" ? e.message : "handler failed";
  const prefix = "postbridge: " + code + ": "; // a PostbridgeError passed on keeps its words only
  if (code && message.startsWith(prefix)) message = message.slice(prefix.length);
  const [a, b] = shell.putAll(code.slice(0, 64), message.slice(0, 4096));
  shell.call(() => shell.ex.pb_answer(ch, call, 0, Math.max(a, 0), Math.max(b, 0)));
}
