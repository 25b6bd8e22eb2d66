import type { ServicePhase } from "../../orchestrator/events.js";
import { phaseSpans, type CriticalPath } from "../../orchestrator/timeline/critical-path.js";
import type { Timeline } from "../../orchestrator/timeline/timeline.js";
import { phaseWord } from "../../report/critical-path-text.js";
import { formatSeconds } from "../../report/event-text.js";
import { byStart, phaseStyle } from "../../report/timeline-phases.js";
import { colours } from "./colour.js";

const terminalColour: Partial<Record<ServicePhase, "gray" | "blue" | "yellow" | "cyan" | "green" | "magenta" | "red">> =
  {
    waiting: "gray",
    pulling: "blue",
    building: "yellow",
    creating: "cyan",
    recreating: "cyan",
    starting: "green",
    pinging: "yellow",
    "post-start": "magenta",
    stopping: "red",
  };

/**
 * The last start as a waterfall: a row per service, a column per slice of
 * time, each slice marked with the phase the service was in; the services of
 * the critical path starred, the path's line below.
 */
export function waterfallLines(
  timeline: Timeline,
  path: CriticalPath,
  options: { width: number; colour: boolean },
): string[] {
  const paint = colours(options.colour);
  const onPath = new Set(path.services.map((s) => s.name));
  const nameWidth = Math.max(...timeline.services.map((s) => s.name.length), 7);
  const slice = Math.max(timeline.totalMs, 1) / options.width;
  const when = new Date(timeline.startedAt).toLocaleString("sv-SE");
  const lines = [`last ${timeline.command} (${when}): ${formatSeconds(timeline.totalMs)}; * the critical path`, ""];
  for (const service of byStart(timeline)) {
    const spans = phaseSpans(service);
    let bar = "";
    for (let column = 0; column < options.width; column++) {
      const at = (column + 0.5) * slice;
      const span = spans.find((s) => s.fromMs <= at && at < s.toMs);
      const style = span ? phaseStyle[span.phase] : undefined;
      const tint = span ? terminalColour[span.phase] : undefined;
      bar += style ? (tint ? paint[tint](style.mark) : style.mark) : " ";
    }
    const end = service.phases.at(-1);
    const mark = onPath.has(service.name) ? "*" : " ";
    lines.push(
      `${mark} ${service.name.padEnd(nameWidth)} |${bar}| ${end ? `${end.phase} at ${formatSeconds(end.atMs)}` : ""}`,
    );
  }
  const legend = Object.entries(phaseStyle).map(
    ([phase, style]) => `${style.mark} ${phaseWord[phase as ServicePhase]}`,
  );
  lines.push("", `  ${legend.join("   ")}`);
  return lines;
}
