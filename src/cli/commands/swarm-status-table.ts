import type { PublishedPort } from "../../engine/ports.js";
import type { SwarmClient } from "../../engine/swarm/swarm-client.js";
import { isDeployed, swarmStatus, type SwarmServiceStatus } from "../../orchestrator/deploy/swarm-status.js";
import type { Project } from "../../orchestrator/project.js";
import type { Renderer } from "../render/renderer.js";
import { formatTable } from "../render/table.js";

/**
 * `boss status` shows the swarm side when asked (`--swarm`), or when the group is deployed and has no
 * containers of its own here: a group both started and deployed shows its containers unless told. The swarm
 * client is made only then, not on every status: its module is no part of a plain status's start-up.
 */
export async function swarmToShow(
  project: Project,
  asked: boolean,
  swarmClient: () => Promise<SwarmClient | undefined>,
): Promise<SwarmClient | undefined> {
  if (!asked && (await project.client.listContainers({ group: project.file.group })).length > 0) return undefined;
  const swarm = await swarmClient();
  if (!swarm) return undefined;
  return asked || (await isDeployed(project, swarm)) ? swarm : undefined;
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
