import { withPlan } from "./wait-plan.js";
import { requireTarget, waitStrategy, type WaitStrategy } from "./wait-strategy.js";

/** Ready once the container's output since it started matches `pattern` (`times` times). */
export function log(pattern: RegExp | string, times = 1): WaitStrategy {
  if (!Number.isInteger(times) || times < 1) throw new TypeError(`waitFor.log: times must be a positive integer`);
  const regex = typeof pattern === "string" ? new RegExp(escape(pattern)) : pattern;
  const global = new RegExp(regex.source, regex.flags.includes("g") ? regex.flags : regex.flags + "g");
  const count = times === 1 ? "" : ` ${times} times`;
  const plan = { kind: "log" as const, pattern: String(regex), times };
  const strategy = waitStrategy(`log output matching ${String(regex)}${count}`, async (target) => {
    const output = await requireTarget("waitFor.log()", target).output();
    const seen = output.match(global)?.length ?? 0;
    if (seen >= times) return true;
    const lines = output === "" ? 0 : output.replace(/\n$/, "").split("\n").length;
    throw new Error(`seen ${seen} of ${times} in ${lines} line${lines === 1 ? "" : "s"} of output`);
  });
  return withPlan(strategy, plan);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
