import { messageOf, ServiceFailedError } from "../errors.js";
import type { ServiceDefinition } from "../model/definition.js";
import type { ServicePhase } from "./events.js";
import type { Project } from "./project.js";
import { abortError } from "./readiness.js";

/** Runs a service's hook (`preStart`, `postStart`); what it throws fails the service, naming the hook. */
export async function runServiceHook(
  service: ServiceDefinition,
  name: string,
  call: () => unknown,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (signal?.aborted) throw abortError();
  try {
    await call();
  } catch (error) {
    throw new ServiceFailedError(`${service.name}: ${name}() threw: ${messageOf(error)}`, { cause: error });
  }
}

/** One step of a service, for the renderers (and the timeline): `since` adds the time it took. */
export function emitPhase(
  project: Project,
  service: ServiceDefinition,
  phase: ServicePhase,
  detail?: string,
  since?: number,
): void {
  project.emit({
    type: "phase",
    service: service.name,
    phase,
    ...(detail ? { detail } : {}),
    ...(since !== undefined ? { elapsedMs: Date.now() - since } : {}),
  });
}
