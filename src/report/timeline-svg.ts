import type { ServicePhase } from "../orchestrator/events.js";
import { phaseSpans, type CriticalPath } from "../orchestrator/timeline/critical-path.js";
import type { Timeline } from "../orchestrator/timeline/timeline.js";
import { criticalPathLine, phaseWord } from "./critical-path-text.js";
import { formatSeconds } from "./event-text.js";
import { byStart, phaseStyle } from "./timeline-phases.js";

const labelWidth = 180;
const chartWidth = 760;
const rowHeight = 26;
const top = 56;

/** The waterfall as an SVG picture a person opens in a browser: one bar per phase, the critical path in bold. */
export function timelineSvg(timeline: Timeline, path: CriticalPath): string {
  const onPath = new Set(path.services.map((s) => s.name));
  const scale = chartWidth / Math.max(timeline.totalMs, 1);
  const height = top + timeline.services.length * rowHeight + 70;
  const rows = byStart(timeline).map((service, i) => {
    const y = top + i * rowHeight;
    const bars = phaseSpans(service).map((span) => {
      const style = phaseStyle[span.phase];
      const x = labelWidth + span.fromMs * scale;
      const width = Math.max((span.toMs - span.fromMs) * scale, 1);
      const title = `${service.name}: ${phaseWord[span.phase] ?? span.phase} ${formatSeconds(span.toMs - span.fromMs)}`;
      return `<rect x="${x.toFixed(1)}" y="${y + 4}" width="${width.toFixed(1)}" height="${rowHeight - 8}" fill="${style?.colour ?? "#999"}"><title>${escape(title)}</title></rect>`;
    });
    const weight = onPath.has(service.name) ? ` font-weight="bold"` : "";
    const label = `<text x="8" y="${y + rowHeight / 2 + 5}"${weight}>${escape(service.name)}${onPath.has(service.name) ? " *" : ""}</text>`;
    return [label, ...bars].join("\n");
  });
  const ticks = tickTimes(timeline.totalMs).map((ms) => {
    const x = labelWidth + ms * scale;
    const bottom = top + timeline.services.length * rowHeight;
    return `<line x1="${x}" y1="${top - 4}" x2="${x}" y2="${bottom}" stroke="#e0e0e0"/><text x="${x}" y="${top - 8}" font-size="11" text-anchor="middle">${formatSeconds(ms)}</text>`;
  });
  const legend = Object.entries(phaseStyle).map(([phase, style], i) => {
    const x = 8 + i * 100;
    const y = height - 24;
    return `<rect x="${x}" y="${y - 11}" width="12" height="12" fill="${style.colour}"/><text x="${x + 16}" y="${y}" font-size="12">${phaseWord[phase as ServicePhase] ?? phase}</text>`;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + chartWidth + 20}" height="${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="8" y="22" font-size="15" font-weight="bold">${escape(`boss ${timeline.command}, ${timeline.startedAt}: ${formatSeconds(timeline.totalMs)}`)}</text>`,
    `<text x="8" y="${height - 46}">${escape(criticalPathLine(path))}</text>`,
    ...ticks,
    ...rows,
    ...legend,
    "</svg>",
    "",
  ].join("\n");
}

/** About ten round times across the run, for the axis. */
function tickTimes(totalMs: number): number[] {
  const step = [100, 250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000].find((s) => totalMs / s <= 10) ?? 120_000;
  return Array.from({ length: Math.floor(totalMs / step) + 1 }, (_, i) => i * step);
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
