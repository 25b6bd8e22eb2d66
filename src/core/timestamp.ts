// Timestamps with microseconds, as the CCC protocol requires
// (`2026-01-02T03:04:05.123456Z`). Date has only milliseconds, so the
// sub-millisecond part comes from the high-resolution clock. That clock is
// process.hrtime(), not performance.now(): node:perf_hooks loads eight
// internal modules, about 0.3 MB of the core's idle memory.

/** A monotonic clock in milliseconds (fractional), for intervals. */
export function monotonicMs(): number {
  const [seconds, nanos] = process.hrtime();
  return seconds * 1e3 + nanos / 1e6;
}

/**
 * The epoch time at monotonicMs() = 0, taken once. Date.now() has whole
 * milliseconds, so this is exact to ±0.5 ms; later readings keep the
 * microseconds of the monotonic clock. (Waiting for the edge of a Date.now()
 * tick would be exact, but a spinning loop gets optimised by TurboFan, and
 * that alone costs the core 4 to 5 MB of idle memory.)
 */
let epochAtZeroMs: number | null = null;

function epochOffsetMs(): number {
  epochAtZeroMs ??= Date.now() + 0.5 - monotonicMs();
  return epochAtZeroMs;
}

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
  return Math.floor((epochOffsetMs() + monotonicMs()) * 1000);
}

/** The current time as `YYYY-MM-DDTHH:MM:SS.mmmmmmZ`. */
export function isoNow(): string {
  return formatMicros(nowMicros());
}
