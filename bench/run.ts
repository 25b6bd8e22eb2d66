// `npm run bench`: boss against docker compose, against the critical-path
// limit and against the engine's own time for the calls each command needs,
// side by side in one run; then how cost grows with the number of services;
// then the Container Control Core under load. Progress goes to stderr; the
// report (markdown) to stdout and to bench/results/latest.md. Everything it
// creates carries a label of this run (or the bench's group / compose
// project) and is removed at the end, also after a failure or Ctrl-C.
//
//   BENCH_RUNS=3              runs per scenario of graphs (a) and (b)
//   BENCH_DELAY_MS=300        how long each service of (a) and (b) takes to open its port
//   BENCH_SCALE=5,20,50,100   sizes of the scaling graphs (wide and chain)
//   BENCH_SCALE_RUNS=3        runs per scaling graph
//   BENCH_SETTLE_MS=2000      pause before each scaling turn, boss's or the engine's
//   BENCH_RPS=200             request rate against the core
//   BENCH_CORE_SECONDS=10     how long /api/metrics is loaded
//   BENCH_NO_CORE=1           skip the core; BENCH_NO_COMPOSE=1 skip compose; BENCH_NO_SCALE=1 skip scaling
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, stat, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bossBin, makeBossProject, removeBossProject, repoRoot, runBoss } from "./boss-project.js";
import { measureStartup } from "./cli-commands.js";
import { CommandFigures } from "./command-figures.js";
import { findCompose, makeComposeProject, removeComposeProject, type Compose } from "./compose-project.js";
import { benchCore, type CoreFigures } from "./core-bench.js";
import { docker, removeLabelled } from "./engine.js";
import { EngineApi } from "./engine-api.js";
import { EngineReference } from "./engine-reference.js";
import { EngineRecorder } from "./engine-recorder.js";
import { graphA, graphB, type BenchGraph } from "./graphs.js";
import { createLimitNetwork, measureOneContainer, measureOneLayer } from "./limit.js";
import { describeMachine } from "./machine.js";
import { freePorts } from "./ports.js";
import { renderReport } from "./report.js";
import { Samples } from "./samples.js";
import { makeScaleCases, ScaleFigures, scaleRun, type ScaleContext } from "./scaling.js";
import { measureReadmeDemo } from "./readme-demo.js";
import { bossLifecycle, composeLifecycle, type StopCodes } from "./scenarios.js";
import { benchImage } from "./tiny-service.js";

const runs = intSetting("BENCH_RUNS", 3);
const delayMs = intSetting("BENCH_DELAY_MS", 300);
const scaleSizes = process.env.BENCH_NO_SCALE ? [] : intListSetting("BENCH_SCALE", [5, 20, 50, 100]);
const scaleRuns = intSetting("BENCH_SCALE_RUNS", 3);
const settleMs = intSetting("BENCH_SETTLE_MS", 2000);
const coreRps = intSetting("BENCH_RPS", 200);
const coreSeconds = intSetting("BENCH_CORE_SECONDS", 10);
const limitSamplesPerGraphRun = 2;
const helpSamples = 5;
/** Samples per run of each read command (status, graph, env, logs) on a running group. */
const readSamples = 2;
/** Graph (b)'s width: its layers are also measured as that many containers started at once. */
const layerWidth = 4;

