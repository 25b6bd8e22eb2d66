import { spawn, type ChildProcess } from "node:child_process";

/** How a process ended, and everything it printed. */
export interface ProcessRun {
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout + stderr, for assertions that do not care which. */
  output: string;
}

export interface ProcessOptions {
  cwd?: string;
  /** The whole environment (default: this process's). A variable given as undefined is left out. */
  env?: NodeJS.ProcessEnv;
  /**
   * Written to stdin, which is then closed. Without it stdin is /dev/null, unless
   * `interactive`: then it stays open for the test to write to (`child.stdin`).
   */
  input?: string;
  interactive?: boolean;
  /** Killed with SIGKILL after this long (default 120 s), so a hung process cannot hang the suite. */
  timeoutMs?: number;
  /** Called with each chunk of stdout as it comes (after it was added to `stdout()`). */
  onStdout?: (chunk: string, child: ChildProcess) => void;
}

/** A process still running: what it printed so far, a way to wait for some of it, and its end. */
export interface RunningProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout contains `text`; rejects after `timeoutMs` saying what it printed instead. */
  printed(text: string, timeoutMs?: number): Promise<void>;
  finished: Promise<ProcessRun>;
}

/** Starts `command ARGS` with stdout and stderr collected. */
export function startProcess(command: string, args: readonly string[], options: ProcessOptions = {}): RunningProcess {
  const env = Object.fromEntries<string | undefined>(
    Object.entries(options.env ?? process.env).filter(([, value]) => value !== undefined),
  );
  const stdinKept = options.input !== undefined || options.interactive === true;
  const child = spawn(command, args, {
    cwd: options.cwd,
    env,
    stdio: [stdinKept ? "pipe" : "ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
  child.stdout?.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    stdout += text;
    options.onStdout?.(text, child);
  });
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  if (options.input !== undefined) child.stdin?.end(options.input);
  const finished = new Promise<ProcessRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ pid: child.pid ?? 0, code, signal, stdout, stderr, output: stdout + stderr });
    });
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    printed: (text, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!stdout.includes(text)) return;
          clearTimeout(giveUp);
          child.stdout?.off("data", check);
          resolve();
        };
        const giveUp = setTimeout(() => {
          child.stdout?.off("data", check);
          reject(new Error(`no "${text}" in:\n${stdout}`));
        }, timeoutMs);
        child.stdout?.on("data", check);
        check();
      }),
    finished,
  };
}

/** Runs `command ARGS` to its end; resolves with its exit code and output (a failing exit code is no error). */
export function runProcess(
  command: string,
  args: readonly string[],
  options: ProcessOptions = {},
): Promise<ProcessRun> {
  return startProcess(command, args, options).finished;
}
