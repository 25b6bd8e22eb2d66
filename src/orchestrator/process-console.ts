import type { AttachedProcess, ProcessIo } from "../engine/attached-process.js";

/**
 * What `run` and `exec` attach a process to: the CLI's terminal or pipes.
 * The orchestrator starts the process with `io`, then hands it to `attach`
 * (which forwards window-size changes and signals, and sets raw mode) and
 * calls the returned function when the process has ended.
 */
export interface ProcessConsole {
  io: ProcessIo;
  attach(attached: AttachedProcess): () => void;
}

/** Runs an attached process to its end; returns its exit code. */
export async function runToExit(attached: AttachedProcess, console: ProcessConsole): Promise<number> {
  const release = console.attach(attached);
  try {
    return await attached.wait();
  } finally {
    attached.detach();
    release();
  }
}
