import type { ServicePhase } from "../orchestrator/events.js";
import type { Timeline } from "../orchestrator/timeline/timeline.js";

/** How each phase is drawn: a letter in the terminal, a colour in both. */
export const phaseStyle: Partial<Record<ServicePhase, { mark: string; colour: string }>> = {
  waiting: { mark: "·", colour: "#c8c8c8" },
  pulling: { mark: "P", colour: "#4c78a8" },
  building: { mark: "B", colour: "#9d755d" },
  creating: { mark: "C", colour: "#72b7b2" },
  recreating: { mark: "R", colour: "#72b7b2" },
  starting: { mark: "S", colour: "#54a24b" },
  pinging: { mark: "=", colour: "#eeca3b" },
  "post-start": { mark: "H", colour: "#b279a2" },
  stopping: { mark: "X", colour: "#e45756" },
};

/** The services in the order they began their own work (their first phase that is not waiting). */
export function byStart(timeline: Timeline): Timeline["services"] {
  const began = (service: Timeline["services"][number]) =>
    service.phases.find((p) => p.phase !== "waiting")?.atMs ?? Number.MAX_SAFE_INTEGER;
  return [...timeline.services].sort((a, b) => began(a) - began(b));
}
