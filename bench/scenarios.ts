// One run of the lifecycle on one graph, for each tool: fresh start, no-op
// start, stop, restart of the exited containers, stop --remove. Each step's
// wall time goes into the samples under a scenario name shared by both tools.
import { runBoss, type BossProject, bossBin } from "./boss-project.js";
import { composeLabel, runCompose, waitAllHealthy, type Compose, type ComposeProject } from "./compose-project.js";
import { containersWith, exitCodes } from "./engine.js";
import type { BenchGraph } from "./graphs.js";
import { timeProcess, type TimedProcess } from "./process-timer.js";
import type { Samples } from "./samples.js";
import { since } from "./stats.js";

export const scenarioNames = (graph: BenchGraph) => ({
  fresh: `fresh start (${graph.id})`,
  noop: `no-op start (${graph.id})`,
  restart: `restart (${graph.id})`,
  stop: `stop (${graph.id})`,
  remove: `stop --remove (${graph.id})`,
});

/** Exit codes seen after each stop: anything but 0 (137 = SIGKILL) means a stop waited for its timeout. */
export type StopCodes = Map<string, number[]>;

/** Whole-process figures of the CLI commands measured on a running group. */
export type CliSamples = Map<string, TimedProcess[]>;

export function addCli(cli: CliSamples, command: string, figures: TimedProcess): void {
  cli.set(command, [...(cli.get(command) ?? []), figures]);
}

export async function bossLifecycle(
  project: BossProject,
  samples: Samples,
  stopCodes: StopCodes,
  cli: CliSamples,
): Promise<void> {
  const names = scenarioNames(project.graph);
  const label = `boss.group=${project.group}`;
  samples.add(names.fresh, "boss", (await runBoss(project, ["start"])).ms);
  samples.add(names.noop, "boss", (await runBoss(project, ["start"])).ms);
  if (project.graph.id === "b") {
    addCli(
      cli,
      "boss status",
      await timeProcess([process.execPath, bossBin, "status"], project.dir, { NO_COLOR: "1" }),
    );
  }
  samples.add(names.stop, "boss", (await runBoss(project, ["stop"])).ms);
  stopCodes.set(`boss ${names.stop}`, [...(stopCodes.get(`boss ${names.stop}`) ?? []), ...(await exitCodes(label))]);
  samples.add(names.restart, "boss", (await runBoss(project, ["start"])).ms);
  samples.add(names.remove, "boss", (await runBoss(project, ["stop", "--remove"])).ms);
  const left = await containersWith(label);
  if (left.length > 0) throw new Error(`boss stop --remove left ${left.length} containers of ${project.group}`);
}

export async function composeLifecycle(
  compose: Compose,
  project: ComposeProject,
  samples: Samples,
  stopCodes: StopCodes,
  cli: CliSamples,
): Promise<void> {
  const names = scenarioNames(project.graph);
  const up = async () => {
    const began = performance.now();
    await runCompose(compose, project, ["up", "-d"]);
    await waitAllHealthy(project);
    return since(began);
  };
  samples.add(names.fresh, "compose", await up());
  samples.add(names.noop, "compose", await up());
  if (project.graph.id === "b") {
    addCli(cli, "compose ps", await timeProcess([...compose.argv, "-p", project.name, "ps"], project.dir));
  }
  samples.add(names.stop, "compose", await runCompose(compose, project, ["stop"]));
  const key = `compose ${names.stop}`;
  stopCodes.set(key, [...(stopCodes.get(key) ?? []), ...(await exitCodes(composeLabel(project)))]);
  samples.add(names.restart, "compose", await up());
  samples.add(names.remove, "compose", await runCompose(compose, project, ["down"]));
  const left = await containersWith(composeLabel(project));
  if (left.length > 0) throw new Error(`compose down left ${left.length} containers of ${project.name}`);
}
