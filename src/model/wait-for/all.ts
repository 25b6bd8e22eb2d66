import { waitPlanOf, withPlan } from "./wait-plan.js";
import { isBossError, messageOf } from "../../errors.js";
import { waitStrategy, type WaitStrategy } from "./wait-strategy.js";

/** Ready when every strategy is ready (checked together); the first that is not says why. */
export function all(strategies: readonly WaitStrategy[]): WaitStrategy {
  if (strategies.length === 0) throw new TypeError("waitFor.all([]): give at least one strategy");
  const description = strategies.map((s) => s.description).join(" and ");
  const plan = { kind: "all" as const, plans: strategies.map(waitPlanOf) };
  const strategy = waitStrategy(description, async (target) => {
    const results = await Promise.allSettled(strategies.map((s) => s(target)));
    results.forEach((result, i) => {
      const strategy = strategies[i];
      if (result.status === "rejected") {
        // A BossError ends the wait: pass it on as it is.
        if (isBossError(result.reason)) throw result.reason;
        throw new Error(`${strategy?.description}: ${messageOf(result.reason)}`, { cause: result.reason });
      }
      if (result.value !== true) throw new Error(`${strategy?.description}: not yet`);
    });
    return true;
  });
  return withPlan(strategy, plan);
}
