import type { Project } from "../orchestrator/project.js";
import { serviceStatuses, type ServiceStatus } from "../orchestrator/status.js";
import { lastTimeline } from "../orchestrator/timeline/last-timeline.js";

/** A service as the page shows it: what `boss status` reports, and what the services file says about it. */
export interface UiService extends ServiceStatus {
  dependencies: string[];
  /** Has `control`: the page charts its core's metrics. */
  controlled: boolean;
  /** Has `buildFrom` (a build): reload rebuilds it. */
  buildable: boolean;
}

/** What the page draws: the `state` event, and GET /api/state. */
export interface UiSnapshot {
  group: string;
  file: string;
  services: UiService[];
  /** The last start's (reload's, restart's) timeline, if one is recorded: the page shows its SVG. */
  timeline: { command: string; startedAt: string; totalMs: number } | null;
  /** When this was read (ISO 8601 UTC). */
  at: string;
}

/** Reads the group as `boss status` and `boss timeline` do: the engine, the cores and `.boss-context`, now. */
export async function groupSnapshot(project: Project): Promise<UiSnapshot> {
  const [report, last] = await Promise.all([serviceStatuses(project), lastTimeline(project)]);
  const services = report.services.map((status): UiService => {
    const definition = project.graph.has(status.name) ? project.graph.get(status.name) : undefined;
    return {
      ...status,
      dependencies: definition?.dependencies ?? [],
      controlled: definition?.control !== undefined,
      buildable: definition?.build !== undefined,
    };
  });
  const timeline = last
    ? { command: last.timeline.command, startedAt: last.timeline.startedAt, totalMs: last.timeline.totalMs }
    : null;
  return { group: report.group, file: project.file.file, services, timeline, at: new Date().toISOString() };
}
