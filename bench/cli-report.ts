// The report's section on start-up and the engine calls each command needs:
// every command beside `node -e 0` from the same run and beside the engine
// reference for its calls, with issue 12's goals and verdicts.
import { nodeBaseline, readCommands } from "./cli-commands.js";
import { readmeDemoNoop } from "./readme-demo.js";
import type { CommandFigures } from "./command-figures.js";
import type { BenchGraph } from "./graphs.js";
import type { TimedProcess } from "./process-timer.js";
import type { Samples } from "./samples.js";
import { scenarioNames } from "./scenarios.js";
import { duration, median, ratio } from "./stats.js";
import { verdict, within, type Target } from "./target.js";

export interface CommandReportInput {
  figures: CommandFigures;
  samples: Samples;
  graphs: BenchGraph[];
}

/** Start-up within this many times `node -e 0`. */
const startupRatio = 1.5;
/** What a command may add beyond `node -e 0` and its engine calls… */
const overheadMs = 150;
/** …plus this much per service on graph (b). */
const perServiceMs = 5;

/** One row of the commands table: boss's time, the engine reference's, and the bound. */
interface CommandRow {
  label: string;
  boss: number;
  runs: number;
  engine: number;
  /** What the engine reference calls. */
  calls: string;
  bossCalls: number | undefined;
  rssMb: number;
  boundMs: number;
  boundText: string;
  /** boss − `node -e 0` − engine calls (overheadOf). */
  overhead: number;
}

export function commandSection(input: CommandReportInput): string[] {
  const { figures } = input;
  const node = wall(figures.process(nodeBaseline));
  const lines = [
    "## Start-up and the engine calls each command needs",
    "",
    `\`node -e 0\`, measured in the same run between the commands: median ${duration(node)} ` +
      `(${figures.process(nodeBaseline).length} runs, peak RSS ${mb(rss(figures.process(nodeBaseline)))}). ` +
      "Each boss command is one whole process (wall time, peak RSS by GNU time), median.",
    "",
    "| command | boss | ÷ `node -e 0` | goal | | peak RSS | runs |",
    "| --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const command of ["boss --help", "boss --version"]) {
    const runs = figures.process(command);
    const boss = wall(runs);
    lines.push(
      `| \`${command}\` | ${duration(boss)} | ${ratio(boss, node)} | ≤ ${startupRatio}× | ` +
        `${verdict(within(boss, startupRatio * node))} | ${mb(rss(runs))} | ${runs.length} |`,
    );
  }
  lines.push(
    "",
    "Engine calls: the engine reference — the calls the command needs, made with raw Engine API calls on the same " +
      "socket from the (running) bench process right after each boss run, median; calls that do not need each " +
      "other's answers at once. Boss's calls: how many engine calls boss made for it (one extra run with " +
      "`DEBUG=boss:engine`). Overhead = boss − `node -e 0` − engine calls, run by run: each boss run against the " +
      "`node -e 0` run just before its round and the engine reference just after it, then the median (the " +
      "machine's speed drifts over a bench, and a median of all `node -e 0` runs would not be the one beside it). " +
      "`boss status` also pings each service of " +
      "(a) and (b) (a request to its published port, answered at once): not an engine call, so in its overhead.",
    "",
    "| command | boss | engine calls | which calls | overhead | goal | | boss's calls | peak RSS | runs |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const row of commandRows(input)) {
    lines.push(
      `| ${row.label} | ${duration(row.boss)} | ${duration(row.engine)} | ${row.calls} | ${duration(row.overhead)} | ` +
        `${row.boundText} | ${verdict(within(row.overhead, row.boundMs))} | ${row.bossCalls ?? "–"} | ${mb(row.rssMb)} | ${row.runs} |`,
    );
  }
  lines.push(
    "",
    "Stop beside the engine's own stops of the same running containers: one list, then each layer stopped at once, " +
      "in reverse dependency order (`POST /containers/{id}/stop`, which waits for the exit; kill + wait for a " +
      "SIGKILL stop signal). Goal for (a): boss − engine ≤ 150 ms, start-up included.",
    "",
    "| command | boss | engine | boss − engine | goal | | boss − `node -e 0` − engine | runs |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const graph of input.graphs) {
    const name = scenarioNames(graph).stop;
    const boss = median(input.samples.get(name, "boss"));
    const engine = median(figures.engine(name));
    const goal = graph.id === "a";
    lines.push(
      `| \`boss stop\` (${graph.id}) | ${duration(boss)} | ${duration(engine)} | ${duration(boss - engine)} | ` +
        `${goal ? `≤ +${overheadMs} ms` : "–"} | ${verdict(goal ? within(boss - engine, overheadMs) : undefined)} | ` +
        `${duration(boss - node - engine)} | ${input.samples.get(name, "boss").length} |`,
    );
  }
  return lines;
}

