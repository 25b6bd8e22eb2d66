import type { ContainerState, ContainerSummary } from "../engine/container-client.js";
import type { ServiceDefinition } from "../model/definition.js";
import type { GroupSession } from "./group-session.js";

/** Docker's zero time: the FinishedAt of a container that never ran. */
const neverFinished = /^0001-/;

/**
 * How `boss status` names a job's stopped container: a job that exited 0 has
 * completed, one that exited otherwise (or that Docker says is dead) has failed.
 * "exited" would read as a crash, which a job ending is not.
 */
export function jobState(state: ContainerState): string {
  if (state.status === "exited") return state.exitCode === 0 ? "completed" : "failed";
  return state.status === "dead" ? "failed" : state.status;
}

/** When a stopped container's last run ended (ISO 8601), or null when it never ran or still runs. */
export function finishedAtOf(state: ContainerState): string | null {
  return !state.running && state.finishedAt && !neverFinished.test(state.finishedAt) ? state.finishedAt : null;
}

/** A job whose run completed (its exited container is the one recorded ready): it counts as up for its dependents. */
export function completedJob(
  session: GroupSession,
  service: ServiceDefinition,
  containers: readonly ContainerSummary[],
): boolean {
  return (
    service.job &&
    containers.some((c) => c.service === service.name && c.status === "exited" && session.isReady(c.service, c.id))
  );
}
