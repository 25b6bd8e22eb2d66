/**
 * A process boss runs with the user's terminal (or pipes) attached: a one-off
 * container (`boss run`) or a command in a running one (`boss exec`).
 */
import type { MountSpec } from "./mounts.js";
import type { ProcessSpec } from "./process-config.js";

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** Where the process's input comes from and its output goes. */
export interface ProcessIo {
  /** Piped to the process's stdin; when it ends, the process's stdin is closed. */
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Give the process a terminal (like `docker run -t`); its stdout and stderr then both go to `stdout`. */
  tty: boolean;
  /** The terminal's size at the start (with `tty`). */
  size?: TerminalSize;
}

/** A one-off container to run attached. */
export interface OneOffSpec extends ProcessSpec {
  mounts: MountSpec[];
  capAdd: string[];
  network: string;
}

export interface AttachedProcess {
  /** The one-off container's id, or the exec instance's id. */
  readonly id: string;
  /** Tells the process its terminal changed size (with `tty`). */
  resize(size: TerminalSize): Promise<void>;
  /** Sends a signal to the process; undefined where the engine cannot (an exec instance). */
  readonly kill?: (signal: string) => Promise<void>;
  /** Resolves with the exit code once the process ended and all its output was written. */
  wait(): Promise<number>;
  /** Stops forwarding input and output (the process itself goes on). */
  detach(): void;
}
