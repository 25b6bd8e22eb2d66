import { ExitCode, interruptedExitCode } from "../errors.js";

export interface Interrupt {
  signal: AbortSignal;
  /** 130 after SIGINT, 143 after SIGTERM (128 + the signal's number, as shells report it). */
  readonly exitCode: number;
  dispose(): void;
}

/**
 * Ctrl-C (or SIGTERM) during a command: the first stops new work and lets
 * what is in flight settle, so nothing is left half-made; a second one quits
 * at once (what is left, the next start takes over).
 */
export function onInterrupt(notify: (message: string) => void): Interrupt {
  const controller = new AbortController();
  let exitCode: number = ExitCode.interrupted;
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      process.exit(exitCode);
    }
    exitCode = interruptedExitCode(signal);
    // The signal's name is the reason: what the command throws for it carries the right exit code.
    controller.abort(signal);
    notify(
      `${signal === "SIGTERM" ? "terminated" : "interrupted"}: starting nothing new, letting in-flight steps finish (again to quit now)`,
    );
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: controller.signal,
    get exitCode() {
      return exitCode;
    },
    dispose() {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}
