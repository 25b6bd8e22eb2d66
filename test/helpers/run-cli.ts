import { PassThrough } from "node:stream";
import type { BossContext, EngineFactory } from "../../src/cli/base-command.js";
import { runCli } from "../../src/cli/cli.js";
import { CapturedStream } from "./captured-stream.js";
import { TerminalInput } from "./terminal-input.js";

/** What a command run in-process printed, and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** On a terminal: each switch of stdin's raw mode (see TerminalInput). */
  rawModes: boolean[];
}

export interface CliRunOptions {
  /** The folder boss runs in (where it looks for boss.ts). */
  cwd?: string;
  /** The engine the commands drive; a test passes `() => fakeClient`. */
  engine?: EngineFactory;
  /** The swarm manager `deploy` drives; a test passes `() => fakeSwarm`. */
  swarm?: BossContext["swarm"];
  /**
   * The command's whole environment. Default: none, so the test runner's own
   * (FORCE_COLOR when it runs on a terminal, NO_COLOR) does not change the output.
   */
  env?: NodeJS.ProcessEnv;
  /** stdin, stdout and stderr claim to be a terminal (isTTY, a size, raw mode), as a TTY's streams do. */
  terminal?: boolean;
}

/**
 * Runs `boss ARGV` in this process, as clipanion's own tests run commands:
 * the CLI with a context whose streams are captured. Nothing is spawned.
 */
export async function bossInProcess(argv: string[], options: CliRunOptions = {}): Promise<CliRun> {
  const terminal = options.terminal === true;
  const stdin = terminal ? new TerminalInput() : new PassThrough();
  const stdout = new CapturedStream({ terminal });
  const stderr = new CapturedStream({ terminal });
  const code = await runCli(argv, {
    stdin: stdin.end(),
    stdout,
    stderr,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    ...(options.engine ? { engine: options.engine } : {}),
    ...(options.swarm ? { swarm: options.swarm } : {}),
  });
  const rawModes = stdin instanceof TerminalInput ? stdin.rawModes : [];
  return { code, stdout: stdout.text, stderr: stderr.text, rawModes };
}
