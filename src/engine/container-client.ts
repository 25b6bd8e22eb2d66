/**
 * What the orchestrator needs from a container engine. The Docker
 * implementation (docker-client.ts) is the only place that imports dockerode;
 * the orchestrator's tests use a fake.
 */
import type { AttachedProcess, OneOffSpec, ProcessIo } from "./attached-process.js";
import type { LogChunk, LogOptions } from "./log-stream.js";
import type { MountInfo, MountSpec } from "./mounts.js";
import type { PortProtocol, PortSpec, PublishedPort } from "./ports.js";
import type { ProcessSpec } from "./process-config.js";
import type { ContainerOptionsSpec } from "./container-options.js";

export type { MountInfo, MountSpec } from "./mounts.js";
export type { PortSpec, PublishedPort } from "./ports.js";
export type { ContainerOptionsSpec } from "./container-options.js";

export type ContainerStatus = "created" | "running" | "paused" | "restarting" | "removing" | "exited" | "dead";

/** A container of a group, as found by its labels. */
export interface ContainerSummary {
  id: string;
  name: string;
  group: string;
  service: string;
  configHash: string;
  /** The normalised definition it was created from (JSON), to explain a replacement. */
  config: string;
  status: ContainerStatus;
  created: number;
  /** The networks it is attached to. */
  networks: Array<{ name: string; id: string }>;
  /** Its volumes and bind mounts, as the engine reports them. */
  mounts: MountInfo[];
}

export interface ContainerState {
  running: boolean;
  status: ContainerStatus;
  exitCode: number;
  /** Why Docker stopped it (e.g. "OOMKilled"), when it says. */
  error?: string;
  startedAt?: string;
  /** When the previous run ended (Docker's zero time "0001-…" when it never ran before). */
  finishedAt?: string;
  /** The image's HEALTHCHECK status ("starting", "healthy", "unhealthy"), when it has one. */
  health?: string;
  /** What the last HEALTHCHECK run printed, when there was one. */
  healthOutput?: string;
  /** The ports it publishes now (none unless it runs). */
  ports: PublishedPort[];
}

export interface ContainerSpec extends ProcessSpec {
  ports: PortSpec[];
  mounts: MountSpec[];
  /** Unset: the image's STOPSIGNAL (SIGTERM when it has none). */
  stopSignal?: string;
  capAdd: string[];
  /** The network's id (a name can be ambiguous: Docker allows two networks of one name). */
  network: string;
  /** DNS name on the network (the service name). */
  alias: string;
  /** Restart policy, limits, healthcheck and the other options a service may set; none: the engine's defaults. */
  options?: ContainerOptionsSpec;
}

/** A container that publishes a host port (containersPublishing). */
export interface PortHolder {
  id: string;
  name: string;
  /** Its boss group and service, when boss made it. */
  group?: string;
  service?: string;
}

export interface BuildSpec {
  context: string;
  dockerfile: string;
  tag: string;
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
  /** The stage of a multi-stage Dockerfile to build; default: the last. */
  target?: string;
}

/** Files to copy into a container: `entries`, paths under `sourceDir`, go under `targetDir` as they are. */
export interface CopySpec {
  sourceDir: string;
  entries: string[];
  targetDir: string;
}

export interface ImageInfo {
  id: string;
  labels: Record<string, string>;
}

/** Something happened to one of a group's containers: created, started, died, destroyed… (Docker's action word). */
export interface ContainerEvent {
  id: string;
  service: string;
  action: string;
}

/** One line of progress from a pull or build. */
export type ProgressListener = (line: string) => void;

export interface ContainerClient {
  /** The engine's address, spelled one way (`unix:/var/run/docker.sock`, `tcp://host:2375`): one engine, one key. */
  readonly address: string;
  /** Throws DockerUnavailableError when the engine does not answer. */
  checkAvailable(): Promise<void>;

