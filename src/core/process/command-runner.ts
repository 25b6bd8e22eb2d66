// Runs a fixed argv (privileged commands, tc) as root, without a shell, and
// captures its output so a failure can be reported with what the command said.
import { spawn } from "node:child_process";
import type { Logger } from "../logger.js";

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export class CommandError extends Error {
  override readonly name = "CommandError";
  constructor(
    message: string,
    readonly argv: readonly string[],
    readonly result: CommandResult | null,
    /** The spawn error code (ENOENT when the program is not installed). */
    readonly spawnCode?: string,
  ) {
    super(message);
  }
}

/** Output kept per stream of a command: enough for any error message, bounded whatever it prints. */
const MAX_OUTPUT_CHARS = 64 * 1024;

function quote(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(" ");
}

/** Runs argv; resolves with its output on exit 0, rejects with a CommandError otherwise. */
export function runCommand(
  argv: readonly string[],
  options: { logger?: Logger; tag?: string; timeoutMs?: number } = {},
): Promise<CommandResult> {
  const [program, ...args] = argv;
  const { logger, tag = "cmd", timeoutMs = 60_000 } = options;
  return new Promise((resolvePromise, reject) => {
    if (!program) {
      reject(new CommandError("empty command", argv, null));
      return;
    }
    logger?.debug(`${tag}: running ${quote(argv)}`);
    const child = spawn(program, args, {
      stdio: ["ignore", "pipe", "pipe"],
      timeout: timeoutMs,
      killSignal: "SIGKILL",
    });
    let stdout = "";
    let stderr = "";
    const keep = (kept: string, chunk: string): string =>
      kept.length >= MAX_OUTPUT_CHARS ? kept : (kept + chunk).slice(0, MAX_OUTPUT_CHARS);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout = keep(stdout, chunk)));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr = keep(stderr, chunk)));
    child.on("error", (error: NodeJS.ErrnoException) => {
      const why = error.code === "ENOENT" ? `${program} is not installed (not found on PATH)` : error.message;
      reject(new CommandError(`${quote(argv)}: ${why}`, argv, null, error.code));
    });
    child.on("close", (code, signal) => {
      const result = { code, signal, stdout, stderr };
      for (const line of `${stdout}${stderr}`.split("\n").filter(Boolean)) logger?.tagged(tag, line);
      if (code === 0) {
        resolvePromise(result);
        return;
      }
      const status = signal
        ? `was killed by ${signal}${signal === "SIGKILL" ? ` (timeout ${timeoutMs} ms?)` : ""}`
        : `exited ${code}`;
      const said = stderr.trim() || stdout.trim();
      reject(new CommandError(`${quote(argv)} ${status}${said ? `: ${said}` : ""}`, argv, result));
    });
  });
}
