// A recording pass-through in front of the engine: the scaling rows' boss
// processes (through DOCKER_HOST) and the engine reference talk to the engine
// through it, and it notes when each call reached it and when its answer
// ended. So each run tells its own engine time apart from the rest, in the
// same run: what boss adds is then not only one run's time minus another
// run's of the same work, which the engine's own spread drowns on long runs
// (a chain of 100 took the engine from 24 to 29 s within minutes here, ±2.5 s,
// where the goal's 5 ms per service is 0.5 s).
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { daemonAddress, type DaemonAddress } from "./engine-api.js";

export interface EngineCall {
  /** "GET /containers/json", the API version left out. */
  call: string;
  began: number;
  ended: number;
}

export class EngineRecorder {
  private calls: EngineCall[] = [];
  private readonly agent = new Agent({ keepAlive: true });
  private readonly server: Server;

  private constructor(
    private readonly engine: DaemonAddress,
    private readonly dir: string,
  ) {
    this.server = createServer((req, res) => this.pass(req, res));
    // Nothing the scaling rows run attaches to a container: say so rather than hang if something ever does.
    this.server.on("upgrade", (_req, socket) => {
      socket.end("HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\n\r\n");
    });
  }

  /** Listens on a socket of its own (`socketPath`), in front of the engine's (DOCKER_HOST's). */
  static async open(engine: DaemonAddress = daemonAddress()): Promise<EngineRecorder> {
    const recorder = new EngineRecorder(engine, await mkdtemp(join(tmpdir(), "boss-bench-recorder-")));
    await new Promise<void>((resolve, reject) => {
      recorder.server.once("error", reject);
      recorder.server.listen(recorder.socketPath, resolve);
    });
    return recorder;
  }

  get socketPath(): string {
    return join(this.dir, "engine.sock");
  }

  /** The calls ended since the last take (a stream the client closed counts as ended then). */
  take(): EngineCall[] {
    const calls = this.calls;
    this.calls = [];
    return calls;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
    this.agent.destroy();
    await rm(this.dir, { recursive: true, force: true });
  }

  private pass(req: IncomingMessage, res: ServerResponse): void {
    const began = performance.now();
    const call = `${req.method ?? "GET"} ${(req.url ?? "/").replace(/^\/v[\d.]+\//, "/")}`;
    const upstream = request(
      { ...this.engine, agent: this.agent, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", (error) => {
      if (!res.headersSent) res.writeHead(502, { "Content-Type": "text/plain" });
      res.end(`engine recorder: ${error.message}`);
    });
    req.pipe(upstream);
    res.on("close", () => {
      this.calls.push({ call, began, ended: performance.now() });
      // The client went away before the answer ended (a followed stream it is done with): so does the call.
      if (!res.writableFinished) upstream.destroy();
    });
  }
}

/** How long at least one of `calls` was at the engine: the length of the union of their spans. */
export function engineBusyMs(calls: readonly EngineCall[]): number {
  let busy = 0;
  let coveredTo = -Infinity;
  for (const { began, ended } of [...calls].sort((a, b) => a.began - b.began)) {
    if (ended <= coveredTo) continue;
    busy += ended - Math.max(began, coveredTo);
    coveredTo = ended;
  }
  return busy;
}
