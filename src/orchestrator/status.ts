import { messageOf } from "../errors.js";
import type { ContainerSummary, PublishedPort } from "../engine/container-client.js";
import type { ServiceDefinition } from "../model/definition.js";
import { coreOf } from "./ccc/core-access.js";
import { readGroup } from "./group-session.js";
import type { PingTarget } from "../model/ping-target.js";
import type { Project } from "./project.js";
import { pickServiceContainer } from "./service-container.js";
import { pingTarget, servicePing } from "./service-ping.js";
import { withinTime } from "./readiness.js";
import { finishedAtOf, jobState } from "./job-status.js";

/** One row of `boss status`; the JSON form is part of boss's interface for scripts. */
export interface ServiceStatus {
  name: string;
  /**
   * running, exited, created, paused, restarting, missing (no container), failed (Docker says dead);
   * for a job, completed (exited 0) or failed (any other exit code) instead of exited.
   */
  state: string;
  exitCode: number | null;
  /** A one-shot job (`job = true`). */
  job: boolean;
  /** When the container's last run ended (ISO 8601 UTC); null while it runs or when it never ran. */
  finishedAt: string | null;
  /** Ping (or core, or HEALTHCHECK) says ready; null when not running. */
  ready: boolean | null;
  health: string | null;
  containerId: string | null;
  /** What the container publishes now (none unless it runs). */
  ports: PublishedPort[];
  uptimeSeconds: number | null;
  /** For a service with `control`: what its core says. */
  workload: { state: string; cpuPercent: number | null; memoryBytes: number | null; error?: string } | null;
  /** A container of this group whose service is no longer in the services file. */
  orphan: boolean;
  /** What its container mounts: named volumes (the engine's name), anonymous volumes (their id), host folders. */
  volumes: Array<{ type: "volume" | "anonymous" | "bind"; source: string; target: string }>;
  /** The service's profiles: one that has some and no container is shown as inactive, not missing. */
  profiles: string[];
}

const pingTimeoutMs = 2000;

/** The state of every service of the group, asked of the engine (and of the cores) now. */
export async function serviceStatuses(project: Project): Promise<{ group: string; services: ServiceStatus[] }> {
  return readGroup(project, "status", async () => {
    const { client, graph, file } = project;
    const containers = await client.listContainers({ group: file.group });
    const newest = (name: string) => pickServiceContainer(containers.filter((c) => c.service === name));
    const orphans = [...new Set(containers.map((c) => c.service).filter((s) => !graph.has(s)))];
    const rows = await Promise.all([
      ...graph.startOrder().map((name) => statusOf(project, name, newest(name), graph.get(name))),
      ...orphans.map((name) => statusOf(project, name, newest(name), undefined)),
    ]);
    return { group: file.group, services: rows };
  });
}

async function statusOf(
  project: Project,
  name: string,
  container: ContainerSummary | undefined,
  service: ServiceDefinition | undefined,
): Promise<ServiceStatus> {
  const row: ServiceStatus = {
    name,
    state: "missing",
    exitCode: null,
    job: service?.job ?? false,
    finishedAt: null,
    ready: null,
    health: null,
    containerId: null,
    ports: [],
    uptimeSeconds: null,
    workload: null,
    orphan: service === undefined,
    volumes: [],
    profiles: service?.profiles ?? [],
  };
  if (!container) return row;
  row.volumes = container.mounts.flatMap((m) =>
    m.type === "volume" || m.type === "bind"
      ? [
          {
            type: m.anonymous ? "anonymous" : m.type,
            source: m.type === "bind" ? m.source : (m.name ?? ""),
            target: m.target,
          },
        ]
      : [],
  );
  const state = await project.client.inspectContainer(container.id);
  row.state = state.status === "dead" ? "failed" : state.status;
  row.containerId = container.id.slice(0, 12);
  row.ports = state.ports;
  row.health = state.health ?? null;
  if (!state.running) {
    row.exitCode = state.exitCode;
    row.finishedAt = finishedAtOf(state);
    if (row.job) row.state = jobState(state);
    return row;
  }
  if (state.startedAt) row.uptimeSeconds = Math.max(0, Math.round((Date.now() - Date.parse(state.startedAt)) / 1000));
  if (service?.control) row.workload = await workloadOf(project, container.id, service.control.port);
  row.ready = await readiness(service, row, pingTarget(project.client, name, container.id));
  return row;
}

async function workloadOf(project: Project, id: string, port: number): Promise<NonNullable<ServiceStatus["workload"]>> {
  try {
    const core = await coreOf(project, id, port, pingTimeoutMs);
    const metrics = await core.metrics();
    const container = (metrics.container ?? {}) as { cpu_percent?: number | null; memory_usage_bytes?: number | null };
    return {
      state: String(metrics.state),
      cpuPercent: container.cpu_percent ?? null,
      memoryBytes: container.memory_usage_bytes ?? null,
    };
  } catch (error) {
    return { state: "unknown", cpuPercent: null, memoryBytes: null, error: messageOf(error) };
  }
}

async function readiness(
  service: ServiceDefinition | undefined,
  row: ServiceStatus,
  target: PingTarget,
): Promise<boolean> {
  if (row.workload) return row.workload.state === "running";
  const ping = service && servicePing(service, target);
  if (ping) {
    try {
      return (await withinTime(Promise.resolve(ping()), pingTimeoutMs)) === true;
    } catch {
      return false;
    }
  }
  if (row.health) return row.health === "healthy";
  return true;
}
