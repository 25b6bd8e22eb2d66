// /metrics: the figures of /api/metrics in the Prometheus text exposition
// format (see prometheus-text.ts). Built afresh per scrape, so it stays
// stateless: adapter keys may come and go between scrapes.
import type { MetricsReport } from "./collector.js";
import { adapterGauges } from "./metric-names.js";
import { PrometheusText } from "./prometheus-text.js";

export { metricName } from "./metric-names.js";
export { PROMETHEUS_CONTENT_TYPE } from "./prometheus-text.js";

const STATES = ["idle", "starting", "running", "stopping", "stopped", "failed"] as const;

/** Where the figures go: a gauge or a counter, skipped when its value is null or not finite. */
export interface MetricSink {
  gauge: (name: string, help: string, value: number | null, labels?: Record<string, string>) => void;
  counter: (name: string, help: string, value: number | null, labels?: Record<string, string>) => void;
}

/** `onProblem` hears what could not be exported (adapter keys that collide), once per scrape. */
export function toPrometheus(report: MetricsReport, onProblem: (message: string) => void = () => undefined): string {
  const text = new PrometheusText();
  describeMetrics(report, onProblem, {
    gauge: (name, help, value, labels) => text.add("gauge", name, help, value, labels),
    counter: (name, help, value, labels) => text.add("counter", name, help, value, labels),
  });
  return text.toString();
}

/**
 * Every metric of a report, in order, to `sink` — the one list of them, which
 * the tests also write through prom-client to check the text byte for byte.
 */
export function describeMetrics(report: MetricsReport, onProblem: (message: string) => void, sink: MetricSink): void {
  const { gauge, counter } = sink;
  gauge("ccc_up", "1 while the Container Control Core answers", 1);
  for (const state of STATES) {
    gauge("ccc_workload_state", "1 for the workload's current state", report.state === state ? 1 : 0, { state });
  }
  const c = report.container;
  gauge("ccc_container_cpu_percent", "Container CPU use since the previous scrape (100 = one core)", c.cpu_percent);
  counter("ccc_container_cpu_usage_seconds_total", "Container CPU time", c.cpu_usage_seconds_total);
  gauge("ccc_container_memory_usage_bytes", "Container memory use without inactive page cache", c.memory_usage_bytes);
  gauge(
    "ccc_container_memory_limit_bytes",
    "Container memory limit (the host's memory when unlimited)",
    c.memory_limit_bytes,
  );
  if (c.network_interface) {
    const iface = { interface: c.network_interface };
    counter("ccc_container_network_receive_bytes_total", "Bytes received", c.network_rx_bytes, iface);
    counter("ccc_container_network_transmit_bytes_total", "Bytes sent", c.network_tx_bytes, iface);
    counter("ccc_container_network_receive_packets_total", "Packets received", c.network_rx_packets, iface);
    counter("ccc_container_network_transmit_packets_total", "Packets sent", c.network_tx_packets, iface);
  }
  const p = report.process;
  if (p) {
    gauge("ccc_process_pid", "The workload's pid", p.pid);
    gauge("ccc_process_cpu_percent", "Workload CPU use since the previous scrape (100 = one core)", p.cpu_percent);
    gauge("ccc_process_resident_memory_bytes", "Workload resident memory, with its child processes", p.rss_bytes);
    gauge("ccc_process_threads", "Workload threads, with its child processes", p.threads);
    gauge("ccc_process_uptime_seconds", "Seconds since the workload started", p.uptime_seconds);
    counter("ccc_process_restarts_total", "Restarts of the workload by /api/start", p.restarts);
    gauge("ccc_process_last_exit_code", "Exit code of the workload's last run", p.last_exit_code);
  }
  gauge("ccc_core_zombie_children", "Zombie processes the core (as PID 1) could not reap", report.core.zombie_children);
  const exported = Object.keys(report.adapter).filter((key) => {
    const value = report.adapter[key];
    return typeof value === "number" || typeof value === "boolean";
  });
  const { names, collisions } = adapterGauges(exported);
  collisions.forEach((message) => onProblem(message));
  for (const [name, key] of names) {
    gauge(name, `Adapter metric ${JSON.stringify(key)} (the adapter's getMetrics())`, Number(report.adapter[key]));
  }
}
