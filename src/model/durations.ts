/**
 * Compose's spellings of durations and sizes, read into plain numbers. Hand-written rather than a library:
 * compose's duration is Go's (`1m30s`, `500ms`, `1h`), which the npm duration parsers read differently
 * (`ms` takes one unit only), and its sizes are binary (`1g` = 1024³), which `bytes` reads only as `1gb`.
 */

const durationUnits: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
const durationPart = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;

/** Seconds from a number of seconds or a Go duration (`"1m30s"`, `"500ms"`, `"2h"`); undefined when neither. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== "string" || value === "") return undefined;
  durationPart.lastIndex = 0;
  let seconds = 0;
  let matched = 0;
  for (let match = durationPart.exec(value); match; match = durationPart.exec(value)) {
    seconds += Number(match[1]) * (durationUnits[match[2] ?? ""] ?? NaN);
    matched = durationPart.lastIndex;
  }
  return matched === value.length && Number.isFinite(seconds) ? seconds : undefined;
}

const sizeUnits: Record<string, number> = { "": 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** Bytes from a number of bytes or compose's size (`"512m"`, `"1g"`, `"64kb"`, binary units); undefined when neither. */
export function parseByteSize(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== "string") return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*([bkmgt]?)b?$/i.exec(value.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * (sizeUnits[(match[2] ?? "").toLowerCase()] ?? NaN));
}
