// Type definitions for postbridge.js, the Postbridge loader.

/** Codes carried by every PostbridgeError, the same words Go callers match with errors.Is. */
export type ErrorCode =
  | "BAD_CONFIG" | "ORIGIN_REFUSED" | "SOURCE_REFUSED" | "ENVELOPE" | "VERSION"
  | "CHANNEL" | "REPLAY" | "STATE" | "UNKNOWN_TYPE" | "SCHEMA" | "TOO_LARGE"
  | "LIMIT" | "TIMEOUT" | "HANDLER_ERROR" | "CLOSED" | "UNTRUSTED";

/** The error every Postbridge failure rejects or throws with. */
export declare class PostbridgeError extends Error {
  readonly code: ErrorCode;
}

/** All error codes. */
export declare const codes: readonly ErrorCode[];

/** Any value JSON.stringify turns into JSON. */
export type JSONValue = null | boolean | number | string | JSONValue[] | { [key: string]: JSONValue };

/** Options of load(); any other member rejects with BAD_CONFIG. */
export interface LoadOptions {
  /** Relay websocket URL: streams every decision to the Postbridge server (debug only). */
  tap?: string;
}

/** Options of connect(); any other member (a typo such as "timout") rejects with BAD_CONFIG. */
export interface ConnectConfig {
  /** The peer: frame.contentWindow, window.parent, window.opener or a popup. */
  window: Window;
  /**
   * The peer's exact origin, e.g. "https://pay.example.com": the only one accepted and sent to.
   * Or a list of at most 64 exact origins (a widget embedded by several sites): the channel
   * locks to the origin of the first handshake until that session ends; `Channel.origin` says which.
   */
  origin: string | readonly string[];
  /**
   * Admits a sandboxed frame (origin "null"), on both sides: the embedder connects with
   * origin "null" and the secret (from pb.secret()) it put in the frame URL's fragment; the
   * sandboxed frame with its parent's exact origin and the same secret. BAD_CONFIG anywhere else.
   */
  secret?: string;
  /** Channel name, [A-Za-z][A-Za-z0-9._:-]{0,63}; both sides use the same. */
  channel: string;
  /** Handshake and default request timeout in ms (default 5000). */
  timeout?: number;
  /** JSON Schema per message type; when given, other types are refused. */
  schemas?: Record<string, object>;
  /** How long a request handler may run, in ms (default: timeout). */
  handlerTimeout?: number;
  /** Payload size limit in bytes (default 65536). */
  maxPayload?: number;
  /** Payload nesting limit (default 32). */
  maxDepth?: number;
  /** Pending requests per channel, each way (default 256). */
  maxPending?: number;
  /** Messages queued before the handshake completes (default 1024). */
  maxQueue?: number;
}

/** What a handler learns about an accepted message. */
export interface Meta {
  origin: string;
  channel: string;
  type: string;
  session: string;
}

/**
 * A refused message, as reported to onReject. Under a flood, an origin's
 * refusals beyond 100 a second are summed up: one report per second and
 * reason, with summary true and count the exact number it stands for.
 */
export interface RejectInfo {
  reason: ErrorCode;
  origin: string;
  channel: string;
  type: string;
  kind: string;
  detail: string;
  /** How many refusals this report stands for: 1, or more for a summary. */
  count: number;
  /** True for a summary of a flood. */
  summary: boolean;
}

/** Every decision, as reported to onDecision and the tap. */
export interface Decision {
  time: number;
  verdict: "sent" | "accepted" | "refused";
  reason?: ErrorCode;
  detail: string;
  origin: string;
  channel: string;
  kind: string;
  type: string;
  latency?: number;
  payload?: string;
  /** How many messages this decision stands for: 1, or more for a summary of refusals. */
  count: number;
  /** True for a summary of a flood of refusals. */
  summary: boolean;
}

/** What the module holds and has refused (Postbridge.stats), for debugging. */
export interface Stats {
  /** The module's version, as version() returns it. */
  version: string;
  windows: number;
  ports: number;
  channels: number;
  /** Requests of this page awaiting an answer. */
  pending: number;
  /** Requests of peers being handled here. */
  inflight: number;
  goroutines: number;
  /** Refusals since the page loaded, by reason, every one counted. */
  refused: Partial<Record<ErrorCode, number>>;
  /** The module's linear memory, in bytes. */
  wasmBytes: number;
  /** The loader's own maps. */
  shell: { windows: number; ports: number; handlers: number; requests: number };
}

export interface Channel {
  /** The peer's origin, as every message is checked against and sent to (with a list, the live session's). */
  readonly origin: string;
  on(type: string, fn: (payload: any, meta: Meta) => void): () => void;
  emit(type: string, payload?: JSONValue): void;
  handle(type: string, fn: (payload: any, meta: Meta) => JSONValue | void | Promise<JSONValue | void>): () => void;
  /** options: only timeout (ms); any other member rejects with BAD_CONFIG. */
  request<T = any>(type: string, payload?: JSONValue, options?: { timeout?: number }): Promise<T>;
  onClose(fn: (error?: PostbridgeError) => void): void;
  close(): void;
}

export interface Postbridge {
  connect(config: ConnectConfig): Promise<Channel>;
  /** What the module holds and has refused, for debugging. */
  stats(): Stats;
  /** A fresh secret for a sandboxed frame: 43 base64url characters (256 random bits). */
  secret(): string;
  /** Postbridge's version (semantic versioning), the npm package's. */
  version(): string;
  onReject(fn: (info: RejectInfo) => void): () => void;
  onDecision(fn: (decision: Decision) => void): () => void;
}

/**
 * Loads the module (once per page) and resolves to the API. Call it as
 * early as you can, before the peer frame exists: the module is fetched
 * and compiled meanwhile.
 */
export declare function load(options?: LoadOptions): Promise<Postbridge>;

/**
 * Starts a Go page built with package bridge (a .wasm URL), with the shell
 * the bridge needs, in place of Go's wasm_exec.js. Resolves when the Go
 * program exits.
 */
export declare function runGo(url: string | URL, options?: { argv?: string[]; env?: Record<string, string> }): Promise<void>;
