// Prometheus names for the adapter's own figures. An adapter names its keys
// as it likes (`queue-depth`, `queueDepth`, `settings_count`); the names the
// core exports must be valid and pass `promtool check metrics`, and two keys
// must never silently land on one name.

/** Suffixes Prometheus reserves for counters (_total) and histograms/summaries; adapter figures are gauges. */
const RESERVED_SUFFIXES = ["_total", "_count", "_sum", "_bucket"];

/**
 * Turns an adapter key into the snake_case part of a metric name:
 * camelCase → camel_case, anything but [a-z0-9_] → `_`, a leading digit gets `_`.
 */
export function metricName(key: string): string {
  const snake = key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_");
  return /^[0-9]/.test(snake) ? `_${snake}` : snake;
}

/** The full gauge name of an adapter key; a name ending in a reserved suffix gets `_value`, so it stays a valid gauge. */
export function adapterGaugeName(key: string): string {
  const name = `ccc_adapter_${metricName(key)}`;
  return RESERVED_SUFFIXES.some((suffix) => name.endsWith(suffix)) ? `${name}_value` : name;
}

export interface AdapterGauges {
  /** Metric name → the one key it comes from. */
  names: Map<string, string>;
  /** One message per name that several keys map to; those keys are left out. */
  collisions: string[];
}

/** Names for the given keys; keys that collide are all left out, each collision reported. */
export function adapterGauges(keys: readonly string[]): AdapterGauges {
  const byName = new Map<string, string[]>();
  for (const key of keys) {
    const name = adapterGaugeName(key);
    byName.set(name, [...(byName.get(name) ?? []), key]);
  }
  const names = new Map<string, string>();
  const collisions: string[] = [];
  for (const [name, owners] of byName) {
    if (owners.length === 1) names.set(name, owners[0]!);
    else
      collisions.push(
        `adapter metrics ${owners.map((k) => JSON.stringify(k)).join(" and ")} would all be exported as ${name}: ` +
          "none of them is in /metrics (they stay in /api/metrics); rename them in getMetrics()",
      );
  }
  return { names, collisions };
}
