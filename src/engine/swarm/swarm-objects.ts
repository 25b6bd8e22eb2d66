/**
 * Swarm objects both ways: boss's SwarmServiceSpec as the Engine API's
 * ServiceSpec, and the engine's services and tasks as boss's summaries.
 */
import type { PublishedPort } from "../ports.js";
import type { SwarmServiceSpec, SwarmServiceSummary, SwarmTask, TaskState } from "./swarm-client.js";

const nanosPerSecond = 1e9;

/** The Engine API's ServiceSpec (POST /services/create and /services/{id}/update). */
export function engineServiceSpec(spec: SwarmServiceSpec, forceUpdate = 0): Record<string, unknown> {
  return {
    Name: spec.name,
    Labels: spec.labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: spec.image,
        Labels: spec.containerLabels,
        Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
        ...(spec.entrypoint ? { Command: spec.entrypoint } : {}),
        ...(spec.cmd ? { Args: spec.cmd } : {}),
        ...(spec.user ? { User: spec.user } : {}),
        ...(spec.workingDir ? { Dir: spec.workingDir } : {}),
        ...(spec.hostname ? { Hostname: spec.hostname } : {}),
        ...(spec.init !== undefined ? { Init: spec.init } : {}),
        ...(spec.stopSignal ? { StopSignal: spec.stopSignal } : {}),
        ...(spec.stopGracePeriodSeconds !== undefined
          ? { StopGracePeriod: Math.round(spec.stopGracePeriodSeconds * nanosPerSecond) }
          : {}),
        ...(spec.capAdd.length ? { CapabilityAdd: spec.capAdd } : {}),
        Mounts: spec.mounts.map((m) => ({
          Type: m.type,
          ...(m.source ? { Source: m.source } : {}),
          Target: m.target,
          ReadOnly: m.readOnly,
          ...(m.volumeLabels ? { VolumeOptions: { Labels: m.volumeLabels } } : {}),
        })),
      },
      Resources: {
        Limits: {
          ...(spec.memory ? { MemoryBytes: spec.memory } : {}),
          ...(spec.cpus ? { NanoCPUs: Math.round(spec.cpus * nanosPerSecond) } : {}),
        },
      },
      Placement: { Constraints: spec.constraints },
      Networks: [{ Target: spec.network, Aliases: spec.aliases }],
      // Swarm's own retry of a failing task; boss reports the failures it sees while it waits.
      RestartPolicy: { Condition: "any", Delay: 2 * nanosPerSecond },
      ForceUpdate: forceUpdate,
    },
    Mode: { Replicated: { Replicas: spec.replicas } },
    UpdateConfig: { Parallelism: 1, Order: spec.updateOrder, FailureAction: "pause", Monitor: 5 * nanosPerSecond },
    EndpointSpec: {
      Mode: spec.endpointMode,
      Ports: spec.ports.map((p) => ({
        Protocol: p.protocol,
        TargetPort: p.targetPort,
        ...(p.publishedPort ? { PublishedPort: p.publishedPort } : {}),
        PublishMode: p.mode,
      })),
    },
  };
}

interface EngineService {
  ID: string;
  Version?: { Index?: number };
  Spec?: {
    Name?: string;
    Labels?: Record<string, string>;
    Mode?: { Replicated?: { Replicas?: number } };
    TaskTemplate?: { ForceUpdate?: number };
  };
  UpdateStatus?: { State?: string; Message?: string };
  Endpoint?: { Ports?: EnginePort[] };
}

interface EnginePort {
  Protocol?: string;
  TargetPort?: number;
  PublishedPort?: number;
}

export function toServiceSummary(s: EngineService): SwarmServiceSummary {
  return {
    id: s.ID,
    name: s.Spec?.Name ?? s.ID,
    labels: s.Spec?.Labels ?? {},
    replicas: s.Spec?.Mode?.Replicated?.Replicas ?? 0,
    ...(s.UpdateStatus?.State ? { updateState: s.UpdateStatus.State } : {}),
    ...(s.UpdateStatus?.Message ? { updateMessage: s.UpdateStatus.Message } : {}),
    endpointPorts: portsOf(s.Endpoint?.Ports, "0.0.0.0"),
    attempt: s.Spec?.TaskTemplate?.ForceUpdate ?? 0,
  };
}

interface EngineTask {
  ID: string;
  ServiceID: string;
  Slot?: number;
  DesiredState?: string;
  UpdatedAt?: string;
  Spec?: { ContainerSpec?: { Labels?: Record<string, string> }; ForceUpdate?: number };
  Status?: {
    State?: string;
    Err?: string;
    Message?: string;
    Timestamp?: string;
    ContainerStatus?: { ContainerID?: string };
    PortStatus?: { Ports?: EnginePort[] };
  };
}

export function toTask(t: EngineTask): SwarmTask {
  const status = t.Status ?? {};
  return {
    id: t.ID,
    serviceId: t.ServiceID,
    ...(t.Slot !== undefined ? { slot: t.Slot } : {}),
    desiredState: t.DesiredState ?? "",
    state: (status.State ?? "new") as TaskState,
    ...(status.Err ? { error: status.Err } : {}),
    ...(status.Message ? { message: status.Message } : {}),
    ...(status.ContainerStatus?.ContainerID ? { containerId: status.ContainerStatus.ContainerID } : {}),
    containerLabels: t.Spec?.ContainerSpec?.Labels ?? {},
    // Host-mode ports are the node's: on a one-node swarm (or the manager's tasks) this machine's.
    ports: portsOf(status.PortStatus?.Ports, "0.0.0.0"),
    timestamp: status.Timestamp ?? t.UpdatedAt ?? "",
    attempt: t.Spec?.ForceUpdate ?? 0,
  };
}

/** The engine lists a host-mode port once per address family: once each here. */
function portsOf(ports: EnginePort[] | undefined, hostIp: string): PublishedPort[] {
  const seen = new Set<string>();
  return (ports ?? [])
    .filter((p) => {
      const key = `${p.Protocol}/${p.TargetPort}/${p.PublishedPort}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .flatMap((p) =>
      p.TargetPort && p.PublishedPort
        ? [
            {
              containerPort: p.TargetPort,
              hostPort: p.PublishedPort,
              protocol: p.Protocol === "udp" ? "udp" : "tcp",
              hostIp,
            },
          ]
        : [],
    );
}

/** The current version (updates must name it) and force-update counter of an inspected service. */
export function versionOf(s: EngineService): { index: number; forceUpdate: number } {
  return { index: s.Version?.Index ?? 0, forceUpdate: s.Spec?.TaskTemplate?.ForceUpdate ?? 0 };
}

export type { EngineService, EngineTask };
