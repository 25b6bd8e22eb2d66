/**
 * A fault-injecting proxy in front of the Docker engine's socket, for tests:
 * an HTTP server on a unix socket in a temp folder that forwards every
 * request to the real socket (bodies and streamed answers piped, connection
 * upgrades passed through), counts them, and at the chosen request answers
 * with a fault instead: the connection reset, a 500 with a JSON message, no
 * answer at all, or the engine's answer lost after it did the work.
 *
 * @example
 *   const proxy = await EngineProxy.start();
 *   await proxy.inject("stall", 7);   // the 7th request from now never gets an answer
 *   await runBoss(dir, ["start"], { env: { DOCKER_HOST: proxy.dockerHost } });
 *   await proxy.close();
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect, type Socket } from "node:net";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { makeTempDir } from "../../test/helpers/temp-dir.js";

/**
 * reset: the connection is closed before the request reaches the engine; 500:
 * the engine seems to refuse it; stall: no answer ever; lost: the engine does
 * it, but its answer never arrives (the connection closes instead); gone:
 * the engine goes away (every connection closed, the socket removed) until
 * the next inject().
 */
export type Fault = "reset" | "500" | "stall" | "lost" | "gone";

/** Which request gets the fault: the n-th (1-based) of all, or the n-th of one kind (see signatureOf). */
export type RequestMatch = number | { signature: string; occurrence: number };

export interface ProxiedRequest {
  /** 1-based, counted from the last inject() or clear(). */
  index: number;
  method: string;
  path: string;
  /** What kind of request it is: see signatureOf. */
  signature: string;
  /** 1-based, among the requests of its signature. */
  occurrence: number;
  /** The fault this request got instead of an answer from the engine. */
  fault?: Fault;
}

export class EngineProxy {
  /** Every request since the last inject() or clear(), in arrival order. */
  readonly requests: ProxiedRequest[] = [];
  private fault: { kind: Fault; at: RequestMatch } | undefined;
  private readonly open = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly dir: string,
    readonly socketPath: string,
    private readonly target: string,
  ) {}

  /** Listens on `proxy.sock` in a new temp folder; forwards to `target` (default /var/run/docker.sock). */
  static async start(target = "/var/run/docker.sock"): Promise<EngineProxy> {
    const dir = makeTempDir("boss-engine-proxy-").path;
    const socketPath = join(dir, "proxy.sock");
    const server = createServer();
    const self = new EngineProxy(server, dir, socketPath, target);
    server.on("request", (req: IncomingMessage, res: ServerResponse) => self.handle(req, res));
    server.on("connection", (socket: Socket) => {
      self.open.add(socket);
      socket.on("close", () => self.open.delete(socket));
    });
    server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => self.upgrade(req, socket, head));
    await self.listen();
    return self;
  }

  /** DOCKER_HOST for a client of this proxy. */
  get dockerHost(): string {
    return `unix://${this.socketPath}`;
  }

  /**
   * Counts from zero again; the request `at` names gets `kind`. Without
   * a kind: no fault. Listens again when a "gone" fault closed the socket.
   */
  async inject(kind?: Fault, at: RequestMatch = 0): Promise<void> {
    this.requests.length = 0;
    this.fault = kind ? { kind, at } : undefined;
    if (!this.server.listening) await this.listen();
  }

  /** Counts from zero again, without a fault. */
  clear(): Promise<void> {
    return this.inject();
  }

  private async listen(): Promise<void> {
    await rm(this.socketPath, { force: true });
    return new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.socketPath, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
  }

  /** The engine goes away: no more connections (the socket file goes too), and the open ones are cut. */
  private vanish(): void {
    this.server.close();
    for (const socket of this.open) socket.destroy();
  }

  /** The fault injected since the last inject(), if its request came. */
  get injected(): ProxiedRequest | undefined {
    return this.requests.find((r) => r.fault);
  }

  /** Stops listening and drops every connection (stalled ones too), then removes the temp folder. */
  async close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    if (this.server.listening) await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await rm(this.dir, { recursive: true, force: true });
  }

  private count(req: IncomingMessage): ProxiedRequest {
    const method = req.method ?? "GET";
    const path = req.url ?? "/";
    const signature = signatureOf(method, path);
    const entry: ProxiedRequest = {
      index: this.requests.length + 1,
      method,
      path,
      signature,
      occurrence: this.requests.filter((r) => r.signature === signature).length + 1,
    };
    const at = this.fault?.at;
    const hit =
      typeof at === "number"
        ? entry.index === at
        : at !== undefined && at.signature === signature && at.occurrence === entry.occurrence;
    if (this.fault && hit) entry.fault = this.fault.kind;
    this.requests.push(entry);
    return entry;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const entry = this.count(req);
    if (entry.fault && entry.fault !== "lost") return this.injectFault(entry.fault, req, res);
    const upstream = request(
      { socketPath: this.target, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        if (entry.fault === "lost") {
          answer.resume();
          req.socket.destroy();
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on("error", () => res.destroy());
      },
    );
    upstream.on("error", () => res.destroy());
    // The client went away before the answer ended (a timeout, a killed boss): so does the upstream call.
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }

  private injectFault(fault: Exclude<Fault, "lost">, req: IncomingMessage, res: ServerResponse): void {
    switch (fault) {
      case "gone":
        this.vanish();
        return;
      case "reset":
        req.socket.destroy();
        return;
      case "500": {
        req.resume();
        const body = JSON.stringify({ message: "injected" });
        res.writeHead(500, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
        res.end(body);
        return;
      }
      case "stall":
        // Read the body, answer nothing; close() drops the connection.
        req.resume();
        return;
    }
  }

  /** Connection upgrades (attach, exec with hijack): counted, then passed through byte for byte. */
  private upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const entry = this.count(req);
    if (entry.fault === "gone") return this.vanish();
    if (entry.fault === "reset" || entry.fault === "500" || entry.fault === "lost") {
      if (entry.fault !== "500") socket.destroy();
      else {
        const body = JSON.stringify({ message: "injected" });
        const head = `HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: ${body.length}`;
        socket.end(`${head}\r\nConnection: close\r\n\r\n${body}`);
      }
      return;
    }
    if (entry.fault === "stall") return;
    const upstream = connect(this.target, () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(lines.join("\r\n") + "\r\n\r\n");
      if (head.length) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    this.open.add(upstream);
    upstream.on("close", () => this.open.delete(upstream));
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  }
}

/**
 * A request's kind, the same from run to run: the method, the path with ids
 * and names of the run's objects as <id>, and the names of the query's
 * parameters ("GET /containers/<id>/logs?follow&stderr&stdout&timestamps").
 */
export function signatureOf(method: string, path: string): string {
  const url = new URL(path, "http://engine");
  const pathname = url.pathname.replace(/\/v\d+\.\d+/, "").replace(/\/[0-9a-f]{64}(?=\/|$)/g, "/<id>");
  const keys = [...new Set(url.searchParams.keys())].sort();
  return `${method} ${pathname}${keys.length ? `?${keys.join("&")}` : ""}`;
}
