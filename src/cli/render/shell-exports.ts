import type { JsonValue } from "../../model/json.js";
import type { ServiceEnvironment } from "../../orchestrator/service-environment.js";

/**
 * A Context key as a shell variable name: upper case, every character other
 * than A-Z, 0-9 and _ becomes _, and a leading digit gets a _ before it
 * (`owner_id` → OWNER_ID, `db.url` → DB_URL, `2fa-key` → _2FA_KEY).
 */
export function shellName(key: string): string {
  const name = key.toUpperCase().replace(/[^A-Z0-9_]/g, "_");
  return /^[0-9]/.test(name) ? `_${name}` : name || "_";
}

/** A POSIX shell word that is exactly `value`: single quotes, where nothing is special, and `'\''` for a quote. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A Context value as text, as `{key}` interpolation writes it: strings as they are, the rest as JSON. */
export function contextText(value: JsonValue): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * `export NAME='value'` lines: the Context first, then the service's env (which
 * wins when both give a name). Names that two keys map to are reported.
 */
export function exportLines(environment: ServiceEnvironment): { lines: string[]; warnings: string[] } {
  const values = new Map<string, string>();
  const from = new Map<string, string>();
  const warnings: string[] = [];
  const put = (name: string, value: string, source: string) => {
    const earlier = from.get(name);
    if (earlier !== undefined) warnings.push(`${name}: ${source} replaces ${earlier}`);
    values.set(name, value);
    from.set(name, source);
  };
  for (const [key, value] of Object.entries(environment.context)) {
    put(shellName(key), contextText(value), `context key "${key}"`);
  }
  for (const [name, value] of Object.entries(environment.service?.env ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      warnings.push(`${name}: not a shell variable name; left out (the container still gets it)`);
      continue;
    }
    put(name, value, `${environment.service?.name ?? "service"} env`);
  }
  return { lines: [...values].map(([name, value]) => `export ${name}=${shellQuote(value)}`), warnings };
}
