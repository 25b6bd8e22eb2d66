// The workload's life as the API reports it:
//   idle → starting → running → stopping → stopped
// and failed (with exit code and reason) when it exits on its own with a
// non-zero code, or when a start step fails.
import type { Payload } from "./adapter.js";
import { formatMicros, nowMicros } from "./timestamp.js";

export type WorkloadStateName = "idle" | "starting" | "running" | "stopping" | "stopped" | "failed";

/**
 * What anyone may see (GET /api/health, every error reply): the workload's
 * life, never its payload. Bounded in size whatever was posted.
 */
export interface PublicStateReport {
  state: WorkloadStateName;
  /** When the state last changed. */
  since: string;
  started_at: string | null;
  stopped_at: string | null;
  pid: number | null;
  exit_code: number | null;
  exit_signal: string | null;
  reason: string | null;
  restarts: number;
  traffic_control: { bandwidth_mbps: number | null; latency_ms: number | null } | null;
}

/** The full state, payload included: only in the replies of authorised start, update and stop calls. */
export interface StateReport extends PublicStateReport {
  payload: Payload | null;
}

/** The longest `reason` reported: it may quote an adapter's error text, which may be long. */
export const MAX_REASON_CHARS = 500;

function bounded(reason: string | null): string | null {
  if (reason === null || reason.length <= MAX_REASON_CHARS) return reason;
  return `${reason.slice(0, MAX_REASON_CHARS)}… (${reason.length - MAX_REASON_CHARS} more characters)`;
}

/** The mutable record behind StateReport, with epoch-microsecond times. */
export class WorkloadState {
  name: WorkloadStateName = "idle";
  since = nowMicros();
  startedAt: number | null = null;
  stoppedAt: number | null = null;
  exitCode: number | null = null;
  exitSignal: string | null = null;
  reason: string | null = null;
  restarts = 0;
  payload: Payload | null = null;

  set(name: WorkloadStateName, reason: string | null = this.reason): void {
    this.name = name;
    this.reason = reason;
    this.since = nowMicros();
  }

  report(pid: number | null, traffic: StateReport["traffic_control"]): StateReport {
    return { ...this.publicReport(pid, traffic), payload: this.payload };
  }

  publicReport(pid: number | null, traffic: StateReport["traffic_control"]): PublicStateReport {
    return {
      state: this.name,
      since: formatMicros(this.since),
      started_at: this.startedAt === null ? null : formatMicros(this.startedAt),
      stopped_at: this.stoppedAt === null ? null : formatMicros(this.stoppedAt),
      pid,
      exit_code: this.exitCode,
      exit_signal: this.exitSignal,
      reason: bounded(this.reason),
      restarts: this.restarts,
      traffic_control: traffic,
    };
  }
}