/** Issue 12's goals on start-up, the read commands, no-op start and stop. */
export function commandTargets(input: CommandReportInput): Target[] {
  const { figures } = input;
  const node = wall(figures.process(nodeBaseline));
  const targets: Target[] = ["boss --help", "boss --version"].map((command) => {
    const boss = wall(figures.process(command));
    return {
      text: `\`${command}\` within ${startupRatio}× of \`node -e 0\``,
      met: within(boss, startupRatio * node),
      detail: `${duration(boss)} vs ${duration(node)} (${ratio(boss, node)})`,
    };
  });
  for (const row of commandRows(input)) {
    targets.push({
      text: `${row.label} within \`node -e 0\` + ${row.boundText.replace(/^≤ /, "")} + its engine calls`,
      met: within(row.overhead, row.boundMs),
      detail: `${duration(row.boss)}, overhead ${duration(row.overhead)} (median of boss − node − engine, run by run)`,
    });
  }
  const a = input.graphs.find((g) => g.id === "a");
  if (a) {
    const name = scenarioNames(a).stop;
    const boss = median(input.samples.get(name, "boss"));
    const engine = median(figures.engine(name));
    targets.push({
      text: `\`boss stop\` (a) within the engine's own stops + ${overheadMs} ms`,
      met: within(boss - engine, overheadMs),
      detail: `${duration(boss)} vs ${duration(engine)} (+${duration(boss - engine)})`,
    });
  }
  const status = figures.process("boss status (b)");
  targets.push({
    text: "peak RSS of `boss status` (b) ≤ 70 MB",
    met: within(rss(status), 70),
    detail: mb(rss(status)),
  });
  return targets;
}

function commandRows({ figures, samples, graphs }: CommandReportInput): CommandRow[] {
  const rows: CommandRow[] = [];
  const node = wall(figures.process(nodeBaseline));
  const bound = (graph: BenchGraph) => {
    const perService = graph.id === "b" ? perServiceMs * graph.services.length : 0;
    return {
      boundMs: overheadMs + perService,
      boundText: perService ? `≤ ${overheadMs} + ${perServiceMs} × ${graph.services.length} ms` : `≤ ${overheadMs} ms`,
    };
  };
  for (const graph of graphs) {
    for (const command of readCommands(graph, "")) {
      const runs = figures.process(command.name);
      const [verb = "", service] = command.args;
      rows.push({
        label: `\`boss ${command.args.join(" ")}\`, (${graph.id}) running`,
        boss: wall(runs),
        runs: runs.length,
        engine: median(figures.engine(command.name)),
        calls:
          verb === "status"
            ? `list + ${graph.services.length} inspects`
            : verb === "logs"
              ? `list ${service ?? ""}'s + its logs`
              : "none",
        bossCalls: figures.calls(command.name),
        rssMb: rss(runs),
        ...(verb === "status" ? bound(graph) : { boundMs: overheadMs, boundText: `≤ ${overheadMs} ms` }),
        overhead: overheadOf(command.name, runs, figures, node),
      });
    }
  }
  const demo = figures.process(readmeDemoNoop);
  if (demo.length > 0) {
    rows.push({
      label: "no-op `boss start`, README demo",
      boss: wall(demo),
      runs: demo.length,
      engine: median(figures.engine(readmeDemoNoop)),
      calls: "list + network + 2 images",
      bossCalls: figures.calls(readmeDemoNoop),
      rssMb: rss(demo),
      boundMs: overheadMs,
      boundText: `≤ ${overheadMs} ms`,
      overhead: overheadOf(readmeDemoNoop, demo, figures, node),
    });
  }
  for (const graph of graphs) {
    const name = scenarioNames(graph).noop;
    rows.push({
      label: `no-op \`boss start\` (${graph.id})`,
      boss: median(samples.get(name, "boss")),
      runs: samples.get(name, "boss").length,
      engine: median(figures.engine(name)),
      calls: "list + network + image",
      bossCalls: figures.calls(name),
      rssMb: NaN,
      ...bound(graph),
      overhead: overheadOf(
        name,
        samples.get(name, "boss").map((ms) => ({ ms })),
        figures,
        node,
      ),
    });
  }
  return rows;
}

/**
 * boss − `node -e 0` − engine calls: run by run, against the `node -e 0` run of each run's round and the engine
 * reference right after it, then the median; of the medians (`node`: all `node -e 0` runs') where the bench
 * lacks those.
 */
function overheadOf(command: string, runs: TimedProcess[], figures: CommandFigures, node: number): number {
  const baselines = figures.baselines(command);
  const engine = figures.engine(command);
  if (runs.length === 0 || baselines.length !== runs.length || engine.length !== runs.length) {
    return wall(runs) - node - median(engine);
  }
  return median(runs.map((run, i) => run.ms - (baselines[i] ?? NaN) - (engine[i] ?? NaN)));
}

function wall(runs: TimedProcess[]): number {
  return median(runs.map((r) => r.ms));
}

function rss(runs: TimedProcess[]): number {
  return median(runs.map((r) => r.peakRssMb ?? NaN));
}

function mb(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(1)} MB` : "–";
}
