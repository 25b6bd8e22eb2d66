// The /metrics text as the core wrote it with prom-client (until it was dropped
// from the bundle): the reference the core's own writer must match byte for byte.
import { Counter, Gauge, Registry } from "prom-client";
import type { MetricsReport } from "../../src/core/metrics/collector.js";
import { describeMetrics } from "../../src/core/metrics/prometheus.js";

/** `onProblem` hears what could not be exported (adapter keys that collide), once per scrape. */
export async function promClientExposition(
  report: MetricsReport,
  onProblem: (message: string) => void = () => undefined,
): Promise<string> {
  const registry = new Registry();
  const gauge = (
    name: string,
    help: string,
    value: number | null | undefined,
    labels: Record<string, string> = {},
  ): void => {
    if (value === null || value === undefined || !Number.isFinite(value)) return;
    const names = Object.keys(labels);
    const existing = registry.getSingleMetric(name) as Gauge | undefined;
    const metric = existing ?? new Gauge({ name, help, labelNames: names, registers: [registry] });
    metric.set(labels, value);
  };
  const counter = (name: string, help: string, value: number | null, labels: Record<string, string> = {}): void => {
    if (value === null || !Number.isFinite(value)) return;
    new Counter({ name, help, labelNames: Object.keys(labels), registers: [registry] }).inc(labels, value);
  };

  describeMetrics(report, onProblem, { gauge, counter });
  return registry.metrics();
}
