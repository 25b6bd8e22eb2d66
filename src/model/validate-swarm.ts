import type { SwarmOptions } from "./service.js";

type Fail = (field: string, message: string) => never;
type Describe = (value: unknown) => string;

const endpointModes = ["vip", "dnsrr"] as const;
const publishModes = ["ingress", "host"] as const;
/** Swarm keeps a service's tasks on a handful of nodes; a typo such as 1000 would try to start them all. */
const maxReplicas = 1000;

/** `replicas`: how many tasks `boss deploy` runs (pods `boss export kubernetes` asks for); 1 when unset. */
export function validateReplicas(value: unknown, fail: Fail, describe: Describe): number {
  if (value === undefined) return 1;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > maxReplicas) {
    return fail("replicas", `expected a whole number from 0 to ${maxReplicas}, got ${describe(value)}`);
  }
  return value;
}

/**
 * `swarm`: endpointMode, publishMode and constraints, each optional. Whether they fit the service's ports is
 * `boss deploy`'s to say (swarm-service-spec.ts): `start` and `export kubernetes` read the file too.
 */
export function validateSwarm(value: unknown, fail: Fail, describe: Describe): SwarmOptions | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail(
      "swarm",
      `expected an object such as { endpointMode: "dnsrr", publishMode: "host" }, got ${describe(value)}`,
    );
  }
  const raw = value as Record<string, unknown>;
  const unknown = Object.keys(raw).filter((k) => !["endpointMode", "publishMode", "constraints"].includes(k));
  if (unknown.length > 0) {
    fail(
      "swarm",
      `unknown option ${unknown.map((k) => `"${k}"`).join(", ")}: expected endpointMode, publishMode, constraints`,
    );
  }
  const options: SwarmOptions = {};
  if (raw.endpointMode !== undefined)
    options.endpointMode = oneOf(raw.endpointMode, endpointModes, "swarm.endpointMode", fail, describe);
  if (raw.publishMode !== undefined)
    options.publishMode = oneOf(raw.publishMode, publishModes, "swarm.publishMode", fail, describe);
  if (raw.constraints !== undefined) {
    const list = raw.constraints;
    if (!Array.isArray(list) || list.some((c) => typeof c !== "string" || !/^\s*[\w.-]+\s*(==|!=)\s*\S.*$/.test(c))) {
      fail(
        "swarm.constraints",
        `expected a list of constraints such as ["node.role == manager"] (== or !=), got ${describe(list)}`,
      );
    }
    options.constraints = (list as string[]).map((c) => c.trim());
  }
  return options;
}

function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  field: string,
  fail: Fail,
  describe: Describe,
): T {
  if (allowed.includes(value as T)) return value as T;
  return fail(field, `expected ${allowed.map((a) => `"${a}"`).join(" or ")}, got ${describe(value)}`);
}
