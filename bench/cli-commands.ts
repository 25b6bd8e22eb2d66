// Start-up and the everyday read commands as whole processes, each beside
// `node -e 0` measured in the same run (interleaved, so both see the same
// machine) and beside the engine reference for the calls it needs.
import { bossBin, engineCallsOf, repoRoot, type BossProject } from "./boss-project.js";
import type { CommandFigures } from "./command-figures.js";
import type { Compose } from "./compose-project.js";
import type { EngineReference } from "./engine-reference.js";
import type { BenchGraph } from "./graphs.js";
import { timeProcess } from "./process-timer.js";

export const nodeBaseline = "node -e 0";

const bare = (...args: string[]) => [process.execPath, ...args];
const boss = (...args: string[]) => [process.execPath, bossBin, ...args];

/** `node -e 0`, `boss --help`, `boss --version` (and compose's `--help`), in turn, `count` times. */
export async function measureStartup(figures: CommandFigures, compose: Compose | undefined, count: number) {
  await timeProcess(boss("--help"), repoRoot); // warms the file cache
  for (let i = 0; i < count; i++) {
    figures.addProcess(nodeBaseline, await timeProcess(bare("-e", "0"), repoRoot));
    figures.addProcess("boss --help", await timeProcess(boss("--help"), repoRoot));
    figures.addProcess("boss --version", await timeProcess(boss("--version"), repoRoot));
    if (compose) figures.addProcess("compose --help", await timeProcess([...compose.argv, "--help"], repoRoot));
  }
}

/** One `node -e 0` run in `dir`, recorded, and the baseline of the next run of each of `commands` (their overhead). */
export async function nodeRound(figures: CommandFigures, dir: string, commands: readonly string[]): Promise<void> {
  const node = await timeProcess(bare("-e", "0"), dir);
  figures.addProcess(nodeBaseline, node);
  for (const command of commands) figures.addBaseline(command, node.ms);
}

/** A read command on a running group: its row's name, its arguments, and its engine reference (none: no engine). */
interface ReadCommand {
  name: string;
  args: string[];
  engine?: (reference: EngineReference) => Promise<number>;
}

/**
 * `boss status` on any graph; on (b) also `boss graph`, `boss env SERVICE` and
 * `boss logs SERVICE` (its first service).
 */
export function readCommands(graph: BenchGraph, group: string): ReadCommand[] {
  const first = graph.services[0]?.name ?? "";
  const commands: ReadCommand[] = [
    { name: `boss status (${graph.id})`, args: ["status"], engine: (r) => r.status(group) },
  ];
  if (graph.id !== "b") return commands;
  return [
    ...commands,
    { name: `boss graph (${graph.id})`, args: ["graph"] },
    { name: `boss env ${first} (${graph.id})`, args: ["env", first] },
    { name: `boss logs ${first} (${graph.id})`, args: ["logs", first], engine: (r) => r.logs(group, first) },
  ];
}

/**
 * Each read command `count` times on the running group, `node -e 0` before
 * each round and the engine reference right after each command. With
 * `countCalls`, one more untimed run of each counts boss's engine calls.
 */
export async function measureReadCommands(
  project: BossProject,
  reference: EngineReference,
  figures: CommandFigures,
  { count, countCalls }: { count: number; countCalls: boolean },
): Promise<void> {
  const commands = readCommands(project.graph, project.group);
  for (let i = 0; i < count; i++) {
    await nodeRound(
      figures,
      project.dir,
      commands.map((c) => c.name),
    );
    for (const command of commands) {
      figures.addProcess(command.name, await timeProcess(boss(...command.args), project.dir, { NO_COLOR: "1" }));
      figures.addEngine(command.name, command.engine ? await command.engine(reference) : 0);
    }
  }
  if (countCalls) {
    for (const command of commands) figures.setCalls(command.name, await engineCallsOf(project, command.args));
  }
}
