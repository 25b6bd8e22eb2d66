import type { SwarmClient } from "../../engine/swarm/swarm-client.js";
import { Label } from "../../engine/labels.js";
import { ServiceFailedError } from "../../errors.js";
import { sessionOptions, withGroupSession } from "../group-session.js";
import { volumeName } from "../named-volumes.js";
import type { Project } from "../project.js";
import { realClock, type Clock } from "../readiness.js";
import { SwarmLabel } from "./swarm-labels.js";
import { requireManager } from "./swarm-manager.js";

export interface UndeployRequest {
  /** Remove the group's named volumes too (on this node: other nodes keep theirs). */
  volumes?: boolean;
  waitSeconds?: number;
  signal?: AbortSignal;
  clock?: Clock;
  /** How long the task containers may take to stop (each gets its stop signal and grace period). */
  timeoutSeconds?: number;
}

export interface UndeploySummary {
  removed: string[];
  networks: string[];
  volumes: string[];
}

/**
 * `boss undeploy`: removes every Swarm service labelled with the group (in
 * the file or not any more), then, once their tasks are gone, the overlay
 * network and (`--volumes`) the named volumes. Only what carries the group's
 * labels is touched.
 */
export function undeployServices(
  project: Project,
  swarm: SwarmClient,
  request: UndeployRequest = {},
): Promise<UndeploySummary> {
  const { file, emit } = project;
  const clock = request.clock ?? realClock;
  return withGroupSession(project, { command: "undeploy", mutates: true, ...sessionOptions(request) }, async () => {
    await requireManager(swarm);
    // Dependents first, as `stop` goes; services no longer in the file before all.
    const order = project.graph.startOrder();
    const rank = (s: { labels: Record<string, string> }) => order.indexOf(s.labels[Label.service] ?? "");
    const services = (await swarm.listServices({ group: file.group })).sort((a, b) => rank(b) - rank(a));
    for (const s of services) {
      const name = s.labels[Label.service] ?? s.name;
      emit({ type: "phase", service: name, phase: "stopping", detail: "removing the swarm service" });
      await swarm.removeService(s.id);
      emit({ type: "phase", service: name, phase: "removed" });
    }
    // The tasks' containers stop with their grace period after the services go; the network and volumes only then.
    const deadline = clock.now() + (request.timeoutSeconds ?? 120) * 1000;
    while ((await swarm.countContainers({ [SwarmLabel.group]: file.group })) > 0) {
      if (clock.now() >= deadline) {
        throw new ServiceFailedError(
          `the group's task containers are still there after ${request.timeoutSeconds ?? 120} s; run boss undeploy again`,
        );
      }
      await clock.sleep(250, request.signal);
    }
    const networks = await swarm.removeNetworks({ [SwarmLabel.group]: file.group });
    const names = [
      ...new Set(
        file.services.flatMap((s) =>
          s.volumes.flatMap((v) => (v.type === "volume" ? [volumeName(file.group, v.name)] : [])),
        ),
      ),
    ];
    const volumes = request.volumes ? await project.client.removeVolumes(names) : [];
    return { removed: services.map((s) => s.labels[Label.service] ?? s.name), networks, volumes };
  });
}
