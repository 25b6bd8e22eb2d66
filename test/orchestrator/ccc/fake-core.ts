import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { FakeContainerClient } from "../../fakes/fake-container-client.js";

/** A request the fake core received. */
export interface CoreCall {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

/**
 * A Container Control Core stand-in on 127.0.0.1: the routes boss calls, the
 * bearer-token check of the real one (/api/health open, the rest 401 without
 * it), and a workload state that /api/start and /api/stop change. Every call
 * is also logged into `log` (the fake engine's call list), so tests see the
 * order of core calls and engine calls.
 */
export class FakeCore {
  readonly calls: CoreCall[] = [];
  state = "idle";
  /** When set, /api/start answers 400 with this error. */
  startError: string | undefined;
  /** Keys /api/update accepts (others: 409, as an adapter that does not support them). */
  updatable = ["bandwidth_limit"];
  private server: Server | undefined;

  constructor(
    private readonly token: () => string | undefined,
    private readonly log: string[],
  ) {}

  async listen(): Promise<number> {
    this.server = createServer((req, res) => {
      let text = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => (text += chunk));
      req.on("end", () => {
        const path = req.url ?? "/";
        const body: unknown = text ? JSON.parse(text) : undefined;
        this.calls.push({ method: req.method ?? "", path, authorization: req.headers.authorization, body });
        this.log.push(`core:${req.method} ${path}`);
        const [status, reply] = this.answer(req.method ?? "", path, req.headers.authorization, body);
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(JSON.stringify(reply));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private answer(method: string, path: string, auth: string | undefined, body: unknown): [number, unknown] {
    if (path === "/api/health") return [200, { status: "ok", state: { state: this.state, exit_code: null } }];
    if (auth !== `Bearer ${this.token() ?? "(none)"}`) return [401, { error: "this route needs Authorization" }];
    const route = `${method} ${path}`;
    if (route === "POST /api/start") {
      if (this.startError) return [400, { error: this.startError }];
      this.state = "running";
      return [200, { state: this.state }];
    }
    if (route === "POST /api/stop") {
      this.state = "stopped";
      return [200, { state: this.state }];
    }
    if (route === "POST /api/update") {
      if (this.state !== "running") return [400, { error: `the workload is not running (state ${this.state})` }];
      const keys = Object.keys(body as object).filter((k) => !this.updatable.includes(k));
      if (keys.length > 0)
        return [409, { error: `the adapter does not support this update (keys: ${keys.join(", ")})` }];
      return [200, { applied: true, state: this.state, payload: body }];
    }
    if (route === "GET /api/metrics") {
      return [200, { state: this.state, container: { cpu_percent: 12.5, memory_usage_bytes: 1_048_576 } }];
    }
    return [404, { error: `no route ${path}` }];
  }
}

/** The fake engine, with every controlled container's core published on the fake core's port. */
export class CoreFakeClient extends FakeContainerClient {
  corePort = 0;

  override publishedPort(id: string, containerPort: number): Promise<number | undefined> {
    const container = this.containers.get(id);
    const core = container?.spec.ports.some((p) => p.containerPort === containerPort && p.hostIp === "127.0.0.1");
    return Promise.resolve(core ? this.corePort : undefined);
  }
}
