// Timestamps with microseconds, as the CCC protocol requires
// (`2026-01-02T03:04:05.123456Z`), and the HTTP Date header. Date has only
// milliseconds, so the sub-millisecond part comes from the high-resolution
// clock. That clock is process.hrtime(), not performance.now():
// node:perf_hooks loads eight internal modules, about 0.3 MB of the core's
// idle memory. And dates are written by arithmetic, not by Date objects:
// the first toISOString() or toUTCString() reads ICU's time zone data, 0.6 MB.

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

const DAY_MS = 86_400_000;
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

interface UtcFields {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  /** 0 = Sunday */
  weekday: number;
  hours: number;
  minutes: number;
  seconds: number;
  millis: number;
}

/** The UTC calendar fields of an epoch time (proleptic Gregorian; H. Hinnant's days-to-civil algorithm). */
function utcFields(epochMs: number): UtcFields {
  const days = Math.floor(epochMs / DAY_MS);
  let rest = epochMs - days * DAY_MS;
  const shifted = days + 719_468; // days since 0000-03-01
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return {
    year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1,
    weekday: (((days + 4) % 7) + 7) % 7, // 1970-01-01 was a Thursday
    hours,
    minutes,
    seconds,
    millis: rest - seconds * 1000,
  };
}

const pad = (value: number, width = 2): string => String(value).padStart(width, "0");

/** Formats epoch microseconds as UTC ISO-8601 with six fractional digits (years 0 to 9999). */
export function formatMicros(epochMicros: number): string {
  const micros = Math.floor(epochMicros);
  const millis = Math.floor(micros / 1000);
  const t = utcFields(millis);
  const date = `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
  return `${date}T${pad(t.hours)}:${pad(t.minutes)}:${pad(t.seconds)}.${pad(t.millis, 3)}${pad(micros - millis * 1000, 3)}Z`;
}

/** An epoch time as an HTTP date (IMF-fixdate, RFC 9110): `Sun, 06 Nov 1994 08:49:37 GMT`. */
export function httpDate(epochMs: number): string {
  const t = utcFields(Math.floor(epochMs));
  const date = `${WEEKDAYS[t.weekday]}, ${pad(t.day)} ${MONTHS[t.month - 1]} ${pad(t.year, 4)}`;
  return `${date} ${pad(t.hours)}:${pad(t.minutes)}:${pad(t.seconds)} GMT`;
}

/** The current time in epoch microseconds. */
export function nowMicros(): number {
  return Math.floor((epochOffsetMs() + monotonicMs()) * 1000);
}

/** The current time as `YYYY-MM-DDTHH:MM:SS.mmmmmmZ`. */
export function isoNow(): string {
  return formatMicros(nowMicros());
}
