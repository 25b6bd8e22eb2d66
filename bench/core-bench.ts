// The Container Control Core in a container: the image `boss ccc init` lays
// out (the template Dockerfile, the skeleton adapter, the default config),
// built the way integration-tests/core builds it. Measured from outside:
// the core process's RSS and CPU time (read from /proc inside the container),
// and latency at a fixed request rate over the published port. For scale, a
// bare node (`node -e 'setInterval(…)'`) in the same image: the floor that no
// change to the core can go below.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { initCccProject } from "../src/ccc-scaffold/init-ccc-project.js";
import { waitUntil } from "../integration-tests/core/docker-cli.js";
import { buildImage } from "../integration-tests/core/image.js";
import { docker } from "./engine.js";
import { httpJson } from "./http-json.js";
import { constantRate, type LoadResult } from "./load.js";
import { median, percentile, sleep } from "./stats.js";

const run = promisify(execFile);
/** Clock ticks per second of /proc/<pid>/stat on Linux (USER_HZ). */
const ticksPerSecond = 100;

/**
 * How long after its start the core counts as idle. V8's memory reducer
 * collects the start-up garbage about 8 s after activity stops, and RSS drops
 * by 1 to 2 MB then: reading it earlier measures the start-up, not the idle core.
 */
const SETTLE_MS = 10_000;
/** The window over which idle CPU is measured, after SETTLE_MS. */
const IDLE_CPU_MS = 5_000;

/** What the core bench found. */
export interface CoreFigures {
  /** Medians over `idleRuns` containers, each read SETTLE_MS + IDLE_CPU_MS after POST /api/start. */
  idleRssMb: number;
  /** The part of the idle RSS that is the core's own (RssAnon): the rest is the node binary and libraries, shared. */
  idleAnonMb: number;
  idleCpuPercent: number;
  idleRuns: number;
  /** A bare node idling in the same image, read as long after its start (medians over `idleRuns`). */
  bareNode: { rssMb: number; anonMb: number };
  /** A minimal HTTP server with one child, in plain Node with the core's flags, in the same image (idleMinimalServer). */
  minimalServer: { rssMb: number; anonMb: number };
  health: LoadFigures;
  metrics: LoadFigures & { rssMb: number; peakRssMb: number };
  /** Core CPU per /api/metrics request beyond a /api/health one: the sampling itself. */
  samplingCpuMs: number;
}

export interface LoadFigures {
  rps: number;
  seconds: number;
  requests: number;
  errors: number;
  skipped: number;
  p50Ms: number;
  p99Ms: number;
  cpuPercent: number;
  cpuMsPerRequest: number;
}

export interface CoreBenchOptions {
  label: string;
  rps: number;
  seconds: number;
  /** Containers whose idle figures are measured (medians); the last one is then put under load. */
  idleRuns?: number;
  log: (line: string) => void;
}

interface IdleCore {
  id: string;
  base: string;
  headers: Record<string, string>;
  pid: number;
  rssKb: number;
  anonKb: number;
  cpuPercent: number;
}

