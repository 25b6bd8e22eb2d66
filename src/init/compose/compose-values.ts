/**
 * Compose's alternative spellings of one thing, made one: a list of `KEY=VALUE` or a map, a string or a list,
 * a port entry in short or long syntax. The schema has already checked the shapes.
 */
import type { FieldValue } from "./service-draft.js";

export type Plain = Record<string, unknown>;

export function isPlain(value: unknown): value is Plain {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A scalar as compose turns it into a string (`true`, `8080`); null and undefined stay undefined. */
export function scalarText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value) ?? "";
}

/** Any value as text: scalars as compose writes them, objects as JSON, nothing as "". */
export function text(value: unknown): string {
  return scalarText(value) ?? "";
}

/**
 * `["A=1", "B"]` or `{ A: 1, B: null }` as entries; a key without a value has `undefined` (compose then takes it
 * from the environment, or leaves it out). `separator` is `=` for environment and labels, `:` or `=` for hosts.
 */
export function keyValues(value: unknown, separator: RegExp = /=/): Array<[string, string | undefined]> {
  if (Array.isArray(value)) {
    return value.map((item): [string, string | undefined] => {
      const entry = text(item);
      const at = entry.search(separator);
      return at < 0 ? [entry, undefined] : [entry.slice(0, at), entry.slice(at + 1)];
    });
  }
  if (isPlain(value)) return Object.entries(value).map(([key, item]) => [key, scalarText(item)]);
  return [];
}

export function stringList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map((item) => text(item)) : [text(value)];
}

/** A command as compose has it: a string (split by a shell-like parser at run time) or a list. */
export function command(value: unknown): FieldValue | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map((item) => text(item));
  return undefined;
}

/** One `ports` entry in compose's short syntax (boss reads it as compose writes it). */
export function portText(entry: unknown): string {
  if (!isPlain(entry)) return text(entry);
  const target = text(entry.target);
  const published = entry.published === undefined ? "" : text(entry.published);
  const hostIp = typeof entry.host_ip === "string" ? `${entry.host_ip}:` : "";
  const protocol = typeof entry.protocol === "string" && entry.protocol !== "tcp" ? `/${entry.protocol}` : "";
  const host = published ? `${hostIp}${published}:` : hostIp ? `${hostIp}:` : "";
  return `${host}${target}${protocol}`;
}

/** A value for a `// compose: key: value` comment: one line of JSON (YAML's flow style reads the same). */
export function commentText(key: string, value: unknown): string {
  return `${key}: ${JSON.stringify(value) ?? "null"}`;
}

/** `{` and `}` are Context placeholders in boss's env, cmd and entrypoint: literal ones are doubled. */
export function escapeBraces(text: string): string {
  return text.replace(/[{}]/g, (brace) => brace + brace);
}
