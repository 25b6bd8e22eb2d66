import type { ContainerSummary } from "../engine/container-client.js";
import type { Project } from "./project.js";

/**
 * Which of a service's containers is "the service's" — for status, logs, exec
 * and the core: the running one (the newest, should a killed boss have left
 * two), else the newest, a stopped or failed one whose exit code and logs say
 * why. Containers are numbered upwards, so the name breaks ties of `created`
 * (it has whole seconds).
 */
export function pickServiceContainer(containers: readonly ContainerSummary[]): ContainerSummary | undefined {
  const newestFirst = [...containers].sort(
    (a, b) => b.created - a.created || b.name.localeCompare(a.name, "en", { numeric: true }),
  );
  return newestFirst.find((c) => c.status === "running") ?? newestFirst[0];
}

/** The service's container (see pickServiceContainer), asked of the engine now. */
export async function serviceContainer(project: Project, service: string): Promise<ContainerSummary | undefined> {
  return pickServiceContainer(await project.client.listContainers({ group: project.file.group, service }));
}
