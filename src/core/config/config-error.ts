/**
 * A problem in config.yaml or in what it points to, or in one of the core's
 * environment variables (`source` "environment"). The core prints its message
 * as one line and exits non-zero: the message names the key and what was expected.
 */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(
    readonly key: string,
    readonly expected: string,
    readonly found?: string,
    readonly source: "config.yaml" | "environment" = "config.yaml",
  ) {
    super(`${source}: ${key}: expected ${expected}${found === undefined ? "" : `, found ${found}`}`);
  }
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string")
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "object") return "a mapping";
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${value}`;
  return typeof value;
}
