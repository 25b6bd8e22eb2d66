import { Command, Option } from "clipanion";
import type { PublishedPort } from "../../engine/ports.js";
import { serviceStatuses, type ServiceStatus } from "../../orchestrator/status.js";
import { BossCommand, swarmOf } from "../base-command.js";
import { renderSwarmStatus, swarmToShow } from "./swarm-status-table.js";
import { formatBytes, formatDuration, formatPercent, formatTable } from "../render/table.js";

export class StatusCommand extends BossCommand {
  static override paths = [["status"], ["ps"]];

  static override usage = Command.Usage({
    description: "Show every service of the group: state, readiness, container, ports, uptime, workload",
    details: `
      A report: the exit code is 0 also when services are down. --json prints a stable document for scripts
      (docs/json-output.md).
    `,
    examples: [
      ["The group at a glance", "$0 status"],
      ["For a script", "$0 status --json"],
      ["The group's services on the swarm (boss deploy)", "$0 status --swarm"],
    ],
  });

  swarm = Option.Boolean("--swarm", false, {
    description: "Show the group's Swarm services (the default when the group is deployed and has no containers)",
  });

  async execute(): Promise<number> {
    const project = await this.loadProject();
    const swarm = await swarmToShow(project, this.swarm, () => swarmOf(this.context, project.client));
    if (swarm) {
      await renderSwarmStatus(project, swarm, this.renderer);
      return 0;
    }
    const report = await serviceStatuses(project);
    const document = { ...report, services: report.services.map(jsonRow) };
    const rows = report.services.map(row);
    const volumes = report.services.flatMap((s) => s.volumes.map((v) => [s.name, describeVolume(v), v.target]));
    this.renderer.report(
      [
        `group ${report.group}`,
        ...formatTable(["SERVICE", "STATE", "READY", "CONTAINER", "PORTS", "UPTIME", "WORKLOAD"], rows),
        ...(volumes.length ? ["", ...formatTable(["SERVICE", "VOLUME", "MOUNTED AT"], volumes)] : []),
      ],
      document,
    );
    return 0;
  }
}

function row(s: ServiceStatus): string[] {
  const state = stateText(s);
  const ready = s.ready === null ? "-" : s.ready ? "yes" : "no";
  const workload = s.workload
    ? s.workload.error
      ? `core not answering: ${s.workload.error}`
      : `${s.workload.state} cpu ${formatPercent(s.workload.cpuPercent)} mem ${formatBytes(s.workload.memoryBytes)}`
    : "";
  return [
    s.orphan ? `${s.name} (not in file)` : s.name,
    state,
    ready,
    s.containerId ?? "-",
    s.ports.map(portText).join(", ") || "-",
    formatDuration(s.uptimeSeconds),
    workload,
  ];
}

/** `exited (1)`; a job's `completed (exit 0, 3m2s ago)` or `failed (exit 3, 10s ago)`. */
function stateText(s: ServiceStatus): string {
  if (s.state === "exited") return `exited (${s.exitCode ?? "?"})`;
  if (s.state === "missing" && s.profiles.length > 0) return `inactive (profile ${s.profiles.join(", ")})`;
  if (!s.job || (s.state !== "completed" && s.state !== "failed")) return s.state;
  const ago = s.finishedAt
    ? `, ${formatDuration(Math.max(0, Math.round((Date.now() - Date.parse(s.finishedAt)) / 1000)))} ago`
    : "";
  return `${s.state} (exit ${s.exitCode ?? "?"}${ago})`;
}

/**
 * A row of the --json document: `ports` as the text it always was, for the
 * scripts that read it, and `publishedPorts` with the same ports as fields.
 */
function jsonRow(s: ServiceStatus) {
  return { ...s, ports: s.ports.map(portText), publishedPorts: s.ports };
}

/** As `docker ps` shows it: "127.0.0.1:49153->8080/tcp". */
function portText(p: PublishedPort): string {
  return `${p.hostIp}:${p.hostPort}->${p.containerPort}/${p.protocol}`;
}

function describeVolume(v: ServiceStatus["volumes"][number]): string {
  if (v.type === "anonymous") return `anonymous ${v.source.slice(0, 12)}`;
  return v.type === "bind" ? `host ${v.source}` : v.source;
}
