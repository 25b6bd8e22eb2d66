import type { OrchestratorEvent, ServicePhase } from "../../orchestrator/events.js";

/** Phases after which nothing more happens to the service in this command. */
export const finalPhases: ReadonlySet<ServicePhase> = new Set([
  "ready",
  "kept",
  "failed",
  "skipped",
  "cancelled",
  "stopped",
  "removed",
]);

export function describePhase(event: Extract<OrchestratorEvent, { type: "phase" }>): string {
  const label = event.phase === "skipped" ? "not started" : event.phase;
  const detail = event.phase === "skipped" ? `because ${event.detail ?? "a dependency failed"}` : event.detail;
  const time = event.elapsedMs !== undefined ? ` (${formatSeconds(event.elapsedMs)})` : "";
  return `${label}${detail ? ` — ${firstLine(detail)}` : ""}${time}`;
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}
