import type { ServicePhase } from "../orchestrator/events.js";
import type { CriticalPath } from "../orchestrator/timeline/critical-path.js";
import { formatSeconds } from "./event-text.js";

/** A phase as the critical path names it. */
export const phaseWord: Partial<Record<ServicePhase, string>> = {
  waiting: "wait",
  pulling: "pull",
  building: "build",
  creating: "create",
  recreating: "recreate",
  starting: "start",
  pinging: "ping",
  "post-start": "postStart",
  stopping: "stop",
};

/** `critical path 14.2 s: appdb (pull 3.1 s, ping 6.8 s) → todo (build 2.4 s, ping 0.6 s)`. */
export function criticalPathLine(path: CriticalPath): string {
  const services = path.services.map(({ name, phases }) => {
    // What rounds to 0.0 s says nothing.
    const shown = phases
      .filter((p) => p.ms >= 50)
      .map((p) => `${phaseWord[p.phase] ?? p.phase} ${formatSeconds(p.ms)}`);
    return shown.length > 0 ? `${name} (${shown.join(", ")})` : name;
  });
  return `critical path ${formatSeconds(path.totalMs)}: ${services.join(" → ")}`;
}
