import type { ServicePhase } from "../events.js";

/**
 * What one start (or reload, restart) did, as its phase events with their
 * times: kept in the group's records after the command, so the critical path
 * and `boss timeline` read what happened rather than guess it.
 */
export interface Timeline {
  command: string;
  /** When the command began (ISO 8601). */
  startedAt: string;
  /** From the command's beginning to its last phase event, in ms. */
  totalMs: number;
  services: TimelineService[];
}

export interface TimelineService {
  name: string;
  dependencies: string[];
  /** Each phase the service entered, in order, `atMs` from the command's beginning. */
  phases: Array<{ phase: ServicePhase; atMs: number }>;
  /**
   * When its image was built or pulled, for a service whose build or pull ran while it waited on its
   * dependencies (no phase event says so: the output shows "waiting" throughout).
   */
  imageReadyAtMs?: number;
}

/** A timeline as `.boss-context` holds it (a file someone may have edited: checked, not trusted). */
export function isTimeline(value: unknown): value is Timeline {
  const timeline = value as Partial<Timeline> | null;
  return (
    typeof timeline === "object" &&
    timeline !== null &&
    typeof timeline.command === "string" &&
    typeof timeline.startedAt === "string" &&
    typeof timeline.totalMs === "number" &&
    Array.isArray(timeline.services) &&
    timeline.services.every(
      (s) =>
        typeof s === "object" &&
        s !== null &&
        typeof s.name === "string" &&
        Array.isArray(s.dependencies) &&
        Array.isArray(s.phases) &&
        s.phases.every((p) => typeof p?.phase === "string" && typeof p.atMs === "number") &&
        (s.imageReadyAtMs === undefined || typeof s.imageReadyAtMs === "number"),
    )
  );
}
