import type { DeploySummary } from "../orchestrator/deploy/deploy.js";
import type { UndeploySummary } from "../orchestrator/deploy/undeploy.js";
import { hookFailureLines, type SummaryLine } from "./summary-lines.js";

export function deploySummaryLines(summary: DeploySummary): SummaryLine[] {
  const lines: SummaryLine[] = [];
  const byAction = (action: string) => summary.deployed.filter((s) => s.action === action).map((s) => s.name);
  const created = byAction("created");
  const updated = byAction("updated");
  const kept = byAction("kept");
  if (created.length) lines.push({ tone: "ok", text: `deployed: ${created.join(", ")}` });
  if (updated.length) lines.push({ tone: "ok", text: `updated (rolling): ${updated.join(", ")}` });
  if (kept.length) lines.push({ tone: "ok", text: `already deployed: ${kept.join(", ")}` });
  for (const f of summary.failed) lines.push({ tone: "bad", text: `failed: ${f.name} — ${f.message}` });
  for (const s of summary.skipped)
    lines.push({ tone: "warn", text: `not deployed: ${s.name} (because ${s.because} failed)` });
  if (summary.cancelled.length)
    lines.push({ tone: "warn", text: `not deployed (interrupted): ${summary.cancelled.join(", ")}` });
  lines.push(...hookFailureLines(summary.hookFailures));
  return lines;
}

export function undeploySummaryLines(summary: UndeploySummary): SummaryLine[] {
  const lines: SummaryLine[] = [];
  if (summary.removed.length) lines.push({ tone: "ok", text: `removed swarm services: ${summary.removed.join(", ")}` });
  else lines.push({ tone: "plain", text: "nothing was deployed" });
  if (summary.networks.length) lines.push({ tone: "plain", text: `removed networks: ${summary.networks.join(", ")}` });
  if (summary.volumes.length) lines.push({ tone: "warn", text: `removed volumes: ${summary.volumes.join(", ")}` });
  return lines;
}
