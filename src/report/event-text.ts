/** How events read as text, shared by the front ends (the CLI's renderers, the API's `output`). */
import type { OrchestratorEvent, ServicePhase } from "../orchestrator/events.js";

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

/**
 * One plain line for an event, or undefined for pull and build chatter that
 * only makes sense redrawn in place (byte-level progress bars).
 */
export function eventLine(event: OrchestratorEvent): string | undefined {
  if (event.type === "phase") return `${event.service}: ${describePhase(event)}`;
  if (event.type === "notice" || event.type === "warning") return event.message;
  return isProgressBar(event.line) ? undefined : `${event.service} | ${event.line}`;
}

/** Docker's pull progress ("Downloading [==>   ] 1.2MB/3MB") and "Waiting"/"Extracting" chatter. */
function isProgressBar(line: string): boolean {
  return /\[[=> ]*\]/.test(line) || /\b(Waiting|Downloading|Extracting|Verifying Checksum)\b/.test(line);
}
