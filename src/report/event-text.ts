/** How events read as text, shared by the front ends (the CLI's renderers, the API's `output`). */
import type { OrchestratorEvent, ServicePhase } from "../orchestrator/events.js";

/** Phases after which nothing more happens to the service in this command. */
export const finalPhases: ReadonlySet<ServicePhase> = new Set([
  "ready",
  "kept",
  "completed",
  "completed-earlier",
  "failed",
  "skipped",
  "cancelled",
  "stopped",
  "removed",
]);

/** Phases whose name is not how they read. */
const phaseLabels: Partial<Record<ServicePhase, string>> = {
  skipped: "not started",
  "completed-earlier": "completed earlier (exit 0), not run again",
};

export function describePhase(event: Extract<OrchestratorEvent, { type: "phase" }>): string {
  const label = phaseLabels[event.phase] ?? event.phase;
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
  if (event.type === "watch") return watchLine(event);
  return isProgressBar(event.line) ? undefined : `${event.service} | ${event.line}`;
}

/** Docker's pull progress ("Downloading [==>   ] 1.2MB/3MB") and "Waiting"/"Extracting" chatter. */
function isProgressBar(line: string): boolean {
  return /\[[=> ]*\]/.test(line) || /\b(Waiting|Downloading|Extracting|Verifying Checksum)\b/.test(line);
}

/** `todo: 3 files changed → synced (40 ms)`; `api: Dockerfile changed → failed (2.1 s): the rebuild failed, …`. */
export function watchLine(event: Extract<OrchestratorEvent, { type: "watch" }>): string {
  const [first] = event.files;
  const what = event.files.length === 1 && first !== undefined ? first : `${event.files.length} files`;
  const time = event.elapsedMs < 1000 ? `${Math.round(event.elapsedMs)} ms` : formatSeconds(event.elapsedMs);
  const detail = event.detail ? `: ${firstLine(event.detail)}` : "";
  return `${event.service}: ${what} changed → ${event.outcome} (${time})${detail}`;
}
