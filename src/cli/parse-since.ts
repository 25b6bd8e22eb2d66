import { UserError } from "../errors.js";

const unitSeconds: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/**
 * `--since`: a duration back from `now` in Go's form (`90s`, `10m`, `1h30m`,
 * `1.5h`, `250ms`, `2d`) or an absolute time (`2024-05-01T12:00:00Z`, or a date
 * with a time zone). Returns seconds since the epoch.
 */
export function parseSince(text: string, now: number = Date.now()): number {
  const value = text.trim();
  const duration = parseDuration(value);
  if (duration !== undefined) return now / 1000 - duration;
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const time = Date.parse(value);
    if (!Number.isNaN(time)) return time / 1000;
  }
  throw new UserError(`--since: "${text}" is neither a duration (90s, 10m, 1h30m) nor a time (2024-05-01T12:00:00Z)`);
}

/** Seconds in a Go-style duration such as `1h30m`, or undefined when `text` is not one. */
export function parseDuration(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(text)) return undefined;
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) {
    seconds += Number(amount) * (unitSeconds[unit ?? "s"] ?? 1);
  }
  return seconds;
}
