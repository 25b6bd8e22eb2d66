// The benchmark's report as markdown: the machine, the side-by-side table,
// the commands beside `node -e 0` and the engine, the scaling rows, the core
// figures, and each target marked met or MISSED.
import { commandSection } from "./cli-report.js";
import type { CommandFigures } from "./command-figures.js";
import type { CoreFigures } from "./core-bench.js";
import type { BenchGraph } from "./graphs.js";
import { issueTargets } from "./issue-targets.js";
import type { Machine } from "./machine.js";
import type { TimedProcess } from "./process-timer.js";
import type { Samples } from "./samples.js";
import type { ScaleFigures } from "./scaling.js";
import { scaleSection } from "./scaling-report.js";
import { scenarioNames, type StopCodes } from "./scenarios.js";
import { median, ratio, seconds } from "./stats.js";
import { targetLine, type Target } from "./target.js";

export interface ReportInput {
  machine: Machine;
  date: Date;
  runs: number;
  delayMs: number;
  compose: string | undefined;
  graphs: BenchGraph[];
  samples: Samples;
  limitMs: number[];
  /** Graph (b)'s layer width of containers created at once, create to all ready. */
  layerMs: number[];
  layerWidth: number;
  figures: CommandFigures;
  stopCodes: StopCodes;
  scale: ScaleFigures;
  scaleSizes: number[];
  scaleRuns: number;
  /** The size of dist/ccc-core.cjs, when built. */
  coreBundleBytes: number | undefined;
  core: CoreFigures | undefined;
  coreRps: number;
  /** How long the bench ran before this report, and the 1-minute load average at its start and now. */
  elapsedMinutes: number;
  load: { start: number; end: number };
}

export function renderReport(input: ReportInput): string {
  const { machine, samples, graphs, limitMs } = input;
  const oneContainer = median(limitMs);
  const lines: string[] = [
    `# boss benchmark — ${input.date.toISOString().slice(0, 16).replace("T", " ")} UTC`,
    "",
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB; ${machine.os}; ` +
      `Docker ${machine.docker}; Node ${machine.node}; Compose ${input.compose ?? "not found"}.`,
    `Services: busybox, ready ${input.delayMs} ms after start; ${input.runs} runs per scenario, boss and compose alternating; ` +
      `medians. Limit = one container's create + start + ready (median of ${limitMs.length}: ${seconds(oneContainer)}) ` +
      "× the layers on the longest chain.",
    `The bench ran ${input.elapsedMinutes.toFixed(1)} min; load average (1 min) ${input.load.start.toFixed(2)} at the start, ` +
      `${input.load.end.toFixed(2)} at the end (above the core count, other work shared the machine: read the ratios ` +
      "and differences measured side by side more than the absolute times).",
    "",
    "| scenario | boss median | compose median | limit | boss/limit | boss/compose | runs |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const graph of graphs) {
    const names = scenarioNames(graph);
    for (const scenario of Object.values(names)) {
      const boss = median(samples.get(scenario, "boss"));
      const compose = median(samples.get(scenario, "compose"));
      const limit = scenario === names.fresh ? oneContainer * graph.layers : NaN;
      lines.push(
        `| ${scenario} | ${seconds(boss)} | ${seconds(compose)} | ${seconds(limit)} | ${ratio(boss, limit)} | ` +
          `${ratio(boss, compose)} | ${samples.get(scenario, "boss").length} |`,
      );
    }
  }
  const cliRow = (label: string, boss: string, compose: string) => {
    const b = input.figures.process(boss);
    const c = input.figures.process(compose);
    return `| ${label} | ${seconds(wall(b))} | ${seconds(wall(c))} | – | – | ${ratio(wall(b), wall(c))} | ${b.length} |`;
  };
  lines.push(cliRow("`boss --help` (compose: `--help`)", "boss --help", "compose --help"));
  lines.push(cliRow("`boss status`, (b) running (compose: `ps`)", "boss status (b)", "compose ps"));
  const b = graphs.find((g) => g.id === "b");
  const layer = median(input.layerMs);
  if (b && Number.isFinite(layer)) {
    const fresh = median(samples.get(scenarioNames(b).fresh, "boss"));
    lines.push(
      "",
      `For reference (not a target): ${input.layerWidth} containers created at once take ${seconds(layer)} to all be ready ` +
        `(median of ${input.layerMs.length}), so the engine alone needs ${seconds(layer * b.layers)} for (b)'s ${b.layers} layers; ` +
        `boss's fresh start (b) is ${ratio(fresh, layer * b.layers)} of that.`,
    );
  }

  lines.push("", "CLI processes, peak RSS (GNU time %M):", "");
  lines.push("| command | wall median | peak RSS median |", "| --- | --- | --- |");
  for (const command of ["boss --help", "compose --help", "boss status (b)", "compose ps"]) {
    const figures = input.figures.process(command);
    if (figures.length === 0) continue;
    lines.push(
      `| \`${command}\` | ${seconds(wall(figures))} | ${mb(median(figures.map((f) => f.peakRssMb ?? NaN)))} |`,
    );
  }

  lines.push(
    "",
    "Stops (exit codes of the stopped containers; 0 = stopped on SIGTERM, 137 = killed after the timeout):",
    "",
  );
  for (const [what, codes] of input.stopCodes) lines.push(`- ${what}: ${describeCodes(codes)}`);

  lines.push("", ...commandSection(input));
  const scale = { scale: input.scale, sizes: input.scaleSizes, runs: input.scaleRuns };
  if (input.scaleSizes.length > 0) lines.push("", ...scaleSection(scale));
  if (input.core) lines.push("", ...coreSection(input.core));

  lines.push("", "## Targets", "");
  for (const target of targets(input, oneContainer)) lines.push(targetLine(target));
  lines.push("", "## Targets of issue 12", "");
  for (const target of issueTargets(input, scale)) lines.push(targetLine(target));
  return lines.join("\n") + "\n";
}

