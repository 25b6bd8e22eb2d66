// One run of the workload: spawned with an argv (never a shell), its output
// tagged line by line into the core's stdout, its exit always observed.
import { spawn, type ChildProcess } from "node:child_process";
import { constants } from "node:os";
import { createInterface } from "node:readline";
import type { Logger } from "../logger.js";
import { nowMicros } from "../timestamp.js";

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
  readonly startedAt = nowMicros();
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
    // detached: its own process group, so a final SIGKILL reaches its children too.
    const child = spawn(program, args, { env, cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    for (const [stream, tag] of [
      [child.stdout, "workload"],
      [child.stderr, "workload:err"],
    ] as const) {
      if (stream)
        createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => logger.tagged(tag, line));
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
   * SIGTERM to the workload, then SIGKILL to its whole process group when it has
   * not exited within the timeout. Resolves with how it ended.
   */
  async stop(timeoutMs: number): Promise<ExitInfo & { killed: boolean }> {
    if (this.exitInfo) return { ...this.exitInfo, killed: false };
    this.signal("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), timeoutMs)));
    const first = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (first !== "timeout") return { ...first, killed: false };
    this.signal("SIGKILL", true);
    return { ...(await this.exited), killed: true };
  }

  /** Sends a signal to the workload (or its whole group); ignores a process already gone. */
  signal(signal: NodeJS.Signals, group = false): void {
    try {
      process.kill(group ? -this.pid : this.pid, signal);
    } catch {
      // already exited
    }
  }
}
