/**
 * The words of a command's summary, shared by the front ends: the CLI prints
 * them (in colour on a terminal), the API puts them in its errors' messages.
 * Each line has a tone; how a tone looks is the front end's business.
 */
import type { HookFailure } from "../orchestrator/collection-hooks.js";
import type { StartSummary } from "../orchestrator/start.js";
import type { StopSummary } from "../orchestrator/stop.js";
import { criticalPathLine } from "./critical-path-text.js";

export type Tone = "ok" | "bad" | "warn" | "plain";

export interface SummaryLine {
  tone: Tone;
  text: string;
}

const tone = {
  ok: (text: string): SummaryLine => ({ tone: "ok", text }),
  bad: (text: string): SummaryLine => ({ tone: "bad", text }),
  warn: (text: string): SummaryLine => ({ tone: "warn", text }),
};
const plain = (text: string): SummaryLine => ({ tone: "plain", text });

export function startSummaryLines(summary: StartSummary): SummaryLine[] {
  const lines: SummaryLine[] = [];
  const byAction = (action: string) => summary.started.filter((s) => s.action === action).map((s) => s.name);
  const created = byAction("created");
  // A dependent restarted because its dependency moved says so: `todo (appdb was recreated)`.
  const restarted = summary.started
    .filter((s) => s.action === "restarted")
    .map((s) => (s.because ? `${s.name} (${s.because})` : s.name));
  const kept = byAction("kept");
  if (created.length) lines.push(tone.ok(`started: ${created.join(", ")}`));
  if (restarted.length) lines.push(tone.ok(`restarted: ${restarted.join(", ")}`));
  if (kept.length) lines.push(tone.ok(`already running: ${kept.join(", ")}`));
  const completed = byAction("completed");
  const earlier = byAction("completed-earlier");
  if (completed.length) lines.push(tone.ok(`jobs completed: ${completed.join(", ")}`));
  if (earlier.length) lines.push(tone.ok(`jobs completed earlier, not run again: ${earlier.join(", ")}`));
  for (const f of summary.failed) lines.push(tone.bad(`failed: ${f.name} — ${f.message}`));
  for (const s of summary.skipped) lines.push(tone.warn(`not started: ${s.name} (because ${s.because} failed)`));
  if (summary.cancelled.length) lines.push(tone.warn(`not started (interrupted): ${summary.cancelled.join(", ")}`));
  lines.push(...hookFailureLines(summary.hookFailures));
  // Worth reading only when the start took a while; `boss timeline` always shows it.
  if (summary.criticalPath && summary.criticalPath.totalMs > 1000)
    lines.push(plain(criticalPathLine(summary.criticalPath)));
  return lines;
}

/** `removed`: it was `stop --remove` (the named volumes kept are named, unless `--volumes` removed them). */
export function stopSummaryLines(summary: StopSummary, removed: boolean): SummaryLine[] {
  const lines: SummaryLine[] = [];
  if (summary.stopped.length) lines.push(tone.ok(`stopped: ${summary.stopped.join(", ")}`));
  else if (!summary.failed.length) lines.push(plain("nothing was running"));
  if (summary.orphans.length)
    lines.push(tone.warn(`also stopped (no longer in the services file): ${summary.orphans.join(", ")}`));
  for (const f of summary.failed) lines.push(tone.bad(`failed: ${f.name} — ${f.message}`));
  for (const s of summary.notStopped)
    lines.push(tone.warn(`not stopped: ${s.name} (because ${s.because} failed to stop)`));
  if (removed) {
    const extra = [summary.removedNetwork && "network", summary.removedContext && "context file"].filter(Boolean);
    lines.push(plain(`removed containers${extra.length ? ", " + extra.join(", ") : ""}`));
    // Data went with these: say exactly which.
    for (const v of summary.removedAnonymousVolumes) {
      lines.push(tone.warn(`removed anonymous volume ${v.volume.slice(0, 12)} (${v.service}:${v.target})`));
    }
    if (summary.removedVolumes.length) lines.push(tone.warn(`removed volumes: ${summary.removedVolumes.join(", ")}`));
    else if (summary.keptVolumes.length > 0) {
      const kept = summary.keptVolumes.join(", ");
      lines.push(plain(`named volumes kept: ${kept} (boss stop --remove --volumes removes them)`));
    }
  }
  if (summary.interrupted) lines.push(tone.warn("interrupted: the rest is still running"));
  lines.push(...hookFailureLines(summary.hookFailures));
  return lines;
}

export function hookFailureLines(failures: HookFailure[]): SummaryLine[] {
  return failures.map((f) => tone.bad(`hook ${f.hook} threw: ${f.message}`));
}

/** The lines as plain text, without tones. */
export function texts(lines: readonly SummaryLine[]): string[] {
  return lines.map((l) => l.text);
}