export async function benchCore(options: CoreBenchOptions): Promise<CoreFigures> {
  const { label, rps, seconds, log, idleRuns = 3 } = options;
  const [key = "", value = ""] = label.split("=");
  const labels = { [key]: value };
  const dir = await mkdtemp(join(tmpdir(), "boss-bench-ccc-"));
  const tag = `boss-bench-ccc:${value.replace(/[^a-z0-9_.-]/g, "")}`;
  /** Every container made here, removed at the end whatever happens. */
  const made: string[] = [];
  try {
    await initCccProject(dir);
    log("core: building the image of `boss ccc init` (cached after the first run)…");
    await buildImage(dir, tag);
    const idle: IdleCore[] = [];
    const bare: NodeMemory[] = [];
    const minimal: NodeMemory[] = [];
    for (let run = 1; run <= idleRuns; run++) {
      log(`core: idle ${run}/${idleRuns}, ${(SETTLE_MS + IDLE_CPU_MS) / 1000} s each for the core and a bare node…`);
      const [core, node, server] = await Promise.all([
        idleCore(tag, labels, made),
        idleBareNode(tag, labels, made),
        idleMinimalServer(tag, labels, made),
      ]);
      bare.push(node);
      minimal.push(server);
      idle.push(core);
      // Only the last one is put under load.
      if (run < idleRuns) await docker.getContainer(core.id).remove({ force: true });
    }
    const loaded = idle[idle.length - 1]!;
    const { base, headers, pid } = loaded;

    log(`core: /api/health at ${rps}/s for ${Math.ceil(seconds / 2)} s…`);
    const health = await measureLoad(loaded.id, pid, {
      url: `${base}/api/health`,
      rps,
      seconds: Math.ceil(seconds / 2),
    });
    log(`core: /api/metrics at ${rps}/s for ${seconds} s…`);
    const metrics = await measureLoad(loaded.id, pid, { url: `${base}/api/metrics`, rps, seconds, headers });
    const after = await memory(loaded.id, pid);
    return {
      idleRssMb: median(idle.map((c) => c.rssKb)) / 1024,
      idleAnonMb: median(idle.map((c) => c.anonKb)) / 1024,
      idleCpuPercent: median(idle.map((c) => c.cpuPercent)),
      idleRuns,
      bareNode: megabytes(bare),
      minimalServer: megabytes(minimal),
      health,
      metrics: { ...metrics, rssMb: after.rssKb / 1024, peakRssMb: after.peakKb / 1024 },
      samplingCpuMs: metrics.cpuMsPerRequest - health.cpuMsPerRequest,
    };
  } finally {
    for (const id of made)
      await docker
        .getContainer(id)
        .remove({ force: true })
        .catch(() => undefined);
    await docker
      .getImage(tag)
      .remove({ force: true })
      .catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

/** A core container, started (workload running) and left idle; its figures read after it settled. */
async function idleCore(tag: string, labels: Record<string, string>, made: string[]): Promise<IdleCore> {
  const token = randomUUID();
  const container = await docker.createContainer({
    Image: tag,
    Labels: labels,
    Env: [`CCC_TOKEN=${token}`],
    ExposedPorts: { "8080/tcp": {} },
    HostConfig: { PortBindings: { "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "" }] } },
  });
  made.push(container.id);
  await container.start();
  const info = await container.inspect();
  const port = info.NetworkSettings.Ports["8080/tcp"]?.[0]?.HostPort;
  const base = `http://127.0.0.1:${port}`;
  const headers = { Authorization: `Bearer ${token}` };
  await waitUntil(async () => Boolean(await httpJson(`${base}/api/health`, { timeoutMs: 2000 })), 30_000, "the core");
  await httpJson(`${base}/api/start`, { method: "POST", headers, body: { target_url: "bench" }, timeoutMs: 10_000 });
  const first = await httpJson(`${base}/api/metrics`, { headers, timeoutMs: 10_000 });
  const pid = Number((first.core as { pid?: unknown } | undefined)?.pid);
  if (!Number.isInteger(pid)) throw new Error("the core's /api/metrics names no core.pid");
  await sleep(SETTLE_MS);
  const from = await cpuTicks(container.id, pid);
  await sleep(IDLE_CPU_MS);
  const to = await cpuTicks(container.id, pid);
  const { rssKb, anonKb } = await memory(container.id, pid);
  const cpuPercent = ((to - from) / ticksPerSecond / (IDLE_CPU_MS / 1000)) * 100;
  return { id: container.id, base, headers, pid, rssKb, anonKb, cpuPercent };
}

/** A bare node idling in the same image (under the same tini), read as long after its start as the core. */
function idleBareNode(tag: string, labels: Record<string, string>, made: string[]): Promise<NodeMemory> {
  return idleNode(tag, labels, made, ["node", "-e", "setInterval(() => {}, 1e9)"]);
}

/**
 * The least any core must do, in plain Node with the core's V8 flags: an HTTP server that has answered one
 * request and runs one child process (the skeleton's workload, a node that idles). What is left of the
 * core's idle RSS above this is the core's own code and state.
 */
function idleMinimalServer(tag: string, labels: Record<string, string>, made: string[]): Promise<NodeMemory> {
  const script =
    "require('node:http').createServer((q, s) => s.end('{}')).listen(8080);" +
    "require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { stdio: 'inherit' });";
  return idleNode(tag, labels, made, ["node", ...coreV8Flags, "-e", script], true);
}

/** The V8 flags of the core's command in the image `boss ccc init` lays out (its Dockerfile's CMD). */
const coreV8Flags = ["--no-opt", "--no-sparkplug", "--optimize-for-size"];

interface NodeMemory {
  rssKb: number;
  anonKb: number;
}

/** A node started with `cmd` in the image, asked once on port 8080 when `answers`, read as long after its start as the core. */
async function idleNode(
  tag: string,
  labels: Record<string, string>,
  made: string[],
  cmd: string[],
  answers = false,
): Promise<NodeMemory> {
  const container = await docker.createContainer({
    Image: tag,
    Labels: labels,
    Cmd: cmd,
    ...(answers
      ? {
          ExposedPorts: { "8080/tcp": {} },
          HostConfig: { PortBindings: { "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "" }] } },
        }
      : {}),
  });
  made.push(container.id);
  await container.start();
  if (answers) {
    const port = (await container.inspect()).NetworkSettings.Ports["8080/tcp"]?.[0]?.HostPort;
    const url = `http://127.0.0.1:${port}/`;
    await waitUntil(async () => Boolean(await httpJson(url, { timeoutMs: 2000 })), 30_000, "the minimal server");
  }
  await sleep(SETTLE_MS + IDLE_CPU_MS);
  // tini is PID 1; node is its only child.
  const pid = Number((await inContainer(container.id, ["cat", "/proc/1/task/1/children"])).trim().split(" ")[0]);
  const { rssKb, anonKb } = await memory(container.id, pid);
  await container.remove({ force: true });
  return { rssKb, anonKb };
}

function megabytes(runs: NodeMemory[]): { rssMb: number; anonMb: number } {
  return { rssMb: median(runs.map((r) => r.rssKb)) / 1024, anonMb: median(runs.map((r) => r.anonKb)) / 1024 };
}

async function measureLoad(
  id: string,
  pid: number,
  load: { url: string; rps: number; seconds: number; headers?: Record<string, string> },
): Promise<LoadFigures> {
  const from = await cpuTicks(id, pid);
  const began = performance.now();
  const result: LoadResult = await constantRate(load);
  const elapsed = (performance.now() - began) / 1000;
  const cpuSeconds = ((await cpuTicks(id, pid)) - from) / ticksPerSecond;
  const requests = result.latenciesMs.length;
  return {
    rps: load.rps,
    seconds: load.seconds,
    requests,
    errors: result.errors,
    skipped: result.skipped,
    p50Ms: percentile(result.latenciesMs, 50),
    p99Ms: percentile(result.latenciesMs, 99),
    cpuPercent: (cpuSeconds / elapsed) * 100,
    cpuMsPerRequest: requests ? (cpuSeconds * 1000) / requests : NaN,
  };
}

async function inContainer(id: string, argv: string[]): Promise<string> {
  return (await run("docker", ["exec", id, ...argv], { timeout: 20_000 })).stdout;
}

/** utime + stime of the process, in clock ticks. */
async function cpuTicks(id: string, pid: number): Promise<number> {
  const stat = await inContainer(id, ["cat", `/proc/${pid}/stat`]);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 of stat(5), counted from the state (field 3) after the command name.
  return Number(fields[11]) + Number(fields[12]);
}

async function memory(id: string, pid: number): Promise<{ rssKb: number; anonKb: number; peakKb: number }> {
  const status = await inContainer(id, ["cat", `/proc/${pid}/status`]);
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1]);
  return { rssKb: kb("VmRSS"), anonKb: kb("RssAnon"), peakKb: kb("VmHWM") };
}
