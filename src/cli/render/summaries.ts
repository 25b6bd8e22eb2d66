import chalk from "chalk";
import type { HookFailure } from "../../orchestrator/collection-hooks.js";
import type { StartSummary } from "../../orchestrator/start.js";
import type { StopSummary } from "../../orchestrator/stop.js";

type Paint = (text: string) => string;

function painter(styled: boolean) {
  const plain: Paint = (t) => t;
  return {
    ok: styled ? chalk.green : plain,
    bad: styled ? chalk.red : plain,
    warn: styled ? chalk.yellow : plain,
  };
}

export function startSummaryLines(summary: StartSummary, styled: boolean): string[] {
  const paint = painter(styled);
  const lines: string[] = [];
  const byAction = (action: string) => summary.started.filter((s) => s.action === action).map((s) => s.name);
  const created = byAction("created");
  const restarted = byAction("restarted");
  const kept = byAction("kept");
  if (created.length) lines.push(paint.ok(`started: ${created.join(", ")}`));
  if (restarted.length) lines.push(paint.ok(`restarted: ${restarted.join(", ")}`));
  if (kept.length) lines.push(paint.ok(`already running: ${kept.join(", ")}`));
  for (const f of summary.failed) lines.push(paint.bad(`failed: ${f.name} — ${f.message}`));
  for (const s of summary.skipped) lines.push(paint.warn(`not started: ${s.name} (because ${s.because} failed)`));
  if (summary.cancelled.length) lines.push(paint.warn(`not started (interrupted): ${summary.cancelled.join(", ")}`));
  lines.push(...hookFailureLines(summary.hookFailures, styled));
  return lines;
}

export function stopSummaryLines(summary: StopSummary, removed: boolean, styled: boolean): string[] {
  const paint = painter(styled);
  const lines: string[] = [];
  lines.push(summary.stopped.length ? paint.ok(`stopped: ${summary.stopped.join(", ")}`) : "nothing was running");
  if (summary.orphans.length)
    lines.push(paint.warn(`also stopped (no longer in the services file): ${summary.orphans.join(", ")}`));
  for (const f of summary.failed) lines.push(paint.bad(`failed: ${f.name} — ${f.message}`));
  if (removed) {
    const extra = [summary.removedNetwork && "network", summary.removedContext && "context file"].filter(Boolean);
    lines.push(`removed containers${extra.length ? ", " + extra.join(", ") : ""}`);
    // Data went with these: say exactly which.
    for (const v of summary.removedAnonymousVolumes) {
      lines.push(paint.warn(`removed anonymous volume ${v.volume.slice(0, 12)} (${v.service}:${v.target})`));
    }
    if (summary.removedVolumes.length) lines.push(paint.warn(`removed volumes: ${summary.removedVolumes.join(", ")}`));
    else if (summary.removedNetwork) lines.push("named volumes kept (boss stop --remove --volumes removes them)");
  }
  if (summary.interrupted) lines.push(paint.warn("interrupted: the rest is still running"));
  lines.push(...hookFailureLines(summary.hookFailures, styled));
  return lines;
}

export function hookFailureLines(failures: HookFailure[], styled: boolean): string[] {
  const paint = painter(styled);
  return failures.map((f) => paint.bad(`hook ${f.hook} threw: ${f.message}`));
}
