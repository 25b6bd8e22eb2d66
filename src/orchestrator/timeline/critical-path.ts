import type { ServicePhase } from "../events.js";
import type { Timeline, TimelineService } from "./timeline.js";

/** A span of one phase of one service, from `fromMs` to `toMs` after the command began. */
export interface PhaseSpan {
  phase: ServicePhase;
  fromMs: number;
  toMs: number;
}

export interface CriticalPath {
  totalMs: number;
  /** From the first service on the path to the last; each with its time by phase (waiting left out). */
  services: Array<{ name: string; phases: Array<{ phase: ServicePhase; ms: number }> }>;
}

/** Phases that end a service's part in the command: nothing follows them. */
const final: ReadonlySet<ServicePhase> = new Set([
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

/**
 * Each phase of the service as a span: it lasts until the next phase begins; a final phase has no length.
 * A build or pull that went on while the service waited on its dependencies counts as the build or pull
 * until its image was ready, and only the rest as waiting.
 */
export function phaseSpans(service: TimelineService): PhaseSpan[] {
  let fetching: ServicePhase | undefined;
  return service.phases.flatMap((p, i): PhaseSpan[] => {
    const next = service.phases[i + 1];
    if (p.phase === "building" || p.phase === "pulling") fetching = p.phase;
    if (final.has(p.phase) || !next) return [];
    const span = { phase: p.phase, fromMs: p.atMs, toMs: next.atMs };
    const ready = service.imageReadyAtMs;
    if (p.phase !== "waiting" || !fetching || ready === undefined || ready <= span.fromMs) return [span];
    if (ready >= span.toMs) return [{ ...span, phase: fetching }];
    return [
      { phase: fetching, fromMs: span.fromMs, toMs: ready },
      { phase: "waiting", fromMs: ready, toMs: span.toMs },
    ];
  });
}

/** When the service's part ended: its last phase event. */
function endOf(service: TimelineService): number {
  return service.phases.at(-1)?.atMs ?? 0;
}

/**
 * The chain of services that bounded the command, as systemd-analyze's
 * critical-chain finds it: from the service that finished last, back through
 * the dependency that finished last before it, to one that waited on nothing.
 */
export function criticalPath(timeline: Timeline): CriticalPath {
  const byName = new Map(timeline.services.map((s) => [s.name, s]));
  const path: TimelineService[] = [];
  let current = [...timeline.services].sort((a, b) => endOf(b) - endOf(a))[0];
  while (current && !path.includes(current)) {
    path.unshift(current);
    // A dependency that was ready before the service's own image was not what it waited for.
    const ownImage = current.imageReadyAtMs ?? 0;
    const dependencies = current.dependencies.flatMap((d) => byName.get(d) ?? []).filter((d) => endOf(d) >= ownImage);
    current = dependencies.sort((a, b) => endOf(b) - endOf(a))[0];
  }
  return {
    totalMs: timeline.totalMs,
    services: path.map((service) => ({ name: service.name, phases: timeByPhase(service) })),
  };
}

/** The service's time in each phase, in the order the phases first came, waiting left out (its dependency's time). */
function timeByPhase(service: TimelineService): Array<{ phase: ServicePhase; ms: number }> {
  const totals = new Map<ServicePhase, number>();
  for (const span of phaseSpans(service)) {
    if (span.phase === "waiting") continue;
    totals.set(span.phase, (totals.get(span.phase) ?? 0) + span.toMs - span.fromMs);
  }
  return [...totals].map(([phase, ms]) => ({ phase, ms }));
}
