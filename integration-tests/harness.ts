/**
 * What every integration test needs: a real engine (a missing one fails under
 * CI=true and skips elsewhere, saying so), the real boss binary run in a temp
 * folder, and the engine asked directly what exists.
 */
import Docker from "dockerode";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const bossBin = join(repoRoot, "dist", "cli", "bin.js");
export const docker = new Docker();
/** The tiny local image the fixtures run (scripts/build-base-images.sh). */
export const busybox = process.env.BOSS_TEST_BUSYBOX_IMAGE ?? "boss-busybox:latest";

/**
 * Added to the environment of the boss a test runs, for plain output. FORCE_COLOR is dropped: it wins over
 * NO_COLOR (as in chalk and Node), and `node --test` sets it for its test files when it runs on a terminal.
 */
export const plainOutputEnv: NodeJS.ProcessEnv = { NO_COLOR: "1", FORCE_COLOR: undefined };

/**
 * Resolves to a reason to skip, or undefined when the engine and the built
 * binary are there. Under CI=true a missing engine throws: never a silent skip.
 */
export async function engineUnavailable(): Promise<string | undefined> {
  if (!existsSync(bossBin)) throw new Error(`${bossBin} is missing: run npm run build first`);
  try {
    await docker.ping();
    await docker.getImage(busybox).inspect();
    return undefined;
  } catch (error) {
    const reason = `no Docker engine or no ${busybox} image (${(error as Error).message}); run scripts/ensure-docker.sh and scripts/build-base-images.sh`;
    if (process.env.CI === "true") throw new Error(reason);
    return reason;
  }
}

export interface BossRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout + stderr, for assertions that do not care which. */
  output: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Send SIGINT once stdout contains this text. */
  interruptWhen?: string | RegExp;
  timeoutMs?: number;
}

/** Runs the real boss binary in `cwd` with plain output. */
export function runBoss(cwd: string, args: string[], options: RunOptions = {}): Promise<BossRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bossBin, ...args], {
      cwd,
      env: { ...process.env, ...plainOutputEnv, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let interrupted = false;
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const when = options.interruptWhen;
      if (when && !interrupted && (typeof when === "string" ? stdout.includes(when) : when.test(stdout))) {
        interrupted = true;
        child.kill("SIGINT");
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr, output: stdout + stderr });
    });
  });
}

/** A temp project folder with the given files (paths relative to it). */
export async function makeProject(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "boss-it-"));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

/** A group name no other test (or run) uses. */
export function uniqueGroup(prefix: string): string {
  return `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 7)}`;
}

export async function containersOf(group: string, service?: string): Promise<Docker.ContainerInfo[]> {
  const label = [`boss.group=${group}`];
  if (service) label.push(`boss.service=${service}`);
  return docker.listContainers({ all: true, filters: { label } });
}

export async function networksOf(group: string): Promise<Docker.NetworkInspectInfo[]> {
  return docker.listNetworks({ filters: { label: [`boss.group=${group}`] } });
}

/**
 * Removes everything a test's group made: its containers (with their anonymous
 * volumes), networks, named volumes and the images boss built for it — all
 * found by the group's label, so nothing another test or the machine uses is
 * touched — and its folder. Always safe to call.
 */
export async function cleanUp(group: string, dir?: string): Promise<void> {
  for (const c of await containersOf(group))
    await docker
      .getContainer(c.Id)
      .remove({ force: true, v: true })
      .catch(() => {});
  for (const n of await networksOf(group))
    await docker
      .getNetwork(n.Id)
      .remove()
      .catch(() => {});
  const { Volumes: volumes } = await docker.listVolumes({ filters: { label: [`boss.group=${group}`] } });
  for (const v of volumes ?? [])
    await docker
      .getVolume(v.Name)
      .remove()
      .catch(() => {});
  await removeGroupImages(group);
  await removeLockFiles(group);
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** The group's lock files, which boss keeps (removing a lock file others may hold open is a race it avoids). */
async function removeLockFiles(group: string): Promise<void> {
  const dir = process.env.BOSS_LOCK_DIR ?? join(tmpdir(), `boss-locks-${process.getuid?.() ?? "user"}`);
  const names = await readdir(dir).catch(() => []);
  await Promise.all(names.filter((n) => n.startsWith(`${group}-`)).map((n) => rm(join(dir, n), { force: true })));
}

/** Removes the images boss built for `group` (its builds carry the group's label), tagged or left untagged by a rebuild. */
export async function removeGroupImages(group: string): Promise<void> {
  const images = await docker.listImages({ all: true, filters: { label: [`boss.group=${group}`] } });
  for (const image of images)
    await docker
      .getImage(image.Id)
      .remove({ force: true })
      .catch(() => {});
}

/** What `.boss-context` in `dir` holds: the Context's values and boss's own records (`boss.ready`: service → container id). */
export async function savedContext(
  dir: string,
): Promise<{ values: Record<string, unknown>; ready: Record<string, string> }> {
  const saved = JSON.parse(await readFile(join(dir, ".boss-context"), "utf8")) as Record<string, unknown>;
  const { "boss.ready": ready = {}, "boss.network": _network, ...values } = saved;
  return { values, ready: ready as Record<string, string> };
}

/** The container's environment as a record. */
export async function envOf(containerId: string): Promise<Record<string, string>> {
  const info = await docker.getContainer(containerId).inspect();
  return Object.fromEntries(
    (info.Config.Env ?? []).map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]),
  );
}

/**
 * The start of a services file using the local busybox image: `httpd(text)`
 * is a cmd serving `text` on port 80 that stops on SIGTERM, and
 * `record(event)` appends a line to hooks.log in the project folder so tests
 * can count hook calls.
 */
export function servicesFilePreamble(group: string): string {
  return `import { Service, Context, group, onStartServices, onStopServices, onReloadService } from "boss";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
group(${JSON.stringify(group)});
const busybox = ${JSON.stringify(busybox)};
const record = (event: string) => appendFileSync(join(process.cwd(), "hooks.log"), event + "\\n");
const httpd = (text: string) => ["sh", "-c", \`mkdir -p /www && echo "\${text}" > /www/index.html && httpd -p 80 -h /www && trap "exit 0" TERM INT && while true; do sleep 0.1; done\`];
void Context; void onStartServices; void onStopServices; void onReloadService; void record; void httpd; void busybox;
`;
}
