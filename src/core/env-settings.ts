// The core's environment variables, checked at start-up like config.yaml: a
// value that is set but unusable stops the core with one line naming it,
// rather than quietly meaning something else (an empty CCC_TOKEN meaning "no
// authentication", an empty CCC_PORT meaning "any free port").
import { ConfigError, describe } from "./config/config-error.js";

export interface EnvSettings {
  /** null: CCC_TOKEN unset, no authentication. */
  token: string | null;
  port: number;
  host: string;
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = "0.0.0.0";

function fail(key: string, expected: string, found: string): never {
  throw new ConfigError(key, expected, found, "environment");
}

/**
 * CCC_TOKEN, when set, must be a usable bearer token: not empty, and without
 * spaces or control characters. A token with a stray space or newline (from a
 * file or a copy) could never match what a client sends, and trimming it
 * silently would make the secret something other than what was set.
 */
function readToken(value: string | undefined): string | null {
  if (value === undefined) return null;
  // eslint-disable-next-line no-control-regex
  if (value === "" || /[\s\u0000-\u001f\u007f]/.test(value)) {
    // The value itself is a secret: say what is wrong with it, not what it is.
    const found = value === "" ? "an empty value" : "a value with spaces or control characters";
    fail("CCC_TOKEN", "a non-empty token without spaces or control characters (unset it for no authentication)", found);
  }
  return value;
}

function readPort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) fail("CCC_PORT", "a port number 1-65535 (0: any free port)", describe(value));
  return port;
}

function readHost(value: string | undefined): string {
  if (value === undefined) return DEFAULT_HOST;
  if (value.trim() === "" || value !== value.trim())
    fail("CCC_HOST", "an address to listen on, e.g. 0.0.0.0", describe(value));
  return value;
}

export function readEnvSettings(env: NodeJS.ProcessEnv): EnvSettings {
  return { token: readToken(env.CCC_TOKEN), port: readPort(env.CCC_PORT), host: readHost(env.CCC_HOST) };
}
