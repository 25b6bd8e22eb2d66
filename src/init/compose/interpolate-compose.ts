/**
 * Compose's variable substitution, applied to every string of a parsed compose file as `docker compose` does:
 * `$VAR`, `${VAR}`, `${VAR:-default}` / `${VAR-default}` (default when unset or empty / only when unset),
 * `${VAR:?message}` / `${VAR?message}` (an error), `${VAR:+other}` / `${VAR+other}` (other when set), and `$$`
 * for a literal `$`. Defaults may themselves hold substitutions. Hand-written: no npm package implements
 * compose's grammar (dotenv-expand has a different one), and it is small.
 */
export type Lookup = (name: string) => string | undefined;

/** A `${VAR:?message}` whose variable is missing: the message says which and why. */
export class MissingVariableError extends Error {
  override readonly name = "MissingVariableError";
}

const nameStart = /[A-Za-z_]/;
const nameChar = /[A-Za-z0-9_]/;

/** Substitutes variables in one string. */
export function interpolateString(text: string, lookup: Lookup): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char !== "$") {
      out += char;
      i += 1;
      continue;
    }
    const next = text[i + 1];
    if (next === "$") {
      out += "$";
      i += 2;
    } else if (next === "{") {
      const end = closingBrace(text, i + 2);
      if (end < 0) throw new MissingVariableError(`unclosed "\${" in "${text}"`);
      out += substitute(text.slice(i + 2, end), lookup);
      i = end + 1;
    } else if (next !== undefined && nameStart.test(next)) {
      let j = i + 1;
      while (j < text.length && nameChar.test(text[j] ?? "")) j += 1;
      out += lookup(text.slice(i + 1, j)) ?? "";
      i = j;
    } else {
      out += "$";
      i += 1;
    }
  }
  return out;
}

/** The `}` that closes a `${` at `from`, skipping nested `${...}` in defaults. */
function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i += 1) {
    if (text[i] === "$" && text[i + 1] === "{") {
      depth += 1;
      i += 1;
    } else if (text[i] === "}") {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function substitute(expression: string, lookup: Lookup): string {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(expression);
  if (!match) throw new MissingVariableError(`"\${${expression}}" is not a valid substitution`);
  const [, name = "", operator, argument = ""] = match;
  const value = lookup(name);
  const unsetOrEmpty = value === undefined || value === "";
  switch (operator) {
    case undefined:
      return value ?? "";
    case ":-":
      return unsetOrEmpty ? interpolateString(argument, lookup) : value;
    case "-":
      return value ?? interpolateString(argument, lookup);
    case ":?":
    case "?":
      if (operator === ":?" ? unsetOrEmpty : value === undefined) {
        const reason = interpolateString(argument, lookup);
        throw new MissingVariableError(`required variable ${name} is missing a value${reason ? `: ${reason}` : ""}`);
      }
      return value ?? "";
    case ":+":
      return unsetOrEmpty ? "" : interpolateString(argument, lookup);
    case "+":
      return value === undefined ? "" : interpolateString(argument, lookup);
    default:
      return value ?? "";
  }
}

/** Substitutes in every string of a parsed YAML value (keys stay as written, as compose leaves them). */
export function interpolateValue(value: unknown, lookup: Lookup, path: string[] = []): unknown {
  if (typeof value === "string") {
    try {
      return interpolateString(value, lookup);
    } catch (error) {
      if (error instanceof MissingVariableError) {
        throw new MissingVariableError(`${formatPath(path)}: ${error.message}`, { cause: error });
      }
      throw error;
    }
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolateValue(item, lookup, [...path, String(i)]));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolateValue(item, lookup, [...path, key])]),
    );
  }
  return value;
}

/** `services.web.ports[0]`: a place in a compose file as a user reads it. */
export function formatPath(path: readonly string[]): string {
  return path.map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`)).join("") || "(top)";
}
