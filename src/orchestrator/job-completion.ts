import { ServiceFailedError } from "../errors.js";
import type { ContainerClient } from "../engine/container-client.js";
import type { ServiceDefinition } from "../model/definition.js";
import { abortError, lastLogLines, pingIntervalMs, type Clock } from "./readiness.js";

/**
 * A job's container ended with another exit code than 0. Carries the code and
 * the last line the job wrote, so that its dependents' "not started" lines can
 * say why without the whole log.
 */
export class JobFailedError extends ServiceFailedError {
  constructor(
    message: string,
    readonly jobExitCode: number,
    readonly lastLine: string | undefined,
  ) {
    super(message);
  }
}

/**
 * Waits for a job's container to exit: exit 0 returns, any other code throws
 * a JobFailedError with the code and the last log lines, and a job still
 * running after `timeoutSeconds` throws too (the caller stops it).
 */
export async function waitForJob(
  client: ContainerClient,
  service: ServiceDefinition,
  containerId: string,
  timeoutSeconds: number,
  clock: Clock,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = clock.now() + timeoutSeconds * 1000;
  for (;;) {
    if (signal?.aborted) throw abortError();
    const state = await client.inspectContainer(containerId);
    if (!state.running && state.status !== "created") {
      if (state.status === "exited" && state.exitCode === 0) return;
      const why = state.error ? ` (${state.error})` : "";
      const logs = await lastLogLines(client, containerId);
      throw new JobFailedError(
        `${service.name}: job exited with code ${state.exitCode}${why}${logs}`,
        state.exitCode,
        logs.split("\n").slice(1).at(-1),
      );
    }
    if (clock.now() >= deadline) {
      throw new ServiceFailedError(
        `${service.name}: job still running after ${timeoutSeconds} s (the start timeout); stopped` +
          (await lastLogLines(client, containerId)),
      );
    }
    await clock.sleep(pingIntervalMs, signal);
  }
}

/** Why a dependent of `failed` was not started: with a job's exit code and last log line when it was a job. */
export function skipReason(failed: string, error: unknown): string {
  if (!(error instanceof JobFailedError)) return `${failed} failed`;
  const last = error.lastLine ? `; its last log line: ${error.lastLine}` : "";
  return `${failed} failed (the job exited with code ${error.jobExitCode}${last})`;
}
