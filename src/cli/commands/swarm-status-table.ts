import type { PublishedPort } from "../../engine/ports.js";
import type { SwarmClient } from "../../engine/swarm/swarm-client.js";
import { isDeployed, swarmStatus, type SwarmServiceStatus } from "../../orchestrator/deploy/swarm-status.js";
import type { Project } from "../../orchestrator/project.js";
import type { Renderer } from "../render/renderer.js";
import { formatTable } from "../render/table.js";

/**
 * `boss status` shows the swarm side when asked (`--swarm`), or when the group is deployed and has no
 * containers of its own here: a group both started and deployed shows its containers unless told.
 */
export async function wantsSwarmStatus(project: Project, swarm: SwarmClient, asked: boolean): Promise<boolean> {
  if (asked) return true;
  const containers = await project.client.listContainers({ group: project.file.group });
  return containers.length === 0 && (await isDeployed(project, swarm));
}

export async function renderSwarmStatus(project: Project, swarm: SwarmClient, renderer: Renderer): Promise<void> {
  const report = await swarmStatus(project, swarm);
  const rows = report.services.map(row);
  const errors = report.services.flatMap((s) => s.errors.map((e) => [s.name, e]));
  renderer.report(
    [
      `group ${report.group} on the swarm${report.deployed ? "" : ": not deployed"}`,
      ...(rows.length ? formatTable(["SERVICE", "REPLICAS", "READY", "UPDATE", "PORTS"], rows) : []),
      ...(errors.length ? ["", ...formatTable(["SERVICE", "LAST TASK ERRORS"], errors)] : []),
    ],
    { ...report, swarm: true },
  );
}

function row(s: SwarmServiceStatus): string[] {
  return [
    s.orphan ? `${s.name} (not in file)` : s.name,
    `${s.running}/${s.desired}`,
    s.ready ? "yes" : "no",
    s.update ?? "-",
    s.ports.map(portText).join(", ") || "-",
  ];
}

function portText(p: PublishedPort): string {
  return `${p.hostIp}:${p.hostPort}->${p.containerPort}/${p.protocol}`;
}
