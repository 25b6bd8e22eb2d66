import type { Readable, Writable } from "node:stream";
import type { AttachedProcess, TerminalSize } from "../engine/attached-process.js";
import type { ProcessConsole } from "../orchestrator/process-console.js";

type TtyIn = Readable & { isTTY?: boolean; setRawMode?(raw: boolean): unknown };
type TtyOut = Writable & { isTTY?: boolean; columns?: number; rows?: number };

/**
 * The console of `boss run` and `boss exec`. With a terminal on both stdin
 * and stdout the process gets a terminal too, as with `docker run -it`: raw
 * mode (so Ctrl-C is a keystroke the process receives), the window size and
 * its changes forwarded, the terminal restored afterwards. Otherwise stdin is
 * piped in, and Ctrl-C (SIGINT/SIGTERM to boss) is passed on to the process
 * where the engine can signal it (a one-off container; not an exec).
 */
export function terminalConsole(
  stdin: Readable,
  stdout: Writable,
  stderr: Writable,
  /** Runs as the process starts, before the terminal is handed to it. */
  beforeAttach: () => void = () => undefined,
): ProcessConsole {
  const input = stdin as TtyIn;
  const output = stdout as TtyOut;
  const tty = input.isTTY === true && output.isTTY === true && typeof input.setRawMode === "function";
  const size = (): TerminalSize | undefined =>
    output.columns && output.rows ? { columns: output.columns, rows: output.rows } : undefined;
  const initial = tty ? size() : undefined;
  return {
    io: { stdin, stdout, stderr, tty, ...(initial ? { size: initial } : {}) },
    attach(attached: AttachedProcess) {
      beforeAttach();
      return tty ? attachTerminal(attached, input, output, size) : attachPipes(attached, stdin);
    },
  };
}

function attachTerminal(
  attached: AttachedProcess,
  input: TtyIn,
  output: TtyOut,
  size: () => TerminalSize | undefined,
): () => void {
  input.setRawMode?.(true);
  const onResize = latestSizeSender(attached, size);
  output.on("resize", onResize);
  onResize(); // the window may have changed while the container was being made
  return () => {
    output.off("resize", onResize);
    input.setRawMode?.(false);
    input.pause();
  };
}

/**
 * Sends the window size one call at a time, always the latest: `stty cols 120 rows 40` is two resizes, and
 * two calls crossing on their way through the engine could leave the first size in place.
 */
function latestSizeSender(attached: AttachedProcess, size: () => TerminalSize | undefined): () => void {
  let sending = false;
  let again = false;
  const send = async () => {
    do {
      again = false;
      const now = size();
      if (now) await attached.resize(now).catch(() => undefined);
    } while (again);
    sending = false;
  };
  return () => {
    if (sending) {
      again = true;
      return;
    }
    sending = true;
    void send();
  };
}

function attachPipes(attached: AttachedProcess, stdin: Readable): () => void {
  // Without a way to signal it (an exec), Ctrl-C ends boss as usual and the process goes on in the container.
  if (!attached.kill) return () => stdin.pause();
  const forward = (signal: NodeJS.Signals) => () => {
    attached.kill?.(signal).catch(() => undefined);
  };
  const onInt = forward("SIGINT");
  const onTerm = forward("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  return () => {
    process.off("SIGINT", onInt);
    process.off("SIGTERM", onTerm);
    stdin.pause();
  };
}
