import { UserError } from "../errors.js";
import type { JsonValue } from "./json.js";

// `{{` and `}}` are literal braces; `{key}` (a name of letters, digits, _ . -) is a placeholder,
// except right after `$`: `${HOME}` in a cmd is the shell's, not ours. Any other brace is left as written.
// A key may end in "/udp": `{ports.dns.53/udp}` is a udp port the engine picked (picked-ports.ts).
const token = /\{\{|\}\}|(?<!\$)\{([A-Za-z_][\w.-]*(?:\/udp)?)\}/g;

/** Where a string being interpolated comes from, for the error message. */
export interface InterpolationSource {
  service: string;
  field: string;
}

/** Replaces `{key}` with the context's value (strings as-is, other JSON values stringified). */
export function interpolate(text: string, values: ReadonlyMap<string, JsonValue>, source: InterpolationSource): string {
  return replacePlaceholders(text, (key) => {
    const value = values.get(key);
    if (value === undefined) {
      const known = values.size ? [...values.keys()].sort().join(", ") : "(the context is empty)";
      throw new UserError(`no context value "${key}" for {${key}}; context keys: ${known}`, source);
    }
    return typeof value === "string" ? value : JSON.stringify(value);
  });
}

/** Replaces each `{key}` with what `replace` makes of it, and `{{`/`}}` with literal braces. */
export function replacePlaceholders(text: string, replace: (key: string) => string): string {
  return text.replace(token, (match, key: string | undefined) => {
    if (match === "{{") return "{";
    if (match === "}}") return "}";
    return replace(key as string);
  });
}

/** Interpolates every value of a record, naming `field.key` in errors. */
export function interpolateRecord(
  record: Readonly<Record<string, string>>,
  values: ReadonlyMap<string, JsonValue>,
  service: string,
  field: string,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record).map(([k, v]) => [k, interpolate(v, values, { service, field: `${field}.${k}` })]),
  );
}

/** Interpolates every item of an argv, naming `field[i]` in errors. */
export function interpolateList(
  list: readonly string[],
  values: ReadonlyMap<string, JsonValue>,
  service: string,
  field: string,
): string[] {
  return list.map((item, i) => interpolate(item, values, { service, field: `${field}[${i}]` }));
}

/** Interpolates every string inside a JSON value (object keys stay as written), naming the path in errors. */
export function interpolateJson(
  value: JsonValue,
  values: ReadonlyMap<string, JsonValue>,
  service: string,
  field: string,
): JsonValue {
  if (typeof value === "string") return interpolate(value, values, { service, field });
  if (Array.isArray(value)) return value.map((item, i) => interpolateJson(item, values, service, `${field}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolateJson(v, values, service, `${field}.${k}`)]),
    );
  }
  return value;
}
