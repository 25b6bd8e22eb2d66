// How cost grows with the work: fresh start, no-op start, status and stop of
// n services, as a wide graph (all independent) and as a deep chain (each
// depending on the one before), by boss and by the engine alone (the same
// containers through raw API calls), alternating who goes first. The
// services idle from the moment they run (no port, no ping), so the figures
// are boss's and the engine's, not a readiness delay's.
import { bossBin, makeBossProject, removeBossProject, runBoss, type BossProject } from "./boss-project.js";
import { exitCodes, removeLabelled } from "./engine.js";
import type { EngineReference } from "./engine-reference.js";
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

/** The scaling figures: boss's whole processes (wall time, peak RSS) and the engine's times, by graph and command. */
export class ScaleFigures {
  private readonly bossRuns = new Map<string, TimedProcess[]>();
  private readonly engineRuns = new Map<string, number[]>();

  addBoss(shape: Shape, n: number, command: ScaleCommand, figures: TimedProcess): void {
    push(this.bossRuns, key(shape, n, command), figures);
  }

  addEngine(shape: Shape, n: number, command: ScaleCommand, ms: number): void {
    push(this.engineRuns, key(shape, n, command), ms);
  }

  boss(shape: Shape, n: number, command: ScaleCommand): TimedProcess[] {
    return this.bossRuns.get(key(shape, n, command)) ?? [];
  }

  engine(shape: Shape, n: number, command: ScaleCommand): number[] {
    return this.engineRuns.get(key(shape, n, command)) ?? [];
  }
}

/** Where a scaling run gets its tools and puts its figures. */
export interface ScaleContext {
  runId: string;
  /** "key=value" on everything the engine reference creates. */
  label: string;
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
  const { figures } = context;
  const timed = (...args: string[]) => timeProcess([process.execPath, bossBin, ...args], boss.dir, { NO_COLOR: "1" });
  figures.addBoss(shape, n, "fresh start", await timed("start"));
  figures.addBoss(shape, n, "no-op start", await timed("start"));
  figures.addBoss(shape, n, "status", await timed("status"));
  figures.addBoss(shape, n, "stop", await timed("stop"));
  const codes = context.stopCodes;
  codes.set("boss stop (scaling graphs)", [
    ...(codes.get("boss stop (scaling graphs)") ?? []),
    ...(await exitCodes(`boss.group=${boss.group}`)),
  ]);
  await runBoss(boss, ["stop", "--remove"]);
}

async function engineTurn({ shape, n, graph, engineGroup }: ScaleCase, context: ScaleContext): Promise<void> {
  const { figures, reference } = context;
  try {
    const group = { group: engineGroup, label: context.label, graph, image: benchImage, cmd: idleCommand() };
    figures.addEngine(shape, n, "fresh start", await reference.start(group));
    figures.addEngine(
      shape,
      n,
      "no-op start",
      await reference.noopStart(engineGroup, `boss-${engineGroup}`, [benchImage]),
    );
    figures.addEngine(shape, n, "status", await reference.status(engineGroup));
    figures.addEngine(shape, n, "stop", await reference.stop(engineGroup, graph));
  } finally {
    await removeLabelled(`boss.group=${engineGroup}`);
  }
}

function key(shape: Shape, n: number, command: ScaleCommand): string {
  return `${shape} ${n} ${command}`;
}

function push<T>(map: Map<string, T[]>, at: string, value: T): void {
  map.set(at, [...(map.get(at) ?? []), value]);
}
