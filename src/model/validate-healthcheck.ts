/**
 * `healthcheck`, as compose writes it: `test` as a shell string or an exec array (`["CMD", ...]`,
 * `["CMD-SHELL", "..."]`), durations as seconds or `"10s"`, and `false` to turn the image's own off.
 */
import type { HealthcheckOptions } from "./container-options.js";
import { parseDuration } from "./durations.js";
import type { Reader } from "./field-reader.js";

const keys = new Set(["test", "interval", "timeout", "retries", "startPeriod"]);
const testKinds = new Set(["CMD", "CMD-SHELL", "NONE"]);

export function validateHealthcheck(value: unknown, { fail, describe }: Reader): HealthcheckOptions {
  if (value === false) return { test: ["NONE"] };
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return fail(
      "healthcheck",
      "expected false or { test, interval?, timeout?, retries?, startPeriod? }, got " + describe(value),
    );
  const fields = value as Record<string, unknown>;
  const unknownKey = Object.keys(fields).find((key) => !keys.has(key));
  if (unknownKey) fail(`healthcheck.${unknownKey}`, `unknown key; healthcheck takes ${[...keys].join(", ")}`);

  const healthcheck: HealthcheckOptions = { test: readTest(fields.test, fail, describe) };
  for (const key of ["interval", "timeout", "startPeriod"] as const) {
    if (fields[key] === undefined) continue;
    const seconds = parseDuration(fields[key]);
    // The engine takes 0 as "the default" and refuses anything under a millisecond.
    if (seconds === undefined || seconds < 0.001)
      fail(
        `healthcheck.${key}`,
        'expected seconds or a duration such as "10s" or "500ms" (at least 1ms), got ' + describe(fields[key]),
      );
    healthcheck[key] = seconds;
  }
  if (fields.retries !== undefined) {
    const retries = fields.retries;
    healthcheck.retries =
      typeof retries === "number" && Number.isInteger(retries) && retries >= 1
        ? retries
        : fail("healthcheck.retries", "expected a whole number of at least 1, got " + describe(retries));
  }
  return healthcheck;
}

/** A string runs in the shell (compose's string form); an array not starting with CMD/CMD-SHELL/NONE is a command. */
function readTest(test: unknown, fail: Reader["fail"], describe: Reader["describe"]): string[] {
  if (typeof test === "string" && test.trim() !== "") return ["CMD-SHELL", test];
  if (Array.isArray(test) && test.length > 0 && test.every((t) => typeof t === "string")) {
    const words = test;
    if (!testKinds.has(words[0] ?? "")) return ["CMD", ...words];
    if (words[0] !== "NONE" && words.length < 2) fail("healthcheck.test", `${words[0]} needs a command after it`);
    return words;
  }
  return fail(
    "healthcheck.test",
    'expected a shell command string or an array such as ["CMD", "pg_isready"], got ' + describe(test),
  );
}
