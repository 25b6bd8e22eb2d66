/**
 * The Docker CLI's client configuration (`~/.docker/config.json`, or
 * `$DOCKER_CONFIG/config.json`): where `docker login` leaves registry
 * credentials. Only the parts about credentials are read.
 */
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { UserError } from "../errors.js";

/** What the engine takes for one registry (its AuthConfig). */
export interface RegistryAuth {
  serveraddress: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

export interface DockerConfig {
  /** Where it was read from (for messages). */
  file: string;
  /** Registry (as written: `https://index.docker.io/v1/`, `ghcr.io`…) → what `docker login` stored for it. */
  auths: Record<string, { auth?: string; identitytoken?: string; username?: string; password?: string }>;
  /** The credential helper for every registry (`desktop` → `docker-credential-desktop`). */
  credsStore?: string;
  /** Registry host → its own credential helper, before credsStore. */
  credHelpers: Record<string, string>;
}

export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG || join(homedir(), ".docker"), "config.json");
}

/** The configuration; none (no file) is an empty one, a file that is not JSON a UserError naming it. */
export async function readDockerConfig(file = dockerConfigPath()): Promise<DockerConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return { file, auths: {}, credHelpers: {} };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file}: not valid JSON (${(error as Error).message}); Docker's credentials cannot be read`);
  }
  const config = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  return {
    file,
    auths: objectOf(config.auths) as DockerConfig["auths"],
    ...(typeof config.credsStore === "string" && config.credsStore ? { credsStore: config.credsStore } : {}),
    credHelpers: Object.fromEntries(
      Object.entries(objectOf(config.credHelpers)).filter(
        (entry): entry is [string, string] => typeof entry[1] === "string",
      ),
    ),
  };
}

function objectOf(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
