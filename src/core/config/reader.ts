// Typed reads from the parsed YAML tree. Each read names the full key path in
// its error so a user sees exactly which line of config.yaml is wrong.
import { ConfigError, describe } from "./config-error.js";

export type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A view of one mapping in the config, with the dotted path that leads to it. */
export class ConfigReader {
  constructor(
    private readonly data: Mapping,
    readonly path: string,
  ) {}

  static root(value: unknown): ConfigReader {
    if (!isMapping(value)) throw new ConfigError("(top level)", "a mapping", describe(value));
    return new ConfigReader(value, "");
  }

  private key(name: string): string {
    return this.path ? `${this.path}.${name}` : name;
  }

  has(name: string): boolean {
    return this.data[name] !== undefined && this.data[name] !== null;
  }

  /** Rejects keys this section does not know. */
  allowOnly(known: readonly string[]): void {
    for (const name of Object.keys(this.data)) {
      if (!known.includes(name)) {
        throw new ConfigError(this.key(name), `one of the known keys (${known.join(", ")})`, "an unknown key");
      }
    }
  }

  section(name: string): ConfigReader | undefined {
    const value = this.data[name];
    if (value === undefined || value === null) return undefined;
    if (!isMapping(value)) throw new ConfigError(this.key(name), "a mapping", describe(value));
    return new ConfigReader(value, this.key(name));
  }

  string(name: string, fallback?: string): string {
    const value = this.data[name];
    if ((value === undefined || value === null) && fallback !== undefined) return fallback;
    if (typeof value !== "string" || value.trim() === "") {
      throw new ConfigError(this.key(name), "a non-empty string", value === undefined ? "nothing" : describe(value));
    }
    return value;
  }

  optionalString(name: string): string | null {
    const value = this.data[name];
    if (value === undefined || value === null) return null;
    return this.string(name);
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.data[name];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== "boolean") throw new ConfigError(this.key(name), "true or false", describe(value));
    return value;
  }

  /** A finite number within [min, max]; `null`/absent gives the fallback. */
  number<T extends number | null>(name: string, fallback: T, min: number, max: number): number | T {
    const value = this.data[name];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
      throw new ConfigError(this.key(name), `a number from ${min} to ${max}`, describe(value));
    }
    return value;
  }

  /** A command: a non-empty list of strings. */
  command(name: string): string[] {
    return checkCommand(this.data[name], this.key(name));
  }

  /** A list of commands. */
  commands(name: string): string[][] {
    const value = this.data[name];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value))
      throw new ConfigError(this.key(name), "a list of commands (lists of strings)", describe(value));
    return value.map((item, index) => checkCommand(item, `${this.key(name)}[${index}]`));
  }
}

export function checkCommand(value: unknown, key: string): string[] {
  const expected = 'a command as a non-empty list of strings, e.g. ["my-tool", "--flag"]';
  if (!Array.isArray(value) || value.length === 0) throw new ConfigError(key, expected, describe(value));
  value.forEach((item, index) => {
    if (typeof item !== "string") throw new ConfigError(`${key}[${index}]`, "a string", describe(item));
  });
  return value as string[];
}
