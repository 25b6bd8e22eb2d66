// The Engine API as plain HTTP over the daemon's socket, for the engine
// references: what the engine itself takes for the calls a boss command
// needs, with no client library in between (one keep-alive agent, JSON in
// and out). The bench's other engine work goes through dockerode (engine.ts).
import { Agent, request } from "node:http";

export type DaemonAddress = { socketPath: string } | { host: string; port: number };

/** Where the daemon listens: DOCKER_HOST (unix:// or plain tcp://), else the default socket. */
export function daemonAddress(): DaemonAddress {
  const host = process.env.DOCKER_HOST ?? "";
  if (host.startsWith("unix://")) return { socketPath: host.slice("unix://".length) };
  if (host.startsWith("tcp://")) {
    const url = new URL(host.replace(/^tcp:/, "http:"));
    return { host: url.hostname, port: Number(url.port || 2375) };
  }
  return { socketPath: "/var/run/docker.sock" };
}

/** An answer of the engine with a status of 400 or more that the caller did not expect. */
export class EngineApiError extends Error {
  constructor(
    readonly status: number,
    what: string,
    body: string,
  ) {
    super(`${what}: the engine answered ${status}: ${body.trim().slice(0, 300)}`);
  }
}

export class EngineApi {
  private readonly agent = new Agent({ keepAlive: true });

  /** `address`: another way to the daemon than DOCKER_HOST's (engine-recorder.ts). */
  constructor(private readonly address: DaemonAddress = daemonAddress()) {}

  /**
   * One call, its answer read to the end; the parsed JSON (or the text when
   * it is not JSON, or undefined when empty). A status of 400 or more throws,
   * unless it is in `allowed` (304 and 404 for an idempotent stop or remove).
   */
  call(method: string, path: string, body?: unknown, allowed: readonly number[] = []): Promise<unknown> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          ...this.address,
          agent: this.agent,
          method,
          path,
          headers: payload ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) } : {},
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", reject);
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            const status = res.statusCode ?? 0;
            if (status >= 400 && !allowed.includes(status)) {
              reject(new EngineApiError(status, `${method} ${path}`, text));
              return;
            }
            resolve(parse(text, res.headers["content-type"]));
          });
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  }

  get(path: string): Promise<unknown> {
    return this.call("GET", path);
  }

  post(path: string, body?: unknown, allowed?: readonly number[]): Promise<unknown> {
    return this.call("POST", path, body, allowed);
  }

  /** Closes the idle keep-alive connections, so the bench can exit. */
  close(): void {
    this.agent.destroy();
  }
}

function parse(text: string, type: string | undefined): unknown {
  if (text === "") return undefined;
  if (!type?.includes("json")) return text;
  return JSON.parse(text) as unknown;
}

/** `?filters=…` for a list call: containers or networks with every one of `labels` ("key=value"). */
export function labelFilter(...labels: string[]): string {
  return `filters=${encodeURIComponent(JSON.stringify({ label: labels }))}`;
}
