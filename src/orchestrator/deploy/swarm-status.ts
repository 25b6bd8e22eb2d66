import type { SwarmClient, SwarmTask } from "../../engine/swarm/swarm-client.js";
import { Label } from "../../engine/labels.js";
import type { PublishedPort } from "../../engine/ports.js";
import { readGroup } from "../group-session.js";
import type { Project } from "../project.js";
import { deployedHash } from "./swarm-service-spec.js";
import { SwarmLabel } from "./swarm-labels.js";
import { currentRound } from "./task-convergence.js";
import { requireManager } from "./swarm-manager.js";

export interface SwarmServiceStatus {
  name: string;
  /** The Swarm service's own name (`<group>_<service>`). */
  swarmName: string;
  running: number;
  desired: number;
  /** Its postStart ran for the definition it has now. */
  ready: boolean;
  /** Swarm's rolling update state, when one ran ("completed", "updating", "paused"…). */
  update?: string;
  ports: PublishedPort[];
  /** The last errors of its tasks (newest first), e.g. "No such image: …". */
  errors: string[];
  /** Not a service of the services file (any more). */
  orphan: boolean;
}

export interface SwarmStatusReport {
  group: string;
  deployed: boolean;
  services: SwarmServiceStatus[];
}

/** Whether the group has services on the swarm; false also when the engine is in no swarm. */
export async function isDeployed(project: Project, swarm: SwarmClient): Promise<boolean> {
  const info = await swarm.swarmInfo().catch(() => undefined);
  if (!info?.manager) return false;
  return (await swarm.listServices({ group: project.file.group })).length > 0;
}

/** `boss status --swarm`: every Swarm service of the group, its tasks running/desired and their last errors. */
export function swarmStatus(project: Project, swarm: SwarmClient): Promise<SwarmStatusReport> {
  return readGroup(project, "status", async () => {
    await requireManager(swarm);
    const group = project.file.group;
    const services = await swarm.listServices({ group });
    const rows = await Promise.all(
      services.map(async (s): Promise<SwarmServiceStatus> => {
        const tasks = await swarm.listTasks(s.id);
        const current = currentRound(tasks, deployedHash(s.labels), s.attempt);
        const running = current.filter((t) => t.state === "running" && t.desiredState === "running");
        const name = s.labels[Label.service] ?? s.name;
        return {
          name,
          swarmName: s.name,
          running: running.length,
          desired: s.replicas,
          ready: s.labels[SwarmLabel.readyHash] === deployedHash(s.labels),
          ...(s.updateState ? { update: s.updateState } : {}),
          ports: uniquePorts([...s.endpointPorts, ...running.flatMap((t) => t.ports)]),
          errors: lastErrors(tasks),
          orphan: !project.graph.names.includes(name),
        };
      }),
    );
    return { group, deployed: rows.length > 0, services: rows.sort((a, b) => a.name.localeCompare(b.name)) };
  });
}

function lastErrors(tasks: readonly SwarmTask[]): string[] {
  return [...tasks]
    .filter((t) => t.error)
    .sort((a, b) => (a.timestamp < b.timestamp ? 1 : -1))
    .slice(0, 3)
    .map((t) => `${t.state}: ${t.error}`);
}

/** A host-mode port is both the endpoint's and the task's: once. */
function uniquePorts(ports: readonly PublishedPort[]): PublishedPort[] {
  const seen = new Map(ports.map((p) => [`${p.hostIp}:${p.hostPort}/${p.protocol}->${p.containerPort}`, p]));
  return [...seen.values()];
}
