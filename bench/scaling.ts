// How cost grows with the work: fresh start, no-op start, status and stop of
// n services, as a wide graph (all independent) and as a deep chain (each
// depending on the one before), by boss and by the engine alone (the same
// containers through raw API calls), alternating who goes first. The
// services idle from the moment they run (no port, no ping), so the figures
// are boss's and the engine's, not a readiness delay's. Both talk to the
// engine through the engine recorder, which tells each run's own time from
// the engine's.
import { bossBin, makeBossProject, removeBossProject, runBoss, type BossProject } from "./boss-project.js";
import { exitCodes, removeLabelled } from "./engine.js";
import { referenceCalls, type EngineReference } from "./engine-reference.js";
import { engineBusyMs, type EngineRecorder } from "./engine-recorder.js";
import { chainGraph, wideGraph, type BenchGraph } from "./graphs.js";
import { timeProcess, type TimedProcess } from "./process-timer.js";
import type { StopCodes } from "./scenarios.js";
import { benchImage, idleCommand } from "./tiny-service.js";

export const shapes = ["wide", "chain"] as const;
export type Shape = (typeof shapes)[number];

export const scaleCommands = ["fresh start", "no-op start", "status", "stop"] as const;
export type ScaleCommand = (typeof scaleCommands)[number];

/** One graph of the scaling rows: boss's project and the group the engine reference makes beside it. */
export interface ScaleCase {
  shape: Shape;
  n: number;
  graph: BenchGraph;
  boss: BossProject;
  engineGroup: string;
}

/**
 * One run of a command: its whole time (a boss process's from spawn to exit, with its peak RSS) and its own
 * part, the time no call of the reference's kinds (referenceCalls) was at the engine.
 */
export interface ScaleRun extends TimedProcess {
  ownMs: number;
}

/** The scaling figures of boss and of the engine reference, by graph and command. */
export class ScaleFigures {
  private readonly bossRuns = new Map<string, ScaleRun[]>();
  private readonly engineRuns = new Map<string, ScaleRun[]>();

  addBoss(shape: Shape, n: number, command: ScaleCommand, run: ScaleRun): void {
    push(this.bossRuns, key(shape, n, command), run);
  }

  addEngine(shape: Shape, n: number, command: ScaleCommand, run: ScaleRun): void {
    push(this.engineRuns, key(shape, n, command), run);
  }

  boss(shape: Shape, n: number, command: ScaleCommand): ScaleRun[] {
    return this.bossRuns.get(key(shape, n, command)) ?? [];
  }

  engine(shape: Shape, n: number, command: ScaleCommand): ScaleRun[] {
    return this.engineRuns.get(key(shape, n, command)) ?? [];
  }
}

/** The reference's calls for each command. */
const callsOf: Record<ScaleCommand, RegExp> = {
  "fresh start": referenceCalls.start,
  "no-op start": referenceCalls.noopStart,
  status: referenceCalls.status,
  stop: referenceCalls.stop,
};

/** Where a scaling run gets its tools and puts its figures. */
export interface ScaleContext {
  runId: string;
  /** "key=value" on everything the engine reference creates. */
  label: string;
  /** Both sides talk to the engine through it: boss by DOCKER_HOST, the reference by its socket. */
  recorder: EngineRecorder;
  reference: EngineReference;
  figures: ScaleFigures;
  stopCodes: StopCodes;
  /** The pause before each turn (scaleRun). */
  settleMs: number;
  log: (line: string) => void;
  /** Each case's cleanup, run at the end (also after a failure or Ctrl-C). */
  cleanups: Array<() => Promise<void>>;
}

/** The boss projects of every shape and size (made once, reused by every run). */
export async function makeScaleCases(sizes: readonly number[], context: ScaleContext): Promise<ScaleCase[]> {
  const cases: ScaleCase[] = [];
  for (const shape of shapes) {
    for (const n of sizes) {
      const graph = shape === "wide" ? wideGraph(n) : chainGraph(n);
      const boss = await makeBossProject(graph, context.runId, { kind: "idle" });
      const engineGroup = `bench-engine-${graph.id}-${context.runId}`;
      // Removed by label, not by boss: nothing of it has volumes, and its folder goes too.
      context.cleanups.push(async () => {
        await removeLabelled(`boss.group=${boss.group}`);
        await removeLabelled(`boss.group=${engineGroup}`);
        await removeBossProject(boss);
      });
      cases.push({ shape, n, graph, boss, engineGroup });
    }
  }
  return cases;
}

/**
 * One run of one case, boss and the engine in the order given; each leaves nothing behind. Each turn begins
 * `settleMs` after the one before ended: the engine may still be tearing down what the last turn removed
 * (network endpoints, mounts) after its calls answered, which would slow whichever side comes next. Its own
 * chain of 100 took from 24 to 28 s within ten minutes on the 2-core machine this was written on.
 */
export async function scaleRun(one: ScaleCase, bossFirst: boolean, context: ScaleContext): Promise<void> {
  const turns = [() => bossTurn(one, context), () => engineTurn(one, context)];
  for (const turn of bossFirst ? turns : turns.reverse()) {
    await new Promise((resolve) => setTimeout(resolve, context.settleMs));
    await turn();
  }
}

async function bossTurn({ shape, n, boss }: ScaleCase, context: ScaleContext): Promise<void> {
  const { figures, recorder } = context;
  const env = { NO_COLOR: "1", DOCKER_HOST: `unix://${recorder.socketPath}` };
  const timed = async (command: ScaleCommand, ...args: string[]) => {
    recorder.take();
    const run = await timeProcess([process.execPath, bossBin, ...args], boss.dir, env);
    figures.addBoss(shape, n, command, { ...run, ownMs: run.ms - busyOf(recorder, command) });
  };
  await timed("fresh start", "start");
  await timed("no-op start", "start");
  await timed("status", "status");
  await timed("stop", "stop");
  const codes = context.stopCodes;
  codes.set("boss stop (scaling graphs)", [
    ...(codes.get("boss stop (scaling graphs)") ?? []),
    ...(await exitCodes(`boss.group=${boss.group}`)),
  ]);
  await runBoss(boss, ["stop", "--remove"]);
}

async function engineTurn({ shape, n, graph, engineGroup }: ScaleCase, context: ScaleContext): Promise<void> {
  const { figures, reference, recorder } = context;
  const timed = async (command: ScaleCommand, run: () => Promise<number>) => {
    recorder.take();
    const ms = await run();
    figures.addEngine(shape, n, command, { ms, ownMs: ms - busyOf(recorder, command) });
  };
  try {
    const group = { group: engineGroup, label: context.label, graph, image: benchImage, cmd: idleCommand() };
    await timed("fresh start", () => reference.start(group));
    await timed("no-op start", () => reference.noopStart(engineGroup, `boss-${engineGroup}`, [benchImage]));
    await timed("status", () => reference.status(engineGroup));
    await timed("stop", () => reference.stop(engineGroup, graph));
  } finally {
    await removeLabelled(`boss.group=${engineGroup}`);
  }
}

/** How long the engine was at calls of the reference's kinds for `command`, since the recorder was last read. */
function busyOf(recorder: EngineRecorder, command: ScaleCommand): number {
  return engineBusyMs(recorder.take().filter((c) => callsOf[command].test(c.call)));
}

function key(shape: Shape, n: number, command: ScaleCommand): string {
  return `${shape} ${n} ${command}`;
}

function push<T>(map: Map<string, T[]>, at: string, value: T): void {
  map.set(at, [...(map.get(at) ?? []), value]);
}
