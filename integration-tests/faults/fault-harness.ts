/**
 * What the fault-injection tests share: boss runs whose `--json` events are
 * read as they arrive (and a signal sent right after a chosen one), the
 * convergence check of issue 10 asked of the engine and of `.boss-context`.
 * The clean-up is the harness's removeGroup.
 */
import type Docker from "dockerode";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { runProcess } from "../../test/helpers/run-process.js";
import { bossBin, containersOf, docker, networksOf, plainOutputEnv, runBoss, type BossRun } from "../harness.js";

/** One line of `boss … --json`: a phase, a notice, the result or an error. */
export interface BossEvent {
  type: string;
  service?: string;
  phase?: string;
  detail?: string;
  message?: string;
  [key: string]: unknown;
}

export interface WatchedRun extends BossRun {
  /** Every JSON line boss printed, in order. */
  events: BossEvent[];
  /** The index in `events` of the event the signal followed; undefined when none was sent. */
  signalledAfter?: number;
}

export interface WatchOptions {
  /** Added to boss's environment; a variable given as undefined is removed from it. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Send `signal` right after the first event for which this is true. */
  signalWhen?: (event: BossEvent, index: number) => boolean;
  signal?: NodeJS.Signals;
  /** Called with every event as it arrives, and the pid of the boss that printed it. */
  onEvent?: (event: BossEvent, pid: number) => void;
}

/** Runs the real boss binary with the given args (add --json yourself), reading its events as they come. */
export async function runBossWatched(cwd: string, args: string[], options: WatchOptions = {}): Promise<WatchedRun> {
  const events: BossEvent[] = [];
  let pending = "";
  let signalledAfter: number | undefined;
  const run = await runProcess(process.execPath, [bossBin, ...args], {
    cwd,
    // A variable given as undefined is left out (DOCKER_HOST: undefined runs boss without it).
    env: { ...process.env, ...plainOutputEnv, ...options.env },
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    onStdout: (chunk, child) => {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        const event = parseEvent(line);
        if (!event) continue;
        events.push(event);
        options.onEvent?.(event, child.pid ?? 0);
        if (signalledAfter === undefined && options.signalWhen?.(event, events.length - 1)) {
          signalledAfter = events.length - 1;
          child.kill(options.signal ?? "SIGKILL");
        }
      }
    },
  });
  const last = parseEvent(pending);
  if (last) events.push(last);
  return { ...run, events, ...(signalledAfter === undefined ? {} : { signalledAfter }) };
}

function parseEvent(line: string): BossEvent | undefined {
  if (!line.trim().startsWith("{")) return undefined;
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === "object" && value !== null && "type" in value ? (value as BossEvent) : undefined;
  } catch {
    return undefined;
  }
}

/** The phase events of a run as "service:phase" strings, in order. */
export function phasesOf(events: BossEvent[]): string[] {
  return events.filter((e) => e.type === "phase").map((e) => `${e.service}:${e.phase}`);
}

/** A line of output that looks like a JavaScript stack frame. */
export const stackLine = /^\s+at .+/m;

export interface Expectation {
  group: string;
  dir: string;
  services: readonly string[];
  /** Context keys a services file's hooks set, which must be there after convergence. */
  contextKeys?: readonly string[];
  /**
   * Read hooks.log (lines `postStart <service> <container id>`) and require
   * exactly one postStart per final container.
   */
  postStartOncePerContainer?: boolean;
  /**
   * "service container-id" pairs whose postStart may have run twice: boss was
   * killed after the hook finished but before its record was saved, a window
   * no recording can close (see atLeastOnceWindow).
   */
  postStartRerunAllowed?: ReadonlySet<string>;
}

