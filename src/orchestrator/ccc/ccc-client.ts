import { request } from "node:http";
import type { StateReport } from "../../core/workload-state.js";

/** What GET /api/health answers. */
export interface CoreHealth {
  status: string;
  version?: string;
  state: StateReport;
}

/** The core answered with an error status, or did not answer. `status` is undefined when it did not answer. */
export class CoreRequestError extends Error {
  override readonly name = "CoreRequestError";

  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

interface Reply {
  status: number;
  text: string;
}

/**
 * The client side of the Container Control Core's HTTP API, for one
 * container's core (published on 127.0.0.1). Uses http.request with a
 * timeout on every call: a published port whose server is not up yet can
 * accept and then hang.
 */
export class CoreClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string | undefined,
    private readonly timeoutMs = 10_000,
  ) {}

  async health(): Promise<CoreHealth> {
    return this.json<CoreHealth>("GET", "/api/health");
  }

  /** POST /api/start; the core answers with the workload's state. */
  async start(payload: unknown): Promise<StateReport> {
    return this.json<StateReport>("POST", "/api/start", payload);
  }

  /** POST /api/update: `applied` false means the core said 409 (the adapter does not support it). */
  async update(values: unknown): Promise<{ applied: boolean; body: Record<string, unknown> }> {
    const reply = await this.send("POST", "/api/update", values);
    if (reply.status === 409) return { applied: false, body: parse(reply.text) };
    return { applied: true, body: this.check(reply, "/api/update") };
  }

  async stop(timeoutMs?: number): Promise<StateReport> {
    return this.check(await this.send("POST", "/api/stop", {}, timeoutMs), "/api/stop") as unknown as StateReport;
  }

  async metrics(): Promise<Record<string, unknown>> {
    return this.json<Record<string, unknown>>("GET", "/api/metrics");
  }

  /** GET /metrics: Prometheus text. */
  async prometheus(): Promise<string> {
    const reply = await this.send("GET", "/metrics");
    this.check(reply, "/metrics", false);
    return reply.text;
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.check(await this.send(method, path, body), path) as T;
  }

  private check(reply: Reply, path: string, json = true): Record<string, unknown> {
    if (reply.status >= 200 && reply.status < 300) return json ? parse(reply.text) : {};
    const body = parse(reply.text);
    const said = typeof body.error === "string" ? body.error : reply.text.trim().slice(0, 300);
    const hint =
      reply.status !== 401
        ? ""
        : this.token
          ? " (the token does not match: was .boss-context replaced?)"
          : " (boss has no token for this group: .boss-context is missing; boss start makes a new one and replaces the container)";
    throw new CoreRequestError(`${path} answered ${reply.status}: ${said}${hint}`, reply.status);
  }

  private send(method: string, path: string, body?: unknown, timeoutMs = this.timeoutMs): Promise<Reply> {
    const data = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, this.baseUrl),
        {
          method,
          timeout: timeoutMs,
          headers: {
            ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
            ...(data ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(data) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
      req.on("error", (error) =>
        reject(new CoreRequestError(`${method} ${this.baseUrl}${path} failed: ${error.message}`)),
      );
      req.end(data);
    });
  }
}

function parse(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : { value };
  } catch {
    return { text };
  }
}
