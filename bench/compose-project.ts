// The compose side: the same graph as a compose file (depends_on with
// condition: service_healthy, healthchecks every 100 ms), run with whichever
// Compose answers here — a `docker compose` plugin if installed, else
// `docker-compose` (Debian's 1.29).
import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { containersWith, removeLabelled } from "./engine.js";
import type { BenchGraph } from "./graphs.js";
import { since, sleep } from "./stats.js";
import { benchImage, healthcheckCommand, serviceCommand, servicePort } from "./tiny-service.js";

const run = promisify(execFile);
const projectLabel = "com.docker.compose.project";

/** How to call Compose: the argv before its own arguments, and its version line. */
export interface Compose {
  argv: string[];
  version: string;
}

/** The newest Compose that answers, or undefined (scripts/ensure-compose.sh installs one). */
export async function findCompose(): Promise<Compose | undefined> {
  for (const argv of [["docker", "compose"], ["docker-compose"]]) {
    try {
      const [command = "", ...rest] = argv;
      const { stdout } = await run(command, [...rest, "version", "--short"], { timeout: 20_000 });
      return { argv, version: stdout.trim() };
    } catch {
      // not this one
    }
  }
  return undefined;
}

export interface ComposeProject {
  dir: string;
  name: string;
  graph: BenchGraph;
}

/** Writes docker-compose.yml for `graph`; `hostPorts[i]` is published for service i. */
export async function makeComposeProject(
  graph: BenchGraph,
  runId: string,
  hostPorts: number[],
  delayMs: number,
): Promise<ComposeProject> {
  const dir = await mkdtemp(join(tmpdir(), `compose-bench-${graph.id}-`));
  const name = `bench${graph.id}${runId.replace(/[^a-z0-9]/g, "")}`;
  const services = Object.fromEntries(
    graph.services.map((s, i) => [
      s.name,
      {
        image: benchImage,
        command: serviceCommand(delayMs),
        ports: [`${hostPorts[i]}:${servicePort}`],
        healthcheck: { test: ["CMD-SHELL", healthcheckCommand()], interval: "100ms", timeout: "1s", retries: 600 },
        ...(s.dependencies.length
          ? { depends_on: Object.fromEntries(s.dependencies.map((d) => [d, { condition: "service_healthy" }])) }
          : {}),
      },
    ]),
  );
  // 2.4: the file format in which Compose 1.29 and 2.x both honour condition: service_healthy.
  await writeFile(join(dir, "docker-compose.yml"), stringify({ version: "2.4", services }));
  return { dir, name, graph };
}

/** Runs `compose -p NAME ...args`; returns the wall time in ms; fails on a non-zero exit. */
export function runCompose(compose: Compose, project: ComposeProject, args: string[]): Promise<number> {
  const [command = "", ...rest] = compose.argv;
  return new Promise((resolve, reject) => {
    const began = performance.now();
    const child = spawn(command, [...rest, "-p", project.name, ...args], {
      cwd: project.dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = since(began);
      if (code === 0) resolve(ms);
      else reject(new Error(`${compose.argv.join(" ")} ${args.join(" ")} exited with ${code}:\n${output}`));
    });
  });
}

/**
 * Waits until every container of the project reports healthy, polling at
 * 100 ms like the healthchecks. Compose 1.29's `up -d` returns once the last
 * layer is started, not healthy: the wait makes "all ready" mean what it
 * means for boss.
 */
export async function waitAllHealthy(project: ComposeProject, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const containers = await containersWith(`${projectLabel}=${project.name}`);
    const healthy = containers.filter((c) => c.Status.includes("(healthy)")).length;
    if (healthy === project.graph.services.length) return;
    if (Date.now() > deadline) throw new Error(`${project.name}: ${healthy} healthy after ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** The label that finds this project's containers and network. */
export function composeLabel(project: ComposeProject): string {
  return `${projectLabel}=${project.name}`;
}

/** `down` (best effort), then anything left with the project's label, then the folder. */
export async function removeComposeProject(compose: Compose | undefined, project: ComposeProject): Promise<void> {
  if (compose) await runCompose(compose, project, ["down", "-v", "--remove-orphans"]).catch(() => undefined);
  await removeLabelled(composeLabel(project));
  await rm(project.dir, { recursive: true, force: true });
}
