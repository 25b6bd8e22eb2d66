import { messageOf } from "../errors.js";
import type { ContainerStatus, ContainerSummary } from "../engine/container-client.js";
import { coreOf } from "./ccc/core-access.js";
import type { ServiceDefinition } from "../model/definition.js";
import type { Project } from "./project.js";

export const defaultStopTimeoutSeconds = 10;

const live: ReadonlySet<ContainerStatus> = new Set(["running", "restarting", "paused"]);

export function isLive(container: ContainerSummary): boolean {
  return live.has(container.status);
}

/**
 * Stops a service's live containers the way their image means them to stop:
 * a controlled workload through its core first (graceful stop, post_stop
 * commands), then the container's stop signal (the service's, else the
 * image's STOPSIGNAL) and SIGKILL only after `timeoutSeconds` — when not given,
 * the service's `stopGracePeriod`, else 10 s. Used by `stop` and before a
 * container is replaced — never a kill outright. Returns the containers it stopped.
 */
export async function stopGracefully(
  project: Project,
  service: string,
  containers: readonly ContainerSummary[],
  override?: number,
): Promise<ContainerSummary[]> {
  const running = containers.filter(isLive);
  const definition = project.graph.has(service) ? project.graph.get(service) : undefined;
  const control = definition?.control;
  const timeoutSeconds = override ?? stopTimeoutOf(definition);
  if (control) {
    await Promise.all(running.map((c) => stopWorkload(project, service, c.id, control.port, timeoutSeconds)));
  }
  await Promise.all(running.map((c) => project.client.stopContainer(c.id, timeoutSeconds)));
  return running;
}

/** The service's `stopGracePeriod` in whole seconds (the engine's unit, rounded up), else the default. */
export function stopTimeoutOf(definition: ServiceDefinition | undefined): number {
  const grace = definition?.options.stopGracePeriod;
  return grace === undefined ? defaultStopTimeoutSeconds : Math.ceil(grace);
}

/** If the core does not answer, the container's stop signal still follows. */
async function stopWorkload(project: Project, name: string, id: string, port: number, timeoutSeconds: number) {
  try {
    const core = await coreOf(project, id, port, (timeoutSeconds + 5) * 1000);
    project.emit({ type: "phase", service: name, phase: "stopping", detail: "POST /api/stop" });
    await core.stop();
  } catch (error) {
    project.emit({
      type: "notice",
      message: `${name}: the core did not stop the workload (${messageOf(error)}); stopping the container`,
    });
  }
}
