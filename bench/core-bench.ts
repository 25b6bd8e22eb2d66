// The Container Control Core in a container: the image `boss ccc init` lays
// out (the template Dockerfile, the skeleton adapter, the default config),
// built the way integration-tests/core builds it. Measured from outside:
// the core process's RSS and CPU time (read from /proc inside the container),
// and latency at a fixed request rate over the published port.
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
import { percentile, sleep } from "./stats.js";

const run = promisify(execFile);
/** Clock ticks per second of /proc/<pid>/stat on Linux (USER_HZ). */
const ticksPerSecond = 100;

/** What the core bench found. */
export interface CoreFigures {
  idleRssMb: number;
  /** The part of the idle RSS that is the core's own (RssAnon): the rest is the node binary and libraries, shared. */
  idleAnonMb: number;
  idleCpuPercent: number;
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
  log: (line: string) => void;
}

export async function benchCore(options: CoreBenchOptions): Promise<CoreFigures> {
  const { label, rps, seconds, log } = options;
  const [key = "", value = ""] = label.split("=");
  const dir = await mkdtemp(join(tmpdir(), "boss-bench-ccc-"));
  const tag = `boss-bench-ccc:${value.replace(/[^a-z0-9_.-]/g, "")}`;
  const token = randomUUID();
  try {
    await initCccProject(dir);
    log("core: building the image of `boss ccc init` (cached after the first run)…");
    await buildImage(dir, tag);
    const container = await docker.createContainer({
      Image: tag,
      Labels: { [key]: value },
      Env: [`CCC_TOKEN=${token}`],
      ExposedPorts: { "8080/tcp": {} },
      HostConfig: { PortBindings: { "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "" }] } },
    });
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

    log("core: idle for 5 s…");
    await sleep(2000);
    const idleFrom = await cpuTicks(container.id, pid);
    await sleep(5000);
    const idleTo = await cpuTicks(container.id, pid);
    const idle = await memory(container.id, pid);

    log(`core: /api/health at ${rps}/s for ${Math.ceil(seconds / 2)} s…`);
    const health = await measureLoad(container.id, pid, {
      url: `${base}/api/health`,
      rps,
      seconds: Math.ceil(seconds / 2),
    });
    log(`core: /api/metrics at ${rps}/s for ${seconds} s…`);
    const metrics = await measureLoad(container.id, pid, { url: `${base}/api/metrics`, rps, seconds, headers });
    const after = await memory(container.id, pid);
    return {
      idleRssMb: idle.rssKb / 1024,
      idleAnonMb: idle.anonKb / 1024,
      idleCpuPercent: ((idleTo - idleFrom) / ticksPerSecond / 5) * 100,
      health,
      metrics: { ...metrics, rssMb: after.rssKb / 1024, peakRssMb: after.peakKb / 1024 },
      samplingCpuMs: metrics.cpuMsPerRequest - health.cpuMsPerRequest,
    };
  } finally {
    await docker
      .getImage(tag)
      .remove({ force: true })
      .catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
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