/** What a converged group looks like after it, as a list of what is wrong (empty: converged). */
export async function convergenceProblems(expect: Expectation): Promise<string[]> {
  const { group, dir, services } = expect;
  const problems: string[] = [];
  const containers = await containersOf(group);
  const ids = new Map<string, string>();
  for (const service of services) {
    const mine = containers.filter((c) => c.Labels["boss.service"] === service);
    if (mine.length !== 1) problems.push(`${service}: ${mine.length} containers (${describeContainers(mine)})`);
    const running = mine.filter((c) => c.State === "running");
    if (running.length !== 1) problems.push(`${service}: ${running.length} running (${describeContainers(mine)})`);
    if (running[0]) ids.set(service, running[0].Id);
  }
  const strangers = containers.filter((c) => !services.includes(c.Labels["boss.service"] ?? ""));
  if (strangers.length) problems.push(`containers of no service in the file: ${describeContainers(strangers)}`);

  const networkName = `boss-${group}`;
  const labelled = await networksOf(group);
  const named = (await docker.listNetworks({ filters: { name: [networkName] } })).filter((n) => n.Name === networkName);
  if (labelled.length !== 1) problems.push(`${labelled.length} networks labelled boss.group=${group}`);
  if (named.length !== 1) problems.push(`${named.length} networks named ${networkName}`);
  const network = labelled[0];
  if (network && network.Name !== networkName) problems.push(`the group's network is named ${network.Name}`);
  for (const [service, id] of ids) {
    const info = await docker
      .getContainer(id)
      .inspect()
      .catch(() => undefined);
    const attached = info?.NetworkSettings.Networks[networkName];
    if (!attached) problems.push(`${service}: not on ${networkName}`);
    else if (network && attached.NetworkID !== network.Id) problems.push(`${service}: on another ${networkName}`);
  }

  const context = await readContext(dir);
  if (!context) problems.push(".boss-context is missing or not JSON");
  else {
    const ready = context["boss.ready"] as Record<string, unknown> | undefined;
    for (const [service, id] of ids) {
      if (ready?.[service] !== id)
        problems.push(`boss.ready.${service} is ${JSON.stringify(ready?.[service])}, the running container is ${id}`);
    }
    // boss records the network only when it is not the default one (main, b6db099): absent means boss-<group>.
    const recorded = context["boss.network"];
    if (recorded !== undefined && recorded !== networkName)
      problems.push(`boss.network is ${JSON.stringify(recorded)}, the group runs on ${networkName}`);
    for (const key of expect.contextKeys ?? []) {
      if (context[key] === undefined) problems.push(`context key ${key} is missing`);
    }
  }

  if (expect.postStartOncePerContainer) {
    const log = await hookLog(dir);
    for (const [service, id] of ids) {
      const runs = log.filter((line) => line === `postStart ${service} ${id}`).length;
      const allowed = expect.postStartRerunAllowed?.has(`${service} ${id}`) ? 2 : 1;
      if (runs < 1 || runs > allowed)
        problems.push(`${service}: postStart ran ${runs} times for its container ${id.slice(0, 12)}`);
    }
  }
  return problems;
}

function describeContainers(containers: Docker.ContainerInfo[]): string {
  return containers.map((c) => `${c.Id.slice(0, 12)} ${c.State}`).join(", ") || "none";
}

/**
 * The postStarts a killed boss had finished (hooks.log has them) but not yet
 * recorded (boss.ready does not name that container): the next start runs
 * them again, and no implementation can avoid it — the hook's effect and
 * boss's record are two writes. Read right after the killed boss is gone;
 * `fromLine`: the length of hooks.log before that boss ran.
 */
export async function atLeastOnceWindow(dir: string, fromLine = 0): Promise<Set<string>> {
  const ready = ((await readContext(dir))?.["boss.ready"] ?? {}) as Record<string, unknown>;
  const finished = (await hookLog(dir)).slice(fromLine).filter((line) => line.startsWith("postStart "));
  return new Set(
    finished
      .map((line) => line.slice("postStart ".length))
      .filter((pair) => {
        const [service = "", id = ""] = pair.split(" ");
        return ready[service] !== id;
      }),
  );
}

/** `.boss-context` as an object; undefined when missing or unreadable. */
export async function readContext(dir: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, ".boss-context"), "utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The lines of hooks.log (written by the harness's `record(event)`). */
export async function hookLog(dir: string): Promise<string[]> {
  const text = await readFile(join(dir, "hooks.log"), "utf8").catch(() => "");
  return text.split("\n").filter(Boolean);
}

/** `boss status --json`: what is not running and ready, as problems (empty: all ready). */
export async function statusProblems(dir: string, services: readonly string[]): Promise<string[]> {
  const status = await runBoss(dir, ["status", "--json"], { timeoutMs: 60_000 });
  if (status.code !== 0) return [`boss status --json exited ${status.code}: ${status.output.trim()}`];
  let report: { services?: Array<{ name: string; state: string; ready: boolean | null }> };
  try {
    report = JSON.parse(status.stdout) as typeof report;
  } catch {
    return [`boss status --json printed no JSON: ${status.stdout}`];
  }
  return services.flatMap((name) => {
    const row = report.services?.find((s) => s.name === name);
    if (!row) return [`status: ${name} is not listed`];
    return row.state === "running" && row.ready === true ? [] : [`status: ${name} is ${row.state}, ready ${row.ready}`];
  });
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
