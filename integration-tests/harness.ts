/**
 * What every integration test needs: a real engine (a missing one fails under
 * CI=true and skips elsewhere, saying so), the real boss binary run in a temp
 * folder, and the engine asked directly what exists.
 */
import Docker from "dockerode";
import { existsSync } from "node:fs";
import { readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startProcess, type ProcessRun, type RunningProcess } from "../test/helpers/run-process.js";
import { makeTempDir } from "../test/helpers/temp-dir.js";

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

/** The one-file core `npm run build` makes (scripts/build-core.mjs). */
export const cccCoreBundle = join(repoRoot, "dist", "ccc-core.cjs");

export interface EngineNeeds {
  /** An image that must be there (default: busybox); "" for none. */
  image?: string;
  /** A file of the build that must be there (default: the boss binary). */
  built?: string;
}

/**
 * Resolves to a reason to skip, or undefined when the engine answers and has
 * the image. A missing build throws; under CI=true a missing engine throws too:
 * never a silent skip.
 */
export async function engineUnavailable({ image = busybox, built = bossBin }: EngineNeeds = {}): Promise<
  string | undefined
> {
  if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
  try {
    await docker.ping();
    if (image) await docker.getImage(image).inspect();
    return undefined;
  } catch (error) {
    const reason = `no Docker engine or no ${image} image (${(error as Error).message}); run scripts/ensure-docker.sh and scripts/build-base-images.sh`;
    if (process.env.CI === "true") throw new Error(reason);
    return reason;
  }
}

/** How a boss run ended and what it printed. */
export type BossRun = ProcessRun;

export interface RunOptions {
  /** Added to boss's environment (after plainOutputEnv); a variable given as undefined is removed. */
  env?: NodeJS.ProcessEnv;
  /** Send SIGINT once stdout contains this text. */
  interruptWhen?: string | RegExp;
  /** Written to boss's stdin (a pipe, not a terminal), which is then closed. */
  input?: string;
  timeoutMs?: number;
}

/** Runs the real boss binary in `cwd` with plain output. */
export function runBoss(cwd: string, args: string[], options: RunOptions = {}): Promise<BossRun> {
  return startBoss(cwd, args, options).finished;
}

/** Starts the real boss binary in `cwd` with plain output, for a test that acts while it runs (logs -f). */
export function startBoss(cwd: string, args: string[], options: RunOptions = {}): RunningProcess {
  const when = options.interruptWhen;
  let seen = "";
  let interrupted = false;
  return startProcess(process.execPath, [bossBin, ...args], {
    cwd,
    env: { ...process.env, ...plainOutputEnv, ...options.env },
    ...(options.input !== undefined ? { input: options.input } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    onStdout: (chunk, child) => {
      seen += chunk;
      if (when && !interrupted && (typeof when === "string" ? seen.includes(when) : when.test(seen))) {
        interrupted = true;
        child.kill("SIGINT");
      }
    },
  });
}

/** A temp project folder with the given files (paths relative to it). */
export function makeProject(files: Record<string, string>): Promise<string> {
  const dir = makeTempDir("boss-it-");
  for (const [path, content] of Object.entries(files)) dir.write(path, content);
  return Promise.resolve(dir.path);
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

export interface RemoveOptions {
  /** Images carrying this label (key=value) are the test's own builds (and their intermediate layers). */
  imageLabel?: string;
  /** Anonymous volumes the test saw on its containers: removed if still there. */
  volumes?: Iterable<string>;
  /** Keep the project folder (the next step reuses it); only .boss-context and hooks.log go. */
  keepDir?: boolean;
  /** Keep the images (the next step reuses them). */
  keepImages?: boolean;
}

/**
 * Removes what `group` made: its containers with their anonymous volumes, its
 * networks (by label, and by its exact name in case one lost its label), its
 * named volumes (by label), the images boss built for it (by label) and those
 * the test built (by the test's own label), its lock files, and `dir`. Nothing
 * else is touched. Always safe to call.
 */
export async function removeGroup(group: string, dir?: string, options: RemoveOptions = {}): Promise<void> {
  await removeLabelled(`boss.group=${group}`, { images: !options.keepImages });
  const networkName = `boss-${group}`;
  const named = (await docker.listNetworks({ filters: { name: [networkName] } })).filter((n) => n.Name === networkName);
  for (const n of named)
    await docker
      .getNetwork(n.Id)
      .remove()
      .catch(() => {});
  for (const name of options.volumes ?? [])
    await docker
      .getVolume(name)
      .remove()
      .catch(() => {});
  if (options.imageLabel && !options.keepImages) await removeLabelled(options.imageLabel);
  await removeLockFiles(group);
  if (dir && options.keepDir) {
    await rm(join(dir, ".boss-context"), { force: true });
    await rm(join(dir, "hooks.log"), { force: true });
  } else if (dir) await rm(dir, { recursive: true, force: true });
}

/**
 * Removes the containers (with their anonymous volumes), networks, volumes and
 * (unless `images` is false) images that carry `label` (key=value), and only those.
 */
export async function removeLabelled(label: string, { images = true } = {}): Promise<void> {
  const filters = { label: [label] };
  await Promise.all(
    (await docker.listContainers({ all: true, filters })).map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => {}),
    ),
  );
  for (const n of await docker.listNetworks({ filters }))
    await docker
      .getNetwork(n.Id)
      .remove()
      .catch(() => {});
  const { Volumes: volumes } = await docker.listVolumes({ filters });
  for (const v of volumes ?? [])
    await docker
      .getVolume(v.Name)
      .remove()
      .catch(() => {});
  if (!images) return;
  // Newest first: a child layer goes before its parent.
  for (const image of (await docker.listImages({ all: true, filters })).sort((a, b) => b.Created - a.Created))
    await docker
      .getImage(image.Id)
      .remove({ force: true })
      .catch(() => {});
}

/**
 * The group's lock files (one per engine): boss leaves them in BOSS_LOCK_DIR,
 * or boss-locks-<uid> in the temp folder, named `<group>-<hash>.lock`.
 */
async function removeLockFiles(group: string): Promise<void> {
  const dirs = [process.env.BOSS_LOCK_DIR, join(tmpdir(), `boss-locks-${process.getuid?.() ?? "user"}`)];
  for (const dir of dirs.filter((d): d is string => Boolean(d))) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.startsWith(`${group}-`) && n.endsWith(".lock")))
      await rm(join(dir, name), { force: true });
  }
}

/**
 * What `.boss-context` in `dir` holds: the Context's values and boss's own records (`boss.ready`: service →
 * container id); the network and the last start's timeline (times: no test can expect them) left out.
 */
export async function savedContext(
  dir: string,
): Promise<{ values: Record<string, unknown>; ready: Record<string, string> }> {
  const saved = JSON.parse(await readFile(join(dir, ".boss-context"), "utf8")) as Record<string, unknown>;
  const { "boss.ready": ready = {}, "boss.network": _network, "boss.timeline": _timeline, ...values } = saved;
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
