/**
 * Identity by labels: every object boss creates carries the group and service,
 * containers also the hash of the definition they were made from, so a
 * changed definition is noticed and the container replaced.
 */
import { createHash } from "node:crypto";

export const Label = {
  group: "boss.group",
  service: "boss.service",
  configHash: "boss.config-hash",
  config: "boss.config",
  /** On named volumes: the name the services file gives it (the engine's name is `<group>_<name>`). */
  volume: "boss.volume",
  /** On `boss run` containers: not the service's container, so start, stop and status leave it alone. */
  oneOff: "boss.one-off",
  /** On images boss builds: the content hash of the build context they were built from (context-hash.ts). */
  buildContextHash: "boss.build-context-hash",
} as const;

/** JSON with object keys sorted, so equal definitions give equal text whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

export function configHash(config: unknown): string {
  return createHash("sha256").update(stableJson(config)).digest("hex").slice(0, 16);
}

export function containerLabels(group: string, service: string, config: unknown): Record<string, string> {
  return {
    [Label.group]: group,
    [Label.service]: service,
    [Label.configHash]: configHash(config),
    [Label.config]: stableJson(config),
  };
}

/** What differs between two definitions, as short phrases: `env.ROLE changed`, `image changed`. */
export function describeChanges(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return diffKeys(before, after, (key, b, a) =>
    isRecord(b) && isRecord(a) ? diffKeys(b, a, (sub) => [`${key}.${sub} changed`], `${key}.`) : [`${key} changed`],
  );
}

function diffKeys(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  changed: (key: string, before: unknown, after: unknown) => string[],
  prefix = "",
): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.flatMap((key) => {
    if (!(key in before)) return [`${prefix}${key} added`];
    if (!(key in after)) return [`${prefix}${key} removed`];
    return stableJson(before[key]) === stableJson(after[key]) ? [] : changed(key, before[key], after[key]);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
