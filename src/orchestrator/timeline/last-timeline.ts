import { readGroup } from "../group-session.js";
import type { Project } from "../project.js";
import { criticalPath, type CriticalPath } from "./critical-path.js";
import type { Timeline } from "./timeline.js";

/** `boss timeline`: the last start's (reload's, restart's) phases as the group's records keep them; no engine. */
export function lastTimeline(
  project: Project,
): Promise<{ timeline: Timeline; criticalPath: CriticalPath } | undefined> {
  return readGroup(
    project,
    "timeline",
    (session) => {
      const { timeline } = session.records;
      return Promise.resolve(timeline ? { timeline, criticalPath: criticalPath(timeline) } : undefined);
    },
    { engine: false, needsContext: true },
  );
}
