/**
 * Runs a task per node as soon as the node's prerequisites are done — not in
 * waves — so the wall time follows the critical path of the graph. A failed
 * node skips everything that needs it, directly or not; independent branches
 * go on. After `signal` aborts, nodes that have not begun are cancelled and
 * the ones in flight settle.
 */
export type Outcome =
  | { status: "done" }
  | { status: "failed"; error: unknown }
  | { status: "skipped"; because: string }
  | { status: "cancelled" };

export interface ScheduleOptions {
  /** Called when a node waits on prerequisites that are not done yet. */
  onWaiting?: (name: string, pending: string[]) => void;
  /** Called the moment a node's outcome is known (a failure is reported when it happens, not when all settle). */
  onSettled?: (name: string, outcome: Outcome) => void;
  signal?: AbortSignal;
}

export async function schedule(
  names: readonly string[],
  prerequisitesOf: (name: string) => readonly string[],
  run: (name: string) => Promise<void>,
  options: ScheduleOptions = {},
): Promise<Map<string, Outcome>> {
  const included = new Set(names);
  const outcomes = new Map<string, Outcome>();
  const promises = new Map<string, Promise<Outcome>>();

  const visit = (name: string): Promise<Outcome> => {
    let promise = promises.get(name);
    if (!promise) {
      promise = settle(name);
      promises.set(name, promise);
    }
    return promise;
  };

  const settle = async (name: string): Promise<Outcome> => {
    // Prerequisites outside `names` are taken as satisfied (e.g. running services during a reload).
    const prerequisites = prerequisitesOf(name).filter((p) => included.has(p));
    if (prerequisites.length > 0) options.onWaiting?.(name, prerequisites);
    const before = await Promise.all(prerequisites.map(async (p) => [p, await visit(p)] as const));
    const blocker = before.find(([, o]) => o.status !== "done");
    let outcome: Outcome;
    if (blocker) {
      const [p, o] = blocker;
      outcome = o.status === "cancelled" ? o : { status: "skipped", because: o.status === "skipped" ? o.because : p };
    } else if (options.signal?.aborted) {
      outcome = { status: "cancelled" };
    } else {
      try {
        await run(name);
        outcome = { status: "done" };
      } catch (error) {
        outcome = options.signal?.aborted && isAbort(error) ? { status: "cancelled" } : { status: "failed", error };
      }
    }
    outcomes.set(name, outcome);
    options.onSettled?.(name, outcome);
    return outcome;
  };

  await Promise.all(names.map(visit));
  return new Map(names.map((n) => [n, outcomes.get(n) ?? { status: "cancelled" }]));
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === "AbortError";
}