/** The core's figures (also printed alone by bench/core.ts). */
export function coreSection(core: CoreFigures): string[] {
  const load = (name: string, f: CoreFigures["health"]) =>
    `| ${name} at ${f.rps}/s, ${f.seconds} s | ${f.requests} | ${f.errors}/${f.skipped} | ${ms(f.p50Ms)} | ${ms(f.p99Ms)} | ` +
    `${f.cpuPercent.toFixed(1)} % | ${ms(f.cpuMsPerRequest, 3)} |`;
  return [
    "The Container Control Core (the `boss ccc init` image, process figures from /proc inside the container):",
    "",
    `- idle: RSS ${mb(core.idleRssMb)} (its own anonymous memory: ${mb(core.idleAnonMb)}; the rest is the mapped node binary and libraries), CPU ${core.idleCpuPercent.toFixed(2)} % of a core (workload running, no requests; medians of ${core.idleRuns} containers, read 15 s after the start)`,
    `- a bare node in the same image (\`node -e 'setInterval(…)'\`), as long after its start: RSS ${mb(core.bareNode.rssMb)} (anonymous ${mb(core.bareNode.anonMb)}); the core's idle RSS is ${mb(core.idleRssMb - core.bareNode.rssMb)} above it`,
    `- the least a core must do, in plain Node with the core's V8 flags in the same image (an HTTP server that has answered one request, and one child node idling): RSS ${mb(core.minimalServer.rssMb)} (anonymous ${mb(core.minimalServer.anonMb)}); the core's idle RSS is ${mb(core.idleRssMb - core.minimalServer.rssMb)} above it`,
    `- serving /api/metrics: RSS ${mb(core.metrics.rssMb)} after, peak ${mb(core.metrics.peakRssMb)}`,
    `- metrics sampling costs ${ms(core.samplingCpuMs, 3)} of core CPU per /api/metrics request beyond a /api/health one`,
    "",
    "| load | answered | errors/skipped | p50 | p99 | core CPU | CPU per request |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    load("/api/health", core.health),
    load("/api/metrics", core.metrics),
  ];
}

function targets(input: ReportInput, oneContainer: number): Target[] {
  const b = input.graphs.find((g) => g.id === "b");
  if (!b) return [];
  const names = scenarioNames(b);
  const fresh = median(input.samples.get(names.fresh, "boss"));
  const compose = median(input.samples.get(names.fresh, "compose"));
  const limit = oneContainer * b.layers;
  const noop = median(input.samples.get(names.noop, "boss"));
  const help = wall(input.figures.process("boss --help"));
  const bossStops = [...input.stopCodes].filter(([what]) => what.startsWith("boss")).flatMap(([, codes]) => codes);
  const stopMs = median(input.samples.get(names.stop, "boss"));
  const core = input.core;
  const known = (x: number) => (Number.isFinite(x) ? true : undefined);
  return [
    {
      text: "fresh start (b) within 1.2× of the critical-path limit",
      met: known(fresh / limit) && fresh <= 1.2 * limit,
      detail: `${seconds(fresh)} vs ${seconds(limit)} (${ratio(fresh, limit)})`,
    },
    {
      text: "fresh start (b) at most half of compose's",
      met: known(fresh / compose) && fresh <= 0.5 * compose,
      detail: `${seconds(fresh)} vs ${seconds(compose)} (${ratio(fresh, compose)})`,
    },
    { text: "no-op start (b) under 0.5 s", met: known(noop) && noop < 500, detail: seconds(noop) },
    { text: "`boss --help` under 0.2 s", met: known(help) && help < 200, detail: seconds(help) },
    {
      text: "no stop waits for a stop timeout",
      met: bossStops.length ? bossStops.every((c) => c === 0) : undefined,
      detail: `${describeCodes(bossStops)}; stop (b) median ${seconds(stopMs)} (the timeout is 10 s)`,
    },
    {
      text: "core idle RSS at most 35 MB",
      met: core ? core.idleRssMb <= 35 : undefined,
      detail: core
        ? `${mb(core.idleRssMb)} (a bare node in the same image: ${mb(core.bareNode.rssMb)}; a minimal HTTP server with one child: ${mb(core.minimalServer.rssMb)})`
        : "core not measured",
    },
    {
      text: `/api/metrics p99 under 10 ms at ${input.coreRps} requests/s`,
      met: core ? core.metrics.p99Ms < 10 && core.metrics.errors === 0 : undefined,
      detail: core ? `p99 ${ms(core.metrics.p99Ms)}, ${core.metrics.errors} errors` : "core not measured",
    },
  ];
}

function wall(figures: TimedProcess[]): number {
  return median(figures.map((f) => f.ms));
}

function describeCodes(codes: number[]): string {
  if (codes.length === 0) return "none seen";
  const counts = new Map<number, number>();
  for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].map(([code, n]) => `${n}× exit ${code}`).join(", ");
}

function mb(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(1)} MB` : "–";
}

function ms(value: number, digits = 1): string {
  return Number.isFinite(value) ? `${value.toFixed(digits)} ms` : "–";
}