const runId = `${process.pid.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const benchLabel = `boss.bench=${runId}`;
const cleanups: Array<() => Promise<void>> = [];
const began = performance.now();
const loadAtStart = loadavg()[0] ?? NaN;
const elapsed = () => {
  const s = Math.round((performance.now() - began) / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};
const log = (line: string) => process.stderr.write(`bench ${elapsed()}: ${line}\n`);

async function main(): Promise<void> {
  await preflight();
  const machine = await describeMachine();
  log(`${machine.cpu}, ${machine.cores} cores, Docker ${machine.docker}, Node ${machine.node}; run ${runId}`);
  const compose = process.env.BENCH_NO_COMPOSE ? undefined : await composeHere();
  const samples = new Samples();
  const stopCodes: StopCodes = new Map();
  const figures = new CommandFigures();
  const limitMs: number[] = [];
  const layerMs: number[] = [];
  const graphs = [graphA, graphB];
  const api = new EngineApi();
  cleanups.push(() => Promise.resolve(api.close()));
  const reference = new EngineReference(api);

  log(`CLI start-up: node -e 0, --help, --version × ${helpSamples}…`);
  await measureStartup(figures, compose, helpSamples);

  const limitNetwork = `boss-bench-limit-${runId}`;
  cleanups.push(() => removeLabelled(benchLabel));
  await createLimitNetwork(limitNetwork, benchLabel);

  const projects = [];
  for (const graph of graphs) projects.push(await makeProjects(graph, compose));

  for (let run = 1; run <= runs; run++) {
    for (const { graph, boss, composed } of projects) {
      log(`run ${run}/${runs}, graph (${graph.id}): limit…`);
      for (let i = 0; i < limitSamplesPerGraphRun; i++) {
        limitMs.push(await measureOneContainer(limitNetwork, benchLabel, delayMs));
      }
      if (graph === graphB) layerMs.push(await measureOneLayer(limitNetwork, benchLabel, delayMs, layerWidth));
      const bossTurn = async () => {
        log(`run ${run}/${runs}, graph (${graph.id}): boss…`);
        await bossLifecycle(boss, samples, stopCodes, { reference, figures, readSamples, countCalls: run === 1 });
      };
      const composeTurn = async () => {
        if (!compose || !composed) return;
        log(`run ${run}/${runs}, graph (${graph.id}): compose…`);
        await composeLifecycle(compose, composed, samples, stopCodes, figures);
      };
      // Alternating who goes first spreads any drift of the machine over both.
      for (const turn of run % 2 === 1 ? [bossTurn, composeTurn] : [composeTurn, bossTurn]) await turn();
    }
  }

  await measureReadmeDemo({ reference, figures, count: helpSamples, log, cleanups });

  const scale = new ScaleFigures();
  if (scaleSizes.length > 0) {
    const recorder = await EngineRecorder.open();
    const recordedApi = new EngineApi({ socketPath: recorder.socketPath });
    cleanups.push(async () => {
      recordedApi.close();
      await recorder.close();
    });
    const context: ScaleContext = {
      runId,
      label: benchLabel,
      recorder,
      reference: new EngineReference(recordedApi),
      figures: scale,
      stopCodes,
      settleMs,
      log,
      cleanups,
    };
    const cases = await makeScaleCases(scaleSizes, context);
    for (let run = 1; run <= scaleRuns; run++) {
      for (const one of cases) {
        log(`scaling run ${run}/${scaleRuns}: ${one.graph.title}…`);
        await scaleRun(one, run % 2 === 1, context);
      }
    }
  }

  let core: CoreFigures | undefined;
  if (!process.env.BENCH_NO_CORE) {
    core = await benchCore({ label: benchLabel, rps: coreRps, seconds: coreSeconds, log });
  }

  const report = renderReport({
    machine,
    date: new Date(),
    runs,
    delayMs,
    compose: compose ? `${compose.argv.join(" ")} ${compose.version}` : undefined,
    graphs,
    samples,
    limitMs,
    layerMs,
    layerWidth,
    figures,
    stopCodes,
    scale,
    scaleSizes,
    scaleRuns,
    coreBundleBytes: await stat(join(repoRoot, "dist", "ccc-core.cjs")).then(
      (s) => s.size,
      () => undefined,
    ),
    core,
    coreRps,
    elapsedMinutes: (performance.now() - began) / 60_000,
    load: { start: loadAtStart, end: loadavg()[0] ?? NaN },
  });
  process.stdout.write(report);
  const results = fileURLToPath(new URL("./results/", import.meta.url));
  await mkdir(results, { recursive: true });
  await writeFile(`${results}latest.md`, report);
  log(`written to bench/results/latest.md (the bench took ${elapsed()})`);
}

/** The boss and compose projects of one graph, each with its own free host ports; both removed at the end. */
async function makeProjects(graph: BenchGraph, compose: Compose | undefined) {
  const hostPorts = await freePorts(graph.services.length);
  const boss = await makeBossProject(graph, runId, { kind: "http", hostPorts, delayMs });
  cleanups.push(async () => {
    await runBoss(boss, ["stop", "--remove"]).catch(() => undefined);
    await removeLabelled(`boss.group=${boss.group}`);
    await removeBossProject(boss);
  });
  let composed;
  if (compose) {
    const project = await makeComposeProject(graph, runId, await freePorts(graph.services.length), delayMs);
    cleanups.push(() => removeComposeProject(compose, project));
    composed = project;
  }
  return { graph, boss, composed };
}

async function preflight(): Promise<void> {
  if (!existsSync(bossBin)) throw new Error(`${bossBin} is missing: run npm run build first`);
  try {
    await docker.getImage(benchImage).inspect();
  } catch (error) {
    throw new Error(
      `no ${benchImage} image (${(error as Error).message}); run scripts/build-base-images.sh (or set BENCH_IMAGE)`,
    );
  }
}

/** The Compose that answers; installs Debian's when none does and we may (scripts/ensure-compose.sh). */
async function composeHere(): Promise<Compose | undefined> {
  const found = await findCompose();
  if (found) return found;
  try {
    execFileSync("bash", [`${repoRoot}/scripts/ensure-compose.sh`], { stdio: "inherit" });
  } catch {
    log("no Docker Compose: the compose columns stay empty");
    return undefined;
  }
  return findCompose();
}

async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
}

function intSetting(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not "${text}"`);
  return value;
}

/** A comma-separated list of positive integers ("5,20,50"). */
function intListSetting(name: string, fallback: number[]): number[] {
  const text = process.env[name];
  if (text === undefined || text === "") return fallback;
  const values = text.split(",").map((part) => Number(part.trim()));
  if (values.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new Error(`${name} must list positive integers ("5,20,50"), not "${text}"`);
  }
  return [...new Set(values)].sort((x, y) => x - y);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log(`${signal}: cleaning up…`);
    void cleanUp().finally(() => process.exit(130));
  });
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench: failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  log("cleaning up…");
  await cleanUp();
}
