import { withPlan } from "./wait-plan.js";
import { requireTarget, waitStrategy, type WaitStrategy } from "./wait-strategy.js";

/** How long one run of the command may take before it counts as a failed check. */
const defaultRunTimeoutMs = 10_000;
const outputLinesShown = 5;

/** What `waitFor.command` may be told beside the command. */
export interface CommandWaitOptions {
  /** Seconds one run may take (default 10); a run still going then counts as not ready. */
  timeout?: number;
}

/**
 * Ready once `command` run inside the container exits 0 (compose's healthcheck
 * `test`, without the healthcheck): an argv array runs as it is, a string by `sh -c`.
 */
export function command(run: string | readonly string[], options: CommandWaitOptions = {}): WaitStrategy {
  const argv = typeof run === "string" ? ["sh", "-c", run] : [...run];
  if (argv.length === 0 || argv.some((word) => typeof word !== "string") || argv[0] === "") {
    throw new TypeError("waitFor.command: give a command, as a string or a non-empty array of strings");
  }
  const { timeout = defaultRunTimeoutMs / 1000 } = options;
  if (!(timeout > 0)) throw new TypeError("waitFor.command: timeout must be a positive number of seconds");
  const shown = typeof run === "string" ? run : argv.join(" ");
  const plan = { kind: "command" as const, argv, timeout };
  const strategy = waitStrategy(`\`${shown}\` to exit 0 in the container`, async (target) => {
    const { exitCode, output } = await requireTarget("waitFor.command()", target).exec(argv, timeout * 1000);
    if (exitCode === 0) return true;
    throw new Error(`exited with code ${exitCode}${lastLines(output)}`);
  });
  return withPlan(strategy, plan);
}

function lastLines(output: string): string {
  const lines = output.trimEnd().split("\n").slice(-outputLinesShown);
  return lines.join("").trim() === "" ? " and printed nothing" : `: ${lines.join(" | ")}`;
}
