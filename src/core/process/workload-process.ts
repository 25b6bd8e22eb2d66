// One run of the workload: spawned with an argv (never a shell) in a process
// group of its own, its output tagged line by line (lines cut at a bounded
// length) into the core's stdout, its exit always observed. A stop signals the
// whole group: what the workload started goes with it.
import { spawn, type ChildProcess } from "node:child_process";
import { constants } from "node:os";
import type { Logger } from "../logger.js";
import { nowMicros } from "../timestamp.js";
import { LineSplitter } from "./line-splitter.js";
import { groupAlive, signalGroup } from "./process-group.js";

/** How often a stop looks whether the group is gone. */
const GROUP_POLL_MS = 25;
/** After SIGKILL the kernel ends the group at once; this only bounds the wait for it to be reported. */
const AFTER_KILL_WAIT_MS = 2000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface ExitInfo {
  /** The exit code, or 128 + signal number when a signal ended it (as a shell reports it). */
  exitCode: number;
  signal: NodeJS.Signals | null;
  /** Epoch microseconds. */
  at: number;
}

/** How a process ended, as a shell would report its status. */
export function exitInfo(code: number | null, signal: NodeJS.Signals | null): ExitInfo {
  const signalNumber = signal ? (constants.signals[signal] ?? 0) : 0;
  return { exitCode: code ?? 128 + signalNumber, signal, at: nowMicros() };
}

export class WorkloadProcess {
  /** Resolves when the process has exited, whatever the cause. */
  readonly exited: Promise<ExitInfo>;
  private exitInfo: ExitInfo | null = null;

  private constructor(
    private readonly child: ChildProcess,
    readonly pid: number,
  ) {
    this.exited = new Promise((resolveExit) => {
      child.once("exit", (code, signal) => {
        this.exitInfo = exitInfo(code, signal);
        resolveExit(this.exitInfo);
      });
    });
  }

  /** Spawns argv; resolves once the OS started it, rejects when it could not (e.g. not found). */
  static spawn(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string, logger: Logger): Promise<WorkloadProcess> {
    const [program, ...args] = argv;
    if (!program) return Promise.reject(new Error("the workload command is empty"));
    // detached: its own process group (pgid = its pid), so every stop signal reaches its children too.
    const child = spawn(program, args, { env, cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    for (const [stream, tag] of [
      [child.stdout, "workload"],
      [child.stderr, "workload:err"],
    ] as const) {
      stream?.pipe(new LineSplitter((line) => logger.tagged(tag, line)));
    }
    return new Promise((resolveSpawn, reject) => {
      child.once("error", (error) => reject(new Error(`cannot start the workload ${program}: ${error.message}`)));
      child.once("spawn", () => resolveSpawn(new WorkloadProcess(child, child.pid ?? 0)));
    });
  }

  get running(): boolean {
    return this.exitInfo === null;
  }

  get exit(): ExitInfo | null {
    return this.exitInfo;
  }

  /**
   * SIGTERM to the workload's process group; SIGKILL to the group when the
   * workload or anything it started is still there after the timeout. Also
   * clears up after a workload that already exited but left children behind.
   * Resolves with how the workload ended.
   */
  async stop(timeoutMs: number): Promise<ExitInfo & { killed: boolean }> {
    const deadline = Date.now() + timeoutMs;
    if (this.exitInfo && !groupAlive(this.pid)) return { ...this.exitInfo, killed: false };
    signalGroup(this.pid, "SIGTERM");
    if (await this.groupGoneBy(deadline)) return { ...(await this.exited), killed: false };
    this.kill();
    await this.groupGoneBy(Date.now() + AFTER_KILL_WAIT_MS);
    return { ...(await this.exited), killed: true };
  }

  /** SIGKILL to the whole group, at once (a shutdown out of time). */
  kill(): void {
    signalGroup(this.pid, "SIGKILL");
  }

  /** Waits until the workload exited and no process of its group is left; false when the deadline came first. */
  private async groupGoneBy(deadline: number): Promise<boolean> {
    for (;;) {
      if (this.exitInfo && !groupAlive(this.pid)) return true;
      if (Date.now() >= deadline) return false;
      await sleep(Math.min(GROUP_POLL_MS, Math.max(1, deadline - Date.now())));
    }
  }
}
