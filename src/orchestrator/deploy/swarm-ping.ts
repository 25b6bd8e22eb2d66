import { isBossError, messageOf, ServiceFailedError } from "../../errors.js";
import type { PublishedPort } from "../../engine/ports.js";
import type { SwarmClient, SwarmTask } from "../../engine/swarm/swarm-client.js";
import type { ServiceDefinition } from "../../model/definition.js";
import type { PingTarget } from "../../model/ping-target.js";
import { abortError, pingIntervalMs, realClock, withinTime, type Clock } from "../readiness.js";
import { servicePing } from "../service-ping.js";
import { lastLogLines } from "./task-convergence.js";

/**
 * What a ping reads of one task: its host-mode ports on its node (on a
 * one-node swarm, this machine), the service's logs. Exec and the container's
 * healthcheck are the node's business, not reachable from here.
 */
export function taskPingTarget(
  swarm: SwarmClient,
  service: string,
  swarmService: { id: string; ports: readonly PublishedPort[] },
  task: SwarmTask,
): PingTarget {
  const serviceId = swarmService.id;
  return {
    service,
    containerId: task.containerId ?? task.id,
    async output() {
      let text = "";
      for await (const chunk of swarm.serviceLogs(serviceId, { follow: false })) text += chunk.data.toString("utf8");
      return text;
    },
    health: () => Promise.resolve(undefined),
    // Host-mode ports are the task's own; ingress ports the service's, on every node.
    publishedPorts: () => Promise.resolve([...task.ports, ...swarmService.ports]),
    exec: () =>
      Promise.reject(new Error("a swarm task cannot be exec'd into from boss deploy: ping through a port instead")),
  };
}

/**
 * Runs the service's ping (when it has one) against each running task until
 * every one passes, on this machine, as `start` does against a container.
 */
export async function pingTasks(
  swarm: SwarmClient,
  service: ServiceDefinition,
  swarmService: { id: string; ports: readonly PublishedPort[] },
  tasks: readonly SwarmTask[],
  timeoutSeconds: number,
  signal?: AbortSignal,
  clock: Clock = realClock,
): Promise<void> {
  const deadline = clock.now() + timeoutSeconds * 1000;
  for (const task of tasks) {
    const ping = servicePing(service, taskPingTarget(swarm, service.name, swarmService, task));
    if (!ping) return;
    let last: unknown;
    for (;;) {
      if (signal?.aborted) throw abortError();
      try {
        if ((await withinTime(Promise.resolve(ping()), Math.max(deadline - clock.now(), 1))) === true) break;
      } catch (error) {
        if (isBossError(error)) throw error;
        last = error;
      }
      if (clock.now() >= deadline) {
        const what = ping.description ? ` waiting for ${ping.description}` : "";
        const why = last ? `; the last check: ${messageOf(last)}` : "";
        throw new ServiceFailedError(
          `${service.name}: task ${task.slot ?? task.id.slice(0, 12)} not ready after ${timeoutSeconds} s${what}${why}` +
            (await lastLogLines(swarm, swarmService.id)),
        );
      }
      await clock.sleep(pingIntervalMs, signal);
    }
  }
}
