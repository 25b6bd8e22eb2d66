import { ExitCode, interruptedExitCode } from "../errors.js";

/** What every changing command's summary says about how it ended. */
export interface Ending {
  failed: readonly unknown[];
  hookFailures: readonly unknown[];
  interrupted: boolean;
}

/**
 * The one rule from a command's summary to its exit code, for the CLI (its
 * exit code) and the API (which error it throws): interrupted → 130, or 143
 * when SIGTERM (`signal`'s reason) did it; a service or a collection hook
 * failed → 1; else 0.
 */
export function exitCodeOf(summary: Ending, signal?: AbortSignal): number {
  if (summary.interrupted) return interruptedExitCode(signal?.reason);
  return summary.failed.length || summary.hookFailures.length ? ExitCode.serviceFailed : ExitCode.ok;
}
