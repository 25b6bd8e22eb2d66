// One run of the lifecycle on one graph, for each tool: fresh start, no-op
// start, stop, restart of the exited containers, stop --remove. Each step's
// wall time goes into the samples under a scenario name shared by both tools.
// On boss's turn the running group's read commands are measured too, and the
// engine references of the no-op start and of the stop.
import { engineCallsOf, runBoss, type BossProject } from "./boss-project.js";
import { measureReadCommands, nodeRound } from "./cli-commands.js";
import type { CommandFigures } from "./command-figures.js";
import { composeLabel, runCompose, waitAllHealthy, type Compose, type ComposeProject } from "./compose-project.js";
import { containersWith, exitCodes } from "./engine.js";
import type { EngineReference } from "./engine-reference.js";
import type { BenchGraph } from "./graphs.js";
import { timeProcess } from "./process-timer.js";
import type { Samples } from "./samples.js";
import { since } from "./stats.js";
import { benchImage } from "./tiny-service.js";

export const scenarioNames = (graph: BenchGraph) => ({
  fresh: `fresh start (${graph.id})`,
  noop: `no-op start (${graph.id})`,
  restart: `restart (${graph.id})`,
  stop: `stop (${graph.id})`,
  remove: `stop --remove (${graph.id})`,
});

/** Exit codes seen after each stop: anything but 0 (137 = SIGKILL) means a stop waited for its timeout. */
export type StopCodes = Map<string, number[]>;

/** What boss's turn measures besides its lifecycle. */
export interface BossExtras {
  reference: EngineReference;
  figures: CommandFigures;
  /** Read commands timed per run. */
  readSamples: number;
  /** Count boss's engine calls this run (once is enough). */
  countCalls: boolean;
}

export async function bossLifecycle(
  project: BossProject,
  samples: Samples,
  stopCodes: StopCodes,
  extras: BossExtras,
): Promise<void> {
  const { reference, figures } = extras;
  const names = scenarioNames(project.graph);
  const { group, graph } = project;
  const label = `boss.group=${group}`;
  const addCodes = (key: string, codes: number[]) => stopCodes.set(key, [...(stopCodes.get(key) ?? []), ...codes]);
  samples.add(names.fresh, "boss", (await runBoss(project, ["start"])).ms);
  await nodeRound(figures, project.dir, [names.noop]);
  samples.add(names.noop, "boss", (await runBoss(project, ["start"])).ms);
  figures.addEngine(names.noop, await reference.noopStart(group, `boss-${group}`, [benchImage]));
  if (extras.countCalls) figures.setCalls(names.noop, await engineCallsOf(project, ["start"]));
  await measureReadCommands(project, reference, figures, { count: extras.readSamples, countCalls: extras.countCalls });
  samples.add(names.stop, "boss", (await runBoss(project, ["stop"])).ms);
  addCodes(`boss ${names.stop}`, await exitCodes(label));
  samples.add(names.restart, "boss", (await runBoss(project, ["start"])).ms);
  // The engine's own stop of the same running containers; boss then starts them again for its stop --remove.
  figures.addEngine(names.stop, await reference.stop(group, graph));
  addCodes(`engine reference ${names.stop}`, await exitCodes(label));
  await runBoss(project, ["start"]);
  samples.add(names.remove, "boss", (await runBoss(project, ["stop", "--remove"])).ms);
  const left = await containersWith(label);
  if (left.length > 0) throw new Error(`boss stop --remove left ${left.length} containers of ${project.group}`);
}

export async function composeLifecycle(
  compose: Compose,
  project: ComposeProject,
  samples: Samples,
  stopCodes: StopCodes,
  figures: CommandFigures,
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
    figures.addProcess("compose ps", await timeProcess([...compose.argv, "-p", project.name, "ps"], project.dir));
  }
  samples.add(names.stop, "compose", await runCompose(compose, project, ["stop"]));
  const key = `compose ${names.stop}`;
  stopCodes.set(key, [...(stopCodes.get(key) ?? []), ...(await exitCodes(composeLabel(project)))]);
  samples.add(names.restart, "compose", await up());
  samples.add(names.remove, "compose", await runCompose(compose, project, ["down"]));
  const left = await containersWith(composeLabel(project));
  if (left.length > 0) throw new Error(`compose down left ${left.length} containers of ${project.name}`);
}
