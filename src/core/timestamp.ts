// Timestamps with microseconds, as the CCC protocol requires
// (`2026-01-02T03:04:05.123456Z`). Date has only milliseconds, so the
// sub-millisecond part comes from the high-resolution clock.
import { performance } from "node:perf_hooks";

/** Formats epoch microseconds as UTC ISO-8601 with six fractional digits. */
export function formatMicros(epochMicros: number): string {
  const micros = Math.floor(epochMicros);
  const millis = Math.floor(micros / 1000);
  const iso = new Date(millis).toISOString(); // 2026-01-02T03:04:05.123Z
  const sub = String(micros % 1000).padStart(3, "0");
  return `${iso.slice(0, 23)}${sub}Z`;
}

/** The current time in epoch microseconds. */
export function nowMicros(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

/** The current time as `YYYY-MM-DDTHH:MM:SS.mmmmmmZ`. */
export function isoNow(): string {
  return formatMicros(nowMicros());
}