  /** The group's service containers (of one service, with `service`); one-off containers (`boss run`) are not. */
  listContainers(filter: { group: string; service?: string }): Promise<ContainerSummary[]>;
  inspectContainer(id: string): Promise<ContainerState>;
  /** Creates a container; a name already taken throws NameConflictError. */
  createContainer(spec: ContainerSpec): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** Sends the container's stop signal, then SIGKILL after `timeoutSeconds`. Stopping a stopped container is fine. */
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  /**
   * Removes a container, killing it if it still runs (stop it first to be graceful); a missing one is fine.
   * With `volumes`, its anonymous volumes go too; named volumes never do.
   */
  removeContainer(id: string, options?: { volumes?: boolean }): Promise<void>;
  /** The host port a running container publishes `containerPort/tcp` on at 127.0.0.1 or every address, if any. */
  publishedPort(id: string, containerPort: number): Promise<number | undefined>;
  /**
   * The running containers that publish `hostPort/protocol` on the host, of any group and not only boss's
   * (`group` and `service` are set for boss's): who holds a port a new container cannot get.
   */
  containersPublishing(hostPort: number, protocol: PortProtocol): Promise<PortHolder[]>;
  /** The last `tail` lines of stdout and stderr, interleaved. */
  containerLogs(id: string, tail: number): Promise<string>;

  /**
   * What happens to the group's containers from now on (created, started, died, destroyed…), until `signal` aborts:
   * how a long-running reader (`boss ui`) learns that another boss changed the group.
   */
  containerEvents(group: string, signal: AbortSignal): AsyncIterable<ContainerEvent>;
  /** The container's output; with `follow`, until it stops or `signal` aborts. */
  streamLogs(id: string, options: LogOptions, signal?: AbortSignal): AsyncIterable<LogChunk>;
  /** Creates a one-off container, attaches `io` and starts it; the caller removes it. */
  runAttached(spec: OneOffSpec, io: ProcessIo): Promise<AttachedProcess>;
  /** Runs `command` in a running container with `io` attached. */
  execAttached(id: string, command: string[], io: ProcessIo): Promise<AttachedProcess>;
  /** Runs `command` in a running container to its end, without a terminal: its exit code and its output. */
  runInContainer(id: string, command: string[]): Promise<{ exitCode: number; output: string }>;
  /** Copies files into a container as `docker cp` does (folders made on the way); see CopySpec. */
  copyIntoContainer(id: string, spec: CopySpec): Promise<void>;

  /** The local image's id, or undefined when not present. */
  imageId(reference: string): Promise<string | undefined>;
  /** The local image's id and labels (its Dockerfile's and the build's), or undefined when not present. */
  inspectImage(reference: string): Promise<ImageInfo | undefined>;
  pullImage(reference: string, onProgress: ProgressListener): Promise<void>;
  /**
   * Builds and tags an image; returns its id. Failure throws with the build output, and leaves no untagged
   * image behind. `onStep` hears each step's image as it is made (to clean up after a build cut short).
   */
  buildImage(spec: BuildSpec, onProgress: ProgressListener, onStep?: (imageId: string) => void): Promise<string>;
  /** Removes an image nothing names (no tag) and nothing is built on; otherwise, or when gone, does nothing. */
  removeUntaggedImage(id: string): Promise<void>;

  /**
   * The id of the one network of that exact name, created with `labels` when there is none. When a
   * concurrent create made two, the oldest is kept and the others removed (by id), so there is one.
   */
  ensureNetwork(name: string, labels: Record<string, string>): Promise<string>;
  /**
   * Removes the networks boss created for this group (found by label, so a user's own network is kept). Returns
   * the names of those the engine would not remove though no container is attached to them: it still counts an
   * endpoint it has lost track of (a Docker bug, moby/moby#42119, that only restarting the engine clears).
   */
  removeGroupNetworks(group: string): Promise<string[]>;

  /** Creates the named volume with `labels` unless it exists (then it is used as it is). */
  ensureVolume(name: string, labels: Record<string, string>): Promise<void>;
  /**
   * Removes volumes by name, returning those that are gone now (a volume another container still uses
   * stays). For anonymous volumes carried over to a replacement: the engine mounted them by name, so
   * removing the container with `volumes` no longer removes them.
   */
  removeVolumes(names: readonly string[]): Promise<string[]>;
  /** Removes the volumes boss created for this group (by label); returns their names. */
  removeGroupVolumes(group: string): Promise<string[]>;
}

/** createContainer's name was taken (by another group, or a container boss did not make). */
export class NameConflictError extends Error {
  override readonly name = "NameConflictError";
}
