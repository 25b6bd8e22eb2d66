// The shipped core (dist/ccc-core.cjs) as a host process in the `boss ccc init`
// layout, with a `sleep {seconds}` workload (run as nobody when the tests run
// as root), for the tests that need a real process: signals, fuzzing.
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { initCccProject } from "../../src/ccc-scaffold/init-ccc-project.js";
import { makeTempDir } from "../../test/helpers/temp-dir.js";

export const IS_ROOT = process.getuid?.() === 0;

export interface HostCore {
  child: ChildProcess;
  pid: number;
  port: number;
  url: string;
  dir: string;
  /** The last 256 KiB of what the core printed. */
  output(): string;
  /** Resolves with the exit code (or signal) when the core ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Kills the core and the workload's group if they are still there; removes the folder. */
  cleanup(): Promise<void>;
}

const OUTPUT_TAIL_CHARS = 256 * 1024;

export interface HostCoreOptions {
  token?: string;
  stopTimeoutSeconds?: number;
  /** The workload's argv; default `sleep {seconds}`. */
  command?: string[];
  /** Replaces the scaffold's my_adapter.cjs (which must still export MyAdapter). */
  adapterSource?: string;
}

/** A `boss ccc init` folder with a config.yaml for `command` (primary payload key: seconds). */
export async function layOutProject(options: HostCoreOptions = {}): Promise<string> {
  const dir = makeTempDir("ccc-host-").path;
  chmodSync(dir, 0o755); // the workload runs as nobody in this folder
  await initCccProject(dir);
  if (options.adapterSource) writeFileSync(join(dir, "my_adapter.cjs"), options.adapterSource);
  writeFileSync(
    join(dir, "config.yaml"),
    [
      "adapter:",
      "  class: my_adapter.MyAdapter",
      "  primary_payload_key: seconds",
      `  run_as_user: ${IS_ROOT ? "nobody" : "null"}`,
      "process_management:",
      `  command: ${JSON.stringify(options.command ?? ["sleep", "{seconds}"])}`,
      `  stop_timeout_seconds: ${options.stopTimeoutSeconds ?? 5}`,
      "",
    ].join("\n"),
  );
  return dir;
}

export async function startHostCore(options: HostCoreOptions = {}): Promise<HostCore> {
  const dir = await layOutProject(options);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: "/tmp", CCC_PORT: "0", CCC_HOST: "127.0.0.1" };
  if (options.token) env.CCC_TOKEN = options.token;
  const child = spawn(process.execPath, ["ccc-core.cjs"], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  // Always read the core's output: a pipe nobody reads would block the core's (synchronous) log writes.
  const keep = (chunk: string): void => {
    out = (out + chunk).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout.setEncoding("utf8").on("data", keep);
  child.stderr.setEncoding("utf8").on("data", keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const deadline = Date.now() + 15_000;
  let port = 0;
  while (!port) {
    port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(out)?.[1] ?? 0);
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`the core did not start: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    child,
    pid: child.pid ?? 0,
    port,
    url: `http://127.0.0.1:${port}`,
    dir,
    output: () => out,
    exited,
    cleanup: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGKILL");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Live (not zombie) processes in a process group, from /proc. */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSafe("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(pgrp) === pgid && state !== "Z") members.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return members;
}

/** SIGKILL to whatever is left of a process group. */
export function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    // already gone
  }
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** A field of /proc/<pid>/status in bytes (VmRSS, VmHWM), or 0 when the process is gone. */
export function procStatusBytes(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** The uid a process runs as (real uid), from /proc. */
export function uidOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? -1);
}
