import type { SwarmClient } from "../../engine/swarm/swarm-client.js";
import { readGroup } from "../group-session.js";
import type { Project } from "../project.js";
import type { LogsRequest, LogSink } from "../service-logs.js";

/**
 * `boss logs` of a deployed group: each Swarm service's output (all its
 * tasks', as `docker service logs`). Without `follow` one service after
 * another in start order; with it all together until the signal aborts —
 * a rolling update's new tasks come on the same stream.
 */
export async function swarmServiceLogs(
  project: Project,
  swarm: SwarmClient,
  request: LogsRequest,
  sink: LogSink,
): Promise<void> {
  project.graph.checkKnown(request.services, "logs");
  await readGroup(project, "logs", async () => {
    const order = project.graph.startOrder();
    const names = request.services.length ? order.filter((n) => request.services.includes(n)) : order;
    const copy = async (name: string) => {
      const [service] = await swarm.listServices({ group: project.file.group, service: name });
      if (!service) {
        project.emit({ type: "notice", message: `${name}: not deployed` });
        return;
      }
      const options = {
        follow: request.follow,
        ...(request.tail !== undefined ? { tail: request.tail } : {}),
        ...(request.since !== undefined ? { since: request.since } : {}),
        ...(request.timestamps ? { timestamps: true } : {}),
      };
      for await (const chunk of swarm.serviceLogs(service.id, options, request.signal)) sink.chunk(name, chunk);
      sink.end(name);
    };
    if (request.follow) await Promise.all(names.map(copy));
    else for (const name of names) await copy(name);
  });
}
