import { messageOf } from "../errors.js";
import type { ContainerSummary } from "../engine/container-client.js";
import { contextFilePath, removeContextFile } from "../model/context-file.js";
import { coreOf, loadControlToken } from "./ccc/core-access.js";
import { runCollectionHooks, type HookFailure } from "./collection-hooks.js";
import type { Project } from "./project.js";
import { schedule } from "./scheduler.js";

export interface StopRequest {
  exclude?: readonly string[];
  remove?: boolean;
  timeoutSeconds?: number;
}

export interface StopSummary {
  stopped: string[];
  /** Containers of the group whose service is no longer in the services file. */
  orphans: string[];
  failed: Array<{ name: string; message: string }>;
  removedNetwork: boolean;
  removedContext: boolean;
  hookFailures: HookFailure[];
}

export const defaultStopTimeoutSeconds = 10;

/**
 * `boss stop`: this group's containers, each after everything that depends
 * on it has stopped (reverse order, parallel where the graph allows).
 */
export async function stopServices(project: Project, request: StopRequest = {}): Promise<StopSummary> {
  const { graph, client, file } = project;
  const excluded = graph.checkKnown(request.exclude ?? []);
  graph.checkStopExclusion(excluded);
  await client.checkAvailable();
  await loadControlToken(project);

  const containers = await client.listContainers({ group: file.group });
  const targets = graph.names.filter((n) => !excluded.has(n));
  const result = await stopContainers(project, targets, containers, request);

  const orphans = excluded.size === 0 ? containers.filter((c) => !graph.has(c.service)) : [];
  await Promise.all(orphans.map((c) => stopOne(project, c.service, [c], request)));

  const summary: StopSummary = {
    ...result,
    orphans: [...new Set(orphans.map((c) => c.service))],
    removedNetwork: false,
    removedContext: false,
    hookFailures: [],
  };
  // The network and the saved context go only when the whole group goes.
  if (request.remove && excluded.size === 0 && summary.failed.length === 0) {
    await client.removeGroupNetworks(file.group);
    await removeContextFile(contextFilePath(file.dir));
    summary.removedNetwork = true;
    summary.removedContext = true;
  }
  summary.hookFailures = await runCollectionHooks("onStopServices", summary.stopped);
  return summary;
}

/** Stops (and with `remove`, removes) the containers of `targets` in reverse dependency order. */
export async function stopContainers(
  project: Project,
  targets: string[],
  containers: ContainerSummary[],
  request: StopRequest,
): Promise<Pick<StopSummary, "stopped" | "failed">> {
  const { graph, emit } = project;
  const stopped: string[] = [];
  const outcomes = await schedule(
    targets,
    (name) => graph.dependentsOf(name),
    async (name) => {
      const own = containers.filter((c) => c.service === name);
      if (await stopOne(project, name, own, request)) stopped.push(name);
    },
    {
      onWaiting: (name, pending) =>
        emit({ type: "phase", service: name, phase: "waiting", detail: `on ${pending.join(", ")} to stop` }),
    },
  );
  const failed = [...outcomes].flatMap(([name, o]) =>
    o.status === "failed" ? [{ name, message: messageOf(o.error) }] : [],
  );
  for (const f of failed) emit({ type: "phase", service: f.name, phase: "failed", detail: f.message });
  return { stopped: targets.filter((n) => stopped.includes(n)), failed };
}

/**
 * A controlled container's workload is stopped through its core first (graceful
 * stop, post_stop commands); if the core does not answer, the container's stop
 * signal still follows.
 */
async function stopWorkload(project: Project, name: string, id: string, port: number, timeoutSeconds: number) {
  try {
    const core = await coreOf(project.client, id, port, (timeoutSeconds + 5) * 1000);
    project.emit({ type: "phase", service: name, phase: "stopping", detail: "POST /api/stop" });
    await core.stop();
  } catch (error) {
    project.emit({
      type: "notice",
      message: `${name}: the core did not stop the workload (${messageOf(error)}); stopping the container`,
    });
  }
}

/** True when something was running and is now stopped. */
async function stopOne(
  project: Project,
  name: string,
  containers: ContainerSummary[],
  request: StopRequest,
): Promise<boolean> {
  const { client, emit } = project;
  const running = containers.filter(
    (c) => c.status === "running" || c.status === "restarting" || c.status === "paused",
  );
  if (running.length > 0) {
    emit({ type: "phase", service: name, phase: "stopping" });
    const began = Date.now();
    const timeout = request.timeoutSeconds ?? defaultStopTimeoutSeconds;
    const control = project.graph.has(name) ? project.graph.get(name).control : undefined;
    if (control) await Promise.all(running.map((c) => stopWorkload(project, name, c.id, control.port, timeout)));
    await Promise.all(running.map((c) => client.stopContainer(c.id, timeout)));
    emit({ type: "phase", service: name, phase: "stopped", elapsedMs: Date.now() - began });
  }
  if (request.remove && containers.length > 0) {
    await Promise.all(containers.map((c) => client.removeContainer(c.id)));
    emit({ type: "phase", service: name, phase: "removed" });
  }
  return running.length > 0;
}
