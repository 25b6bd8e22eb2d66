import { UserError } from "../errors.js";
import type { ServiceGraph } from "./graph.js";

/**
 * Which services a verb acts on, from the names given on the command line and
 * `--exclude`. No names means the whole group, as before names existed.
 *
 * A service both named and excluded is refused: the two ask for opposite
 * things and boss cannot tell which was meant. An excluded service outside
 * what the names reach changes nothing. One inside is checked like a plain
 * `--exclude` (graph.ts): start refuses to start a service without its
 * dependency, stop refuses to stop a dependency under a service kept running.
 */
export interface Selection {
  /** Services given by name (empty: the whole group). */
  named: string[];
  excluded: Set<string>;
}

/** Checks the names and `--exclude` against the graph; `verb` names the command in errors (`start: unknown service`). */
export function selectServices(
  graph: ServiceGraph,
  verb: string,
  names: readonly string[] = [],
  exclude: readonly string[] = [],
): Selection {
  const named = [...graph.checkKnown(names, verb)];
  const excluded = graph.checkKnown(exclude);
  const both = named.filter((n) => excluded.has(n));
  if (both.length > 0) {
    const list = both.map((n) => `"${n}"`).join(", ");
    throw new UserError(`${verb}: ${list} ${both.length === 1 ? "is" : "are"} both named and excluded; drop one`);
  }
  return { named, excluded };
}

/**
 * `start [names]`: the named services and everything they depend on, directly
 * or not, in start order, without the excluded ones.
 */
export function startTargets(graph: ServiceGraph, selection: Selection): string[] {
  const reach = closure(selection.named, (n) => graph.transitiveDependenciesOf(n));
  const wanted = (n: string) => (selection.named.length === 0 || reach.has(n)) && !selection.excluded.has(n);
  const targets = graph.startOrder().filter(wanted);
  graph.checkStartExclusion(selection.excluded, new Set(targets));
  return targets;
}

/**
 * `stop [names]`: the named services and everything that depends on them,
 * directly or not (stopped first), without the excluded ones.
 */
export function stopTargets(graph: ServiceGraph, selection: Selection): string[] {
  const reach = closure(selection.named, (n) => graph.transitiveDependentsOf(n));
  const wanted = (n: string) => (selection.named.length === 0 || reach.has(n)) && !selection.excluded.has(n);
  const targets = graph.names.filter(wanted);
  graph.checkStopExclusion(selection.excluded, new Set(targets));
  return targets;
}

/** `names` and what `more` reaches from each. */
function closure(names: readonly string[], more: (name: string) => Set<string>): Set<string> {
  return new Set(names.flatMap((n) => [n, ...more(n)]));
}
