import type { PullPolicy } from "./service.js";

type Fail = (field: string, message: string) => never;

const pullPolicies: readonly PullPolicy[] = ["missing", "always", "never"];

/** `pullPolicy`: compose's `pull_policy` values that make sense without a build ("missing" when unset). */
export function validatePullPolicy(value: unknown, fail: Fail, describe: (value: unknown) => string): PullPolicy {
  if (value === undefined) return "missing";
  if (pullPolicies.includes(value as PullPolicy)) return value as PullPolicy;
  return fail("pullPolicy", `expected one of ${pullPolicies.map((p) => `"${p}"`).join(", ")}, got ${describe(value)}`);
}
