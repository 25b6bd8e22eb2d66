/**
 * What a ready-made ping checks, as data: the strategies are closures, and `boss export kubernetes` needs to
 * know what they wait for to turn them into readiness probes. Attached under a symbol, so that a ping made by
 * another copy of boss is read too, and a hand-written `ping()` has none.
 */
export type WaitPlan =
  /** `port` as written: a host port (or a container port the engine publishes); `host` when one was named. */
  | { kind: "tcp"; port: number; host?: string; containerPort?: boolean }
  /** `own`: given as `{ port, path }` with no host, so the service's own published port. */
  | { kind: "http"; url: string; own: boolean; status?: number }
  | { kind: "command"; argv: string[]; timeout: number }
  | { kind: "log"; pattern: string; times: number }
  | { kind: "healthy" }
  | { kind: "all"; plans: Array<WaitPlan | undefined> };

const planKey = Symbol.for("boss.wait-for.plan");

/** Returns `strategy` carrying `plan`. */
export function withPlan<T extends object>(strategy: T, plan: WaitPlan): T {
  return Object.assign(strategy, { [planKey]: plan });
}

/** The plan of a ready-made ping; undefined for a hand-written `ping()` (or none). */
export function waitPlanOf(ping: unknown): WaitPlan | undefined {
  if (typeof ping !== "function") return undefined;
  return (ping as unknown as Record<symbol, WaitPlan | undefined>)[planKey];
}
