/**
 * Registry credentials as the docker CLI finds them, for pulls (the
 * `X-Registry-Auth` header: dockerode's `authconfig`) and for the base images
 * of builds (`X-Registry-Config`: dockerode's `registryconfig`). Looked up only
 * when an image is pulled or built, never on a start that needs neither.
 * Nothing here is ever logged: call-log.ts prints what was asked, not headers.
 */
import { credentialsFromHelper } from "./credential-helper.js";
import { readDockerConfig, type DockerConfig, type RegistryAuth } from "./docker-config.js";

export type { RegistryAuth } from "./docker-config.js";

/** Docker Hub's key in config.json and in X-Registry-Config, as the docker CLI writes it. */
export const dockerHub = "https://index.docker.io/v1/";
const hubHosts = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

/**
 * The registry an image reference is pulled from: its first path component
 * when that looks like a host (has a dot or a port, or is localhost), else
 * Docker Hub.
 */
export function registryOf(reference: string): string {
  const slash = reference.indexOf("/");
  if (slash < 0) return dockerHub;
  const first = reference.slice(0, slash);
  const isHost = first.includes(".") || first.includes(":") || first === "localhost";
  return !isHost || hubHosts.has(first) ? dockerHub : first;
}

/** The credentials for pulling `reference`, or undefined (an anonymous pull). */
export async function authForImage(reference: string, config?: DockerConfig): Promise<RegistryAuth | undefined> {
  return authForRegistry(registryOf(reference), config ?? (await readDockerConfig()));
}

/**
 * The credentials a build may need, by registry: every `auths` entry of
 * config.json, and for the registries of the Dockerfile's FROM images those
 * of credential helpers (the docker CLI asks a helper for all it holds; boss
 * asks only for what the Dockerfile names, so a keychain is not read for
 * nothing).
 */
export async function authsForBuild(baseImages: readonly string[]): Promise<Record<string, RegistryAuth>> {
  const config = await readDockerConfig();
  const found: Record<string, RegistryAuth> = {};
  for (const key of Object.keys(config.auths)) {
    const auth = fromAuthsEntry(config, key);
    if (auth) found[registryKey(key)] = { ...auth, serveraddress: registryKey(key) };
  }
  for (const registry of new Set(baseImages.map(registryOf))) {
    const auth = await authForRegistry(registry, config);
    if (auth) found[registry] = auth;
  }
  return found;
}

/** credHelpers for the host, else credsStore, else the `auths` entry: the docker CLI's order. */
async function authForRegistry(registry: string, config: DockerConfig): Promise<RegistryAuth | undefined> {
  const host = hostOf(registry);
  const helper =
    Object.entries(config.credHelpers).find(([key]) => hostOf(key) === host)?.[1] ?? config.credsStore ?? undefined;
  if (helper) {
    const auth = await credentialsFromHelper(helper, registry);
    if (auth) return auth;
  }
  const key = Object.keys(config.auths).find((k) => hostOf(k) === host);
  return key ? fromAuthsEntry(config, key) : undefined;
}

function fromAuthsEntry(config: DockerConfig, key: string): RegistryAuth | undefined {
  const entry = config.auths[key] ?? {};
  const serveraddress = registryKey(key);
  if (typeof entry.identitytoken === "string" && entry.identitytoken) {
    return { serveraddress, identitytoken: entry.identitytoken };
  }
  if (typeof entry.auth === "string" && entry.auth) {
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) throw new Error(`${config.file}: the auth of ${key} is not base64 of user:password`);
    return { serveraddress, username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (typeof entry.username === "string" && typeof entry.password === "string") {
    return { serveraddress, username: entry.username, password: entry.password };
  }
  return undefined;
}

/** How the engine names a registry: Docker Hub's URL, else the host[:port]. */
function registryKey(key: string): string {
  const host = hostOf(key);
  return hubHosts.has(host) ? dockerHub : host;
}

/** `https://registry.example.com/v1/` → `registry.example.com`, as the docker CLI normalises config keys. */
function hostOf(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//i, "").split("/")[0] ?? key;
  return hubHosts.has(host) ? "index.docker.io" : host;
}
