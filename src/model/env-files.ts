/**
 * `envFile`: compose's `env_file`. dotenv parses each file (compose's format: `KEY=value`, `export KEY=value`,
 * `#` comments, single, double and backtick quotes, `\n` in double quotes, values over several lines inside
 * quotes). dotenv does not interpolate, and dotenv-expand lets the process environment win over the file's own
 * values, which compose does not: the `${VAR}` forms compose reads in env files are expanded here instead,
 * except in single-quoted values, as in compose.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { parse as parseDotenv } from "dotenv";

/** Reports a bad `envFile` entry: the field (`envFile` or `envFile[i]`) and what is wrong. */
export type EnvFileFail = (field: string, message: string) => never;

/** The files of `envFile` as absolute paths, in the order they are read. */
export function envFilePaths(value: unknown, dir: string, fail: EnvFileFail): Array<{ path: string; field: string }> {
  if (value === undefined) return [];
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list)) return fail("envFile", "expected a file name or an array of file names");
  return list.map((item, i) => {
    const field = typeof value === "string" ? "envFile" : `envFile[${i}]`;
    if (typeof item !== "string" || item === "")
      return fail(field, "expected a file name (relative to the services file)");
    return { path: resolve(dir, item), field };
  });
}

/**
 * The variables of `envFile`, later files winning over earlier ones, as compose merges them. A missing file is an
 * error: compose's short `env_file` syntax makes it one too.
 */
export function readEnvFiles(
  value: unknown,
  dir: string,
  fail: EnvFileFail,
  processEnv: Readonly<Record<string, string | undefined>> = process.env,
): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const { path, field } of envFilePaths(value, dir, fail)) {
    if (!existsSync(path)) fail(field, `env file not found: ${path}`);
    if (!statSync(path).isFile()) fail(field, `not a file: ${path}`);
    const text = readFileSync(path, "utf8");
    const literal = singleQuotedKeys(text);
    for (const [key, raw] of Object.entries(parseDotenv(text))) {
      // As in compose, a single-quoted value is taken as written.
      merged[key] = literal.has(key)
        ? raw
        : expandVariables(
            raw,
            (name) => merged[name] ?? processEnv[name],
            (message) => fail(field, `${path}: ${key}: ${message}`),
          );
    }
  }
  return merged;
}

/** The keys whose value is single-quoted (dotenv strips the quotes, and with them that difference). */
function singleQuotedKeys(text: string): Set<string> {
  return new Set([...text.matchAll(/^\s*(?:export\s+)?([\w.-]+)\s*=\s*'/gm)].map((match) => match[1] as string));
}

/** `${NAME}`, `$NAME`, `${NAME:-default}`, `${NAME-default}`, `${NAME:+alt}`, `${NAME+alt}`, `${NAME:?error}`, `${NAME?error}` and `$$`. */
const reference = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * Compose's interpolation of one value: names are looked up in the lines above (of this file and the files
 * before it), then in boss's own environment; unset names become empty.
 */
export function expandVariables(
  value: string,
  lookup: (name: string) => string | undefined,
  fail: (message: string) => never,
): string {
  return value.replace(reference, (match, braced?: string, operator?: string, argument?: string, bare?: string) => {
    if (match === "$$") return "$";
    const name = (braced ?? bare) as string;
    const current = lookup(name);
    // With a colon, an empty value counts as unset (as in the shell).
    const set = operator?.startsWith(":") ? current !== undefined && current !== "" : current !== undefined;
    switch (operator?.replace(":", "")) {
      case "-":
        return set ? (current as string) : (argument ?? "");
      case "+":
        return set ? (argument ?? "") : "";
      case "?":
        return set ? (current as string) : fail(argument || `${name} is not set`);
      default:
        return current ?? "";
    }
  });
}

/**
 * What `envFile` gives the service's `env`: the files' values with their braces doubled, so they reach the
 * container as written (compose's files know nothing of boss's `{key}` placeholders).
 */
export function envFromFiles(value: unknown, dir: string, fail: EnvFileFail): Record<string, string> {
  return Object.fromEntries(
    Object.entries(readEnvFiles(value, dir, fail)).map(([key, v]) => [key, v.replace(/[{}]/g, "$&$&")]),
  );
}
