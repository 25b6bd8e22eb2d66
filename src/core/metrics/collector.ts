// Gathers the figures of /api/metrics (and, reshaped, of /metrics): the
// container's, the managed process's and the adapter's own.
import type { AdapterMetrics, AdapterShape } from "../adapter.js";
import type { CoreConfig } from "../config/config.js";
import type { Controller } from "../controller.js";
import { isoNow, nowMicros } from "../timestamp.js";
import type { WorkloadStateName } from "../workload-state.js";
import { ContainerMetricsReader, round, type ContainerMetrics } from "./container-metrics.js";
import { ProcessMetricsReader, countZombieChildren } from "./process-metrics.js";

export interface ProcessMetrics {
  pid: number | null;
  cpu_percent: number | null;
  rss_bytes: number | null;
  threads: number | null;
  process_count: number | null;
  uptime_seconds: number | null;
  restarts: number;
  last_exit_code: number | null;
}

export interface MetricsReport {
  timestamp: string;
  state: WorkloadStateName;
  container: ContainerMetrics;
  process: ProcessMetrics | null;
  adapter: AdapterMetrics;
  core: { pid: number; zombie_children: number };
}

export class MetricsCollector {
  constructor(
    private readonly config: CoreConfig,
    private readonly controller: Controller,
    private readonly adapter: AdapterShape,
    private readonly container = new ContainerMetricsReader(config.metrics.networkMonitoring),
    private readonly processes = new ProcessMetricsReader(),
  ) {}

  private processMetrics(): ProcessMetrics | null {
    const pm = this.config.processManagement;
    const pid = this.controller.pid();
    // Reported when the core manages the process, or the adapter handed back one it can watch.
    if (!this.config.metrics.processMonitoring.enabled || (!pm.enabled && pid === null)) return null;
    const figures = pid === null ? null : this.processes.read(pid);
    const startedAt = this.controller.startedAt;
    return {
      pid,
      cpu_percent: figures?.cpu_percent ?? null,
      rss_bytes: figures?.rss_bytes ?? null,
      threads: figures?.threads ?? null,
      process_count: figures?.process_count ?? null,
      uptime_seconds: pid !== null && startedAt !== null ? round((nowMicros() - startedAt) / 1e6, 3) : null,
      restarts: this.controller.restarts,
      last_exit_code: this.controller.lastExitCode,
    };
  }

  async collect(): Promise<MetricsReport> {
    const adapterMetrics = this.adapter.getMetrics ? await this.adapter.getMetrics() : {};
    if (typeof adapterMetrics !== "object" || adapterMetrics === null || Array.isArray(adapterMetrics)) {
      throw new Error("the adapter's getMetrics() must return a flat object");
    }
    return {
      timestamp: isoNow(),
      state: this.controller.stateName as WorkloadStateName,
      container: this.container.read(),
      process: this.processMetrics(),
      adapter: adapterMetrics,
      core: { pid: process.pid, zombie_children: process.pid === 1 ? countZombieChildren() : 0 },
    };
  }
}
