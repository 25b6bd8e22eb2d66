/**
 * What `boss deploy` needs from a Docker Swarm manager: services, their
 * tasks and logs, the group's overlay network, and pushing built images.
 * The dockerode implementation is docker-swarm-client.ts; the orchestrator's
 * tests use a fake (test/fakes/fake-swarm-client.ts).
 */
import type { LogChunk, LogOptions } from "../log-stream.js";
import type { PublishedPort } from "../ports.js";
import type { ProgressListener } from "../container-client.js";

/** The engine's place in a swarm. */
export interface SwarmInfo {
  /** "inactive" (not in a swarm), "active", "pending", "error", "locked". */
  state: string;
  /** True when the engine is a manager: it can create services. */
  manager: boolean;
  /** Nodes in the swarm (0 when not in one). */
  nodes: number;
}

export interface SwarmPort {
  targetPort: number;
  /** Unset: Swarm picks one (ingress), or each task gets a free host port (host mode). */
  publishedPort?: number;
  protocol: "tcp" | "udp";
  mode: "ingress" | "host";
}

export interface SwarmMount {
  type: "volume" | "bind";
  /** A named volume's or a host folder's name; unset for an anonymous volume. */
  source?: string;
  target: string;
  readOnly: boolean;
  /** Labels of a named volume, when the node creates it. */
  volumeLabels?: Record<string, string>;
}

/** A Swarm service as boss creates it; the engine client turns it into the engine's ServiceSpec. */
export interface SwarmServiceSpec {
  name: string;
  /** On the service: boss.group, boss.service, the hash and normalised config. */
  labels: Record<string, string>;
  /** On each task's container. */
  containerLabels: Record<string, string>;
  image: string;
  env: Record<string, string>;
  entrypoint?: string[];
  cmd?: string[];
  user?: string;
  workingDir?: string;
  hostname?: string;
  init?: boolean;
  stopSignal?: string;
  stopGracePeriodSeconds?: number;
  capAdd: string[];
  mounts: SwarmMount[];
  /** The overlay network's id, and the service's DNS name on it. */
  network: string;
  aliases: string[];
  ports: SwarmPort[];
  endpointMode: "vip" | "dnsrr";
  replicas: number;
  constraints: string[];
  /** Bytes. */
  memory?: number;
  cpus?: number;
  /** How a rolling update replaces a task: the new one first when nothing it holds forbids two at once. */
  updateOrder: "start-first" | "stop-first";
}

/** A service of a group, as found by its labels. */
export interface SwarmServiceSummary {
  id: string;
  name: string;
  labels: Record<string, string>;
  replicas: number;
  /** Swarm's rolling update state ("updating", "completed", "paused", "rollback_completed"…), when one ran. */
  updateState?: string;
  updateMessage?: string;
  /** The published ports of the service's endpoint (ingress mode). */
  endpointPorts: PublishedPort[];
  /** Its force-update counter: which round of tasks of one definition is the current one. */
  attempt: number;
}

export type TaskState =
  | "new"
  | "allocated"
  | "pending"
  | "assigned"
  | "accepted"
  | "preparing"
  | "ready"
  | "starting"
  | "running"
  | "complete"
  | "shutdown"
  | "failed"
  | "rejected"
  | "remove"
  | "orphaned";

export interface SwarmTask {
  id: string;
  serviceId: string;
  slot?: number;
  desiredState: string;
  state: TaskState;
  /** Why it failed, was rejected, or waits ("no suitable node (…)"). */
  error?: string;
  message?: string;
  containerId?: string;
  /** The task's container labels (its definition's hash among them). */
  containerLabels: Record<string, string>;
  /** Host-mode ports the task publishes on its node. */
  ports: PublishedPort[];
  /** When its state last changed (ISO). */
  timestamp: string;
  /** The service's force-update counter when the task was made (SwarmServiceSummary.attempt). */
  attempt: number;
}

export interface SwarmClient {
  readonly address: string;
  swarmInfo(): Promise<SwarmInfo>;
  /** The services labelled with the group (with `service`: that one). */
  listServices(filter: { group: string; service?: string }): Promise<SwarmServiceSummary[]>;
  createService(spec: SwarmServiceSpec): Promise<string>;
  /**
   * Replaces the service's spec (a rolling update of its tasks when the task template changes). `force`
   * restarts its tasks even when the template is equal (a rebuilt image under the same tag).
   */
  updateService(id: string, spec: SwarmServiceSpec, options: { force: boolean }): Promise<{ attempt: number }>;
  /** Changes only the service's labels: its tasks are left running. */
  setServiceLabels(id: string, labels: Record<string, string>): Promise<void>;
  /** A missing service is fine. */
  removeService(id: string): Promise<void>;
  listTasks(serviceId: string): Promise<SwarmTask[]>;
  /** The service's output (every task's); with `follow`, until `signal` aborts. */
  serviceLogs(serviceId: string, options: LogOptions, signal?: AbortSignal): AsyncIterable<LogChunk>;

  /** The id of the attachable overlay network of that name, made with `labels` when missing. */
  ensureOverlayNetwork(name: string, labels: Record<string, string>): Promise<string>;
  /** Removes the networks with these labels; returns their names. */
  removeNetworks(labels: Record<string, string>): Promise<string[]>;
  /** Containers on this engine with these labels (task containers still shutting down). */
  countContainers(labels: Record<string, string>): Promise<number>;

  /** Tags a local image as `target` and pushes it; returns the pushed reference with its digest when the registry says it. */
  pushImage(source: string, target: string, onProgress: ProgressListener): Promise<string>;
}
