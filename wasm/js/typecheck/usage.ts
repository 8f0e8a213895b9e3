// usage.ts: every name postbridge.d.ts documents, used as an embedder
// would, and misuse the types must refuse (each // @ts-expect-error line
// fails the check if it stops being an error). make test runs
// tsc --strict --noEmit over it against the packed npm package
// (build/typecheck.sh), so the typings and the package cannot drift apart.
import {
  codes, load, runGo, PostbridgeError,
  type Channel, type ConnectConfig, type Decision, type ErrorCode, type JSONValue,
  type LoadOptions, type Meta, type Postbridge, type RejectInfo, type Stats,
} from "@postbridge/postbridge";

export async function embed(frame: HTMLIFrameElement): Promise<void> {
  const options: LoadOptions = { tap: "ws://main.localhost:8080/relay?room=demo" };
  const pb: Postbridge = await load(options);
  const version: string = pb.version();
  const stats: Stats = pb.stats();
  const held: number = stats.windows + stats.ports + stats.pending + stats.shell.requests + stats.wasmBytes;
  const refusedOrigins: number | undefined = stats.refused.ORIGIN_REFUSED;

  const config: ConnectConfig = {
    window: frame.contentWindow!,
    origin: "https://widget.example",
    channel: "cart",
    timeout: 5000,
    handlerTimeout: 2000,
    maxPayload: 65536,
    maxDepth: 32,
    maxPending: 256,
    maxQueue: 1024,
    schemas: { add: { type: "object" } },
  };
  const ch: Channel = await pb.connect(config);
  const shops: readonly string[] = ["https://shop-a.example", "https://shop-b.example"];
  const widget: Channel = await pb.connect({ window: frame.contentWindow!, origin: shops, channel: "cart" });
  widget.close();
  const secret: string = pb.secret();
  const sandbox = document.createElement("iframe");
  sandbox.sandbox.add("allow-scripts");
  sandbox.src = "https://plugins.example/plugin#" + secret;
  const plugin: Channel = await pb.connect({ window: sandbox.contentWindow!, origin: "null", secret, channel: "plugin" });
  plugin.close();
  const peer: string = ch.origin;

  const offEvent: () => void = ch.on("tick", (payload, meta: Meta) => {
    const where: string = meta.origin + meta.channel + meta.type + meta.session;
    console.log(where, payload);
  });
  ch.emit("tick", { n: 1, tags: ["a", null, true] });
  ch.emit("ping");
  const offHandler = ch.handle("add", ({ a, b }: { a: number; b: number }) => a + b);
  ch.handle("later", async () => "done");
  ch.handle("nothing", () => {});
  const sum = await ch.request<number>("add", { a: 1, b: 2 }, { timeout: 1000 });
  const doubled: number = sum * 2;
  ch.onClose((err?: PostbridgeError) => console.log(err?.code));

  const offReject = pb.onReject((info: RejectInfo) => {
    const n: number = info.count;
    const s: boolean = info.summary;
    console.log(info.reason, info.origin, info.channel, info.type, info.kind, info.detail, n, s);
  });
  const offDecision = pb.onDecision((d: Decision) => {
    const verdict: "sent" | "accepted" | "refused" = d.verdict;
    console.log(d.time, verdict, d.reason, d.detail, d.origin, d.kind, d.type, d.latency, d.payload, d.count, d.summary);
  });

  try {
    await ch.request("missing");
  } catch (e) {
    if (e instanceof PostbridgeError) {
      const code: ErrorCode = e.code;
      console.log(code, codes.includes(code), e.message);
    }
  }
  const payload: JSONValue = { nested: [1, "two", { three: false }] };
  ch.emit("data", payload);
  offEvent(); offHandler(); offReject(); offDecision();
  ch.close();
  await runGo("/gopage/gopeer.wasm", { argv: ["-v"], env: { MODE: "lab" } });
  await runGo(new URL("app.wasm", location.href));
  console.log(version, held, refusedOrigins, peer, doubled);

  // Misuse the typings must refuse.
  // @ts-expect-error an unknown connect option (a typo of timeout)
  await pb.connect({ window, origin: "https://a.example", channel: "c", timout: 10 });
  // @ts-expect-error connect needs the peer's origin
  await pb.connect({ window, channel: "c" });
  // @ts-expect-error the origin is one string, not a pattern
  await pb.connect({ window, origin: /example/, channel: "c" });
  // @ts-expect-error a function is not a JSON payload
  ch.emit("fn", () => 1);
  // @ts-expect-error undefined inside a payload is not JSON either
  ch.emit("u", { a: undefined as unknown as symbol });
  // @ts-expect-error a request's options hold only a timeout
  await ch.request("add", {}, { retries: 3 });
  // @ts-expect-error a list holds origin strings only
  await pb.connect({ window, origin: ["https://a.example", 443], channel: "c" });
  // @ts-expect-error a secret is a string
  await pb.connect({ window, origin: "null", secret: 42, channel: "c" });
  // @ts-expect-error an unknown load option
  await load({ debug: true });
  // @ts-expect-error the origin a channel talks to is read-only
  ch.origin = "https://evil.example";
  // @ts-expect-error error codes are a closed set
  const wrong: ErrorCode = "NOT_A_CODE";
  console.log(wrong);
}
