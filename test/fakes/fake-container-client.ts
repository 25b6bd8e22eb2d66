import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join, posix } from "node:path";
import {
  NameConflictError,
  type BuildSpec,
  type ContainerClient,
  type ContainerEvent,
  type ContainerSpec,
  type ContainerState,
  type ContainerStatus,
  type ContainerSummary,
  type CopySpec,
  type MountInfo,
  type PortHolder,
  type ImageInfo,
  type ProgressListener,
  type PublishedPort,
} from "../../src/engine/container-client.js";
import type { AttachedProcess, OneOffSpec, ProcessIo, TerminalSize } from "../../src/engine/attached-process.js";
import { Label } from "../../src/engine/labels.js";
import type { LogChunk, LogOptions } from "../../src/engine/log-stream.js";
import { isAnonymousVolumeName } from "../../src/engine/mounts.js";
import { EngineError } from "../../src/errors.js";
import type { PortProtocol } from "../../src/engine/ports.js";

/** A container the fake engine holds. */
export interface FakeContainer {
  id: string;
  spec: ContainerSpec;
  status: ContainerStatus;
  exitCode: number;
  created: number;
  logs: string;
  /** What it publishes while it runs (host ports the engine picks are chosen at start, as Docker does). */
  ports: PublishedPort[];
}

/** How a service's container behaves when started: it exits at once with this code and these logs. */
export interface Crash {
  exitCode: number;
  logs: string;
}

/**
 * An in-memory ContainerClient that records every call that changes something,
 * as `op:target` (target = the container's service, the image or the network),
 * so tests assert on decisions and their order without a Docker engine. It
 * answers as Docker does where the orchestrator relies on it: the cases of
 * test/engine/container-client-contract.ts run against both.
 */
export class FakeContainerClient implements ContainerClient {
  // Unique, so that tests running at once never share a group lock (its key includes the endpoint).
  readonly endpoint = `fake engine ${Math.random().toString(36).slice(2)}`;
  readonly address = this.endpoint;
  readonly containers = new Map<string, FakeContainer>();
  /** Image reference → image id. */
  readonly images = new Map<string, string>();
  /** Network name → its id and labels. */
  readonly networks = new Map<string, { id: string; labels: Record<string, string> }>();
  /** Volume name → its labels. */
  readonly volumes = new Map<string, Record<string, string>>();
  readonly calls: string[] = [];
  /** Every container list asked, by the service it was for ("*": the whole group); not in `calls`. */
  readonly lists: string[] = [];
  /** The timeout each service's containers were last stopped with. */
  readonly stopTimeouts = new Map<string, number>();
  /** Services whose containers exit as soon as they are started. */
  readonly crashOnStart = new Map<string, Crash>();
  /** Services whose containers' stop fails with this error. */
  readonly stopFailure = new Map<string, Error>();
  /**
   * Services whose stop call returns (or fails) only when this settles, after their containers died: the
   * engine still cleaning up behind them.
   */
  readonly stopCleanup = new Map<string, Promise<void>>();
  /** When set, containerEvents fails with it before it follows anything. */
  eventsFailure: Error | undefined;
  /** Networks the engine will not remove: it counts an endpoint no container holds (moby/moby#42119). */
  readonly staleEndpointNetworks = new Set<string>();
  /** When set, buildImage fails with this output. */
  buildFailure: string | undefined;
  /** When set, pullImage fails with this message. */
  pullFailure: string | undefined;
  /** What a `run`/`exec` process does with its io; returns its exit code. Default: nothing, exit 0. */
  process: (command: string[], io: ProcessIo) => number = () => 0;
  /** What `runInContainer` answers. Default: exit 0, no output. */
  runResult: (command: string[]) => { exitCode: number; output: string } = () => ({ exitCode: 0, output: "" });
  /** Files copied into containers: container id → container path → the content copied. */
  readonly copied = new Map<string, Map<string, string>>();
  /** Terminal sizes sent to attached processes. */
  readonly resizes: TerminalSize[] = [];
  /** Who follows containerEvents now: each hears what happens to every container; it filters its group. */
  private readonly eventListeners = new Set<(event: ContainerEvent & { group: string }) => void>();
  private sequence = 0;
  private networkSequence = 0;
  /** The next host port "the engine" picks (Docker's ephemeral range starts here). */
  private nextHostPort = 49153;

  constructor(images: readonly string[] = ["busybox"]) {
    for (const image of images) this.images.set(image, `sha256:${image}`);
  }

  /** The containers of `service` (any group), oldest first. */
  containersOf(service: string): FakeContainer[] {
    return [...this.containers.values()].filter((c) => c.spec.labels[Label.service] === service);
  }

  /** Marks the service's containers exited, as if they stopped on their own. */
  exit(service: string, exitCode = 0): void {
    for (const container of this.containersOf(service)) {
      container.status = "exited";
      container.exitCode = exitCode;
      container.ports = [];
      this.tell(container, "die");
    }
  }

  /** Creates and starts a container for `service` of `group`, as if another boss run had made it. */
  async addRunning(group: string, service: string): Promise<string> {
    const id = await this.createContainer({
      name: `${group}-${service}-${this.sequence + 1}`,
      image: "busybox",
      env: {},
      ports: [],
      mounts: [],
      capAdd: [],
      network: await this.ensureNetwork(`boss-${group}`, { [Label.group]: group }),
      alias: service,
      labels: { [Label.group]: group, [Label.service]: service },
    });
    await this.startContainer(id);
    return id;
  }

  /** The recorded calls whose op is `op`, as their targets. */
  callsOf(op: string): string[] {
    return this.calls.filter((c) => c.startsWith(`${op}:`)).map((c) => c.slice(op.length + 1));
  }

  checkAvailable(): Promise<void> {
    return Promise.resolve();
  }

  listContainers(filter: { group: string; service?: string }): Promise<ContainerSummary[]> {
    this.lists.push(filter.service ?? "*");
    const found = [...this.containers.values()].filter(
      (c) =>
        c.spec.labels[Label.group] === filter.group &&
        (filter.service === undefined || c.spec.labels[Label.service] === filter.service) &&
        c.spec.labels[Label.oneOff] !== "true",
    );
    return Promise.resolve(
      found.map((c) => ({
        id: c.id,
        name: c.spec.name,
        group: c.spec.labels[Label.group] ?? "",
        service: c.spec.labels[Label.service] ?? "",
        configHash: c.spec.labels[Label.configHash] ?? "",
        config: c.spec.labels[Label.config] ?? "{}",
        status: c.status,
        created: c.created,
        networks: [...this.networks]
          .filter(([, n]) => n.id === c.spec.network)
          .map(([name, n]) => ({ name, id: n.id })),
        mounts: this.mountsOf(c),
      })),
    );
  }

  inspectContainer(id: string): Promise<ContainerState> {
    return this.found(id, "inspect container", (container) => ({
      running: container.status === "running",
      status: container.status,
      exitCode: container.exitCode,
      ports: container.ports,
    }));
  }

  createContainer(spec: ContainerSpec): Promise<string> {
    if ([...this.containers.values()].some((c) => c.spec.name === spec.name)) {
      return Promise.reject(new NameConflictError(`name ${spec.name} is taken`));
    }
    const id = `c${++this.sequence}`;
    this.containers.set(id, { id, spec, status: "created", exitCode: 0, created: this.sequence, logs: "", ports: [] });
    this.calls.push(`create:${spec.alias}`);
    this.tell(this.get(id), "create");
    return Promise.resolve(id);
  }

  /** Starting a running container does nothing (Docker answers 304). */
  startContainer(id: string): Promise<void> {
    return this.found(id, "start container", (container) => {
      this.calls.push(`start:${this.serviceOf(container)}`);
      if (container.status === "running") return;
      const crash = this.crashOnStart.get(this.serviceOf(container));
      this.checkPortsFree(container);
      container.status = crash ? "exited" : "running";
      container.exitCode = crash?.exitCode ?? 0;
      container.logs = crash?.logs ?? "";
      container.ports = crash ? [] : container.spec.ports.map((p) => this.publish(p));
      this.tell(container, crash ? "die" : "start");
    });
  }

  /** Stopping a stopped or missing container does nothing (Docker answers 304 or 404, which boss ignores). */
  stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    const container = this.containers.get(id);
    if (!container) return Promise.resolve();
    this.calls.push(`stop:${this.serviceOf(container)}`);
    this.stopTimeouts.set(this.serviceOf(container), timeoutSeconds);
    const failure = this.stopFailure.get(this.serviceOf(container));
    const cleanup = this.stopCleanup.get(this.serviceOf(container));
    if (failure && !cleanup) return Promise.reject(failure);
    const wasRunning = container.status === "running";
    container.status = "exited";
    container.ports = [];
    if (wasRunning) this.tell(container, "die");
    return cleanup ? cleanup.then(() => (failure ? Promise.reject(failure) : undefined)) : Promise.resolve();
  }

  removeContainer(id: string, options: { volumes?: boolean } = {}): Promise<void> {
    const container = this.containers.get(id);
    if (container) {
      this.calls.push(`remove${options.volumes ? "+volumes" : ""}:${this.serviceOf(container)}`);
      this.containers.delete(id);
      this.tell(container, "destroy");
    }
    return Promise.resolve();
  }

  publishedPort(id: string, containerPort: number): Promise<number | undefined> {
    return this.found(
      id,
      "inspect container",
      (container) =>
        container.ports.find(
          (p) =>
            p.containerPort === containerPort &&
            p.protocol === "tcp" &&
            (p.hostIp === "127.0.0.1" || p.hostIp === "0.0.0.0"),
        )?.hostPort,
    );
  }

  containersPublishing(hostPort: number, protocol: PortProtocol): Promise<PortHolder[]> {
    const holders = [...this.containers.values()].filter((c) =>
      c.ports.some((p) => p.hostPort === hostPort && p.protocol === protocol),
    );
    return Promise.resolve(
      holders.map((c) => {
        const group = c.spec.labels[Label.group];
        const service = c.spec.labels[Label.service];
        return { id: c.id, name: c.spec.name, ...(group ? { group } : {}), ...(service ? { service } : {}) };
      }),
    );
  }

  containerLogs(id: string, tail: number): Promise<string> {
    return this.found(id, "read the logs of container", (container) => lastLines(container.logs, tail));
  }

  /** What happens to the group's containers from now on, as the engine's event stream tells it, until `signal` aborts. */
  async *containerEvents(group: string, signal: AbortSignal): AsyncIterable<ContainerEvent> {
    if (this.eventsFailure) throw this.eventsFailure;
    const queue: ContainerEvent[] = [];
    let wake: (() => void) | undefined;
    const listener = (event: ContainerEvent & { group: string }) => {
      if (event.group !== group) return;
      queue.push({ id: event.id, service: event.service, action: event.action });
      wake?.();
    };
    const onAbort = () => wake?.();
    this.eventListeners.add(listener);
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      while (!signal.aborted) {
        const next = queue.shift();
        if (next) yield next;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      this.eventListeners.delete(listener);
      signal.removeEventListener("abort", onAbort);
    }
  }

  /** The container's `logs` (the last `tail` lines), as one stdout chunk; following ends at once (the fake writes nothing later). */
  async *streamLogs(id: string, options: LogOptions): AsyncIterable<LogChunk> {
    const logs = lastLines((await this.found(id, "read the logs of container", (c) => c)).logs, options.tail);
    if (logs) yield { stream: "stdout", data: Buffer.from(logs) };
  }

  /** A one-off container that runs `process` at once; the caller removes it. */
  async runAttached(spec: OneOffSpec, io: ProcessIo): Promise<AttachedProcess> {
    const id = await this.createContainer({
      ...spec,
      ports: [],
      alias: spec.labels[Label.service] ?? spec.name,
    });
    this.calls.push(`run:${spec.labels[Label.service] ?? spec.name}`);
    this.get(id).status = "running";
    return this.attached(id, spec.cmd ?? [], io);
  }

  execAttached(id: string, command: string[], io: ProcessIo): Promise<AttachedProcess> {
    this.calls.push(`exec:${this.serviceOf(this.get(id))}`);
    return Promise.resolve(this.attached(`exec-${id}`, command, io));
  }

  runInContainer(id: string, command: string[]): Promise<{ exitCode: number; output: string }> {
    const container = this.get(id);
    if (container.status !== "running") return Promise.reject(new EngineError(`container ${id} is not running`, 409));
    this.calls.push(`run-in:${this.serviceOf(container)}:${command.join(" ")}`);
    // What copied files need: cat shows one, rm -rf removes them (as the contract's cases use them).
    const files = this.copied.get(id) ?? new Map<string, string>();
    const [program, ...args] = command;
    if (program === "cat") {
      const content = files.get(args[0] ?? "");
      return Promise.resolve(
        content === undefined ? { exitCode: 1, output: "No such file" } : { exitCode: 0, output: content },
      );
    }
    if (program === "rm") {
      const paths = args.filter((arg) => !arg.startsWith("-"));
      for (const path of [...files.keys()]) {
        if (paths.some((p) => path === p || path.startsWith(`${p}/`))) files.delete(path);
      }
      return Promise.resolve({ exitCode: 0, output: "" });
    }
    return Promise.resolve(this.runResult(command));
  }

  /** Reads the files as Docker would, and keeps what they hold by container path. */
  async copyIntoContainer(id: string, spec: CopySpec): Promise<void> {
    const container = this.get(id);
    this.calls.push(`copy:${this.serviceOf(container)}:${spec.entries.length}`);
    const files = this.copied.get(id) ?? new Map<string, string>();
    for (const entry of spec.entries) {
      files.set(posix.join(spec.targetDir, entry), await readFile(join(spec.sourceDir, entry), "utf8"));
    }
    this.copied.set(id, files);
  }

  imageId(reference: string): Promise<string | undefined> {
    return Promise.resolve(this.images.get(reference));
  }

  /** Image reference → the labels its build gave it. */
  readonly imageLabels = new Map<string, Record<string, string>>();

  inspectImage(reference: string): Promise<ImageInfo | undefined> {
    const id = this.images.get(reference);
    return Promise.resolve(id ? { id, labels: this.imageLabels.get(reference) ?? {} } : undefined);
  }

  pullImage(reference: string, onProgress: ProgressListener): Promise<void> {
    this.calls.push(`pull:${reference}`);
    if (this.pullFailure) return Promise.reject(new Error(this.pullFailure));
    onProgress(`pulled ${reference}`);
    this.images.set(reference, `sha256:${reference}`);
    return Promise.resolve();
  }

  /** Image ids `removeUntaggedImage` was asked to remove. */
  readonly removedImages: string[] = [];

  removeUntaggedImage(id: string): Promise<void> {
    this.removedImages.push(id);
    return Promise.resolve();
  }

  buildImage(spec: BuildSpec, onProgress: ProgressListener, onStep?: (imageId: string) => void): Promise<string> {
    this.calls.push(`build:${spec.tag}`);
    onStep?.(`step-of-${spec.tag}`);
    if (this.buildFailure) return Promise.reject(new Error(this.buildFailure));
    onProgress(`built ${spec.tag} from ${spec.context}/${spec.dockerfile}`);
    const id = `sha256:${spec.tag}-build${++this.sequence}`;
    this.images.set(spec.tag, id);
    this.imageLabels.set(spec.tag, spec.labels);
    return Promise.resolve(id);
  }

  ensureNetwork(name: string, labels: Record<string, string>): Promise<string> {
    let network = this.networks.get(name);
    if (!network) {
      this.calls.push(`network:${name}`);
      // A new id each time, as Docker's: a network removed and made again is another network.
      network = { id: `net-${name}-${++this.networkSequence}`, labels };
      this.networks.set(name, network);
    }
    return Promise.resolve(network.id);
  }

  removeGroupNetworks(group: string): Promise<string[]> {
    this.calls.push(`removeGroupNetworks:${group}`);
    const stuck: string[] = [];
    for (const [name, network] of this.networks) {
      if (network.labels[Label.group] !== group) continue;
      if (this.staleEndpointNetworks.has(name)) stuck.push(name);
      else this.networks.delete(name);
    }
    return Promise.resolve(stuck);
  }

  ensureVolume(name: string, labels: Record<string, string>): Promise<void> {
    if (!this.volumes.has(name)) {
      this.calls.push(`volume:${name}`);
      this.volumes.set(name, labels);
    }
    return Promise.resolve();
  }

  /** A volume a container still mounts stays (Docker answers 409); a missing one counts as gone. */
  removeVolumes(names: readonly string[]): Promise<string[]> {
    const inUse = new Set([...this.containers.values()].flatMap((c) => this.mountsOf(c).flatMap((m) => m.name ?? [])));
    for (const name of names) this.calls.push(`removeVolume:${name.slice(0, 12)}`);
    const gone = names.filter((name) => !inUse.has(name));
    for (const name of gone) this.volumes.delete(name);
    return Promise.resolve(gone);
  }

  removeGroupVolumes(group: string): Promise<string[]> {
    const names = [...this.volumes].filter(([, labels]) => labels[Label.group] === group).map(([name]) => name);
    for (const name of names) {
      this.calls.push(`removeVolume:${name}`);
      this.volumes.delete(name);
    }
    return Promise.resolve(names);
  }

  /** A mount without a source gets a made-up anonymous volume name, fixed per container and path. */
  private mountsOf(container: FakeContainer): MountInfo[] {
    return container.spec.mounts.map((m): MountInfo => {
      if (m.source?.startsWith("/")) {
        return { type: "bind", source: m.source, target: m.target, readOnly: m.readOnly, anonymous: false };
      }
      const name = m.source ?? createHash("sha256").update(`${container.id}${m.target}`).digest("hex");
      return {
        type: "volume",
        name,
        source: `/var/lib/docker/volumes/${name}/_data`,
        target: m.target,
        readOnly: m.readOnly,
        anonymous: isAnonymousVolumeName(name),
      };
    });
  }

  /** A host port another running container publishes fails the start, in Docker's words. */
  private checkPortsFree(container: FakeContainer): void {
    for (const wanted of container.spec.ports) {
      if (wanted.hostPort === undefined) continue;
      const taken = [...this.containers.values()].some(
        (c) => c !== container && c.ports.some((p) => p.hostPort === wanted.hostPort && p.protocol === wanted.protocol),
      );
      if (taken) {
        throw new EngineError(
          `the Docker engine could not start container ${container.id}: driver failed programming external ` +
            `connectivity on endpoint ${container.spec.name} (${container.id}): ` +
            `Bind for ${wanted.hostIp ?? "0.0.0.0"}:${wanted.hostPort} failed: port is already allocated (HTTP 500)`,
          500,
        );
      }
    }
  }

  /** A port as the engine publishes it at start: every address unless one is given, a free host port unless one is. */
  private publish(port: ContainerSpec["ports"][number]): PublishedPort {
    return {
      containerPort: port.containerPort,
      protocol: port.protocol,
      hostIp: port.hostIp ?? "0.0.0.0",
      hostPort: port.hostPort ?? this.nextHostPort++,
    };
  }

  private attached(id: string, command: string[], io: ProcessIo): AttachedProcess {
    const exitCode = this.process(command, io);
    return {
      id,
      resize: (size) => {
        this.resizes.push(size);
        return Promise.resolve();
      },
      wait: () => Promise.resolve(exitCode),
      detach: () => undefined,
    };
  }

  private tell(container: FakeContainer, action: string): void {
    if (container.spec.labels[Label.oneOff] === "true") return;
    const event = {
      id: container.id,
      group: container.spec.labels[Label.group] ?? "",
      service: this.serviceOf(container),
      action,
    };
    for (const listener of this.eventListeners) listener(event);
  }

  private get(id: string): FakeContainer {
    const container = this.containers.get(id);
    if (!container) throw noSuchContainer(id, "use container");
    return container;
  }

  /** `use(container)`, or a rejection as DockerContainerClient's for a missing container. */
  private found<T>(id: string, what: string, use: (container: FakeContainer) => T): Promise<T> {
    const container = this.containers.get(id);
    if (!container) return Promise.reject(noSuchContainer(id, what));
    try {
      return Promise.resolve(use(container));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private serviceOf(container: FakeContainer): string {
    return container.spec.labels[Label.service] ?? container.spec.alias;
  }
}

/** What DockerContainerClient throws when the engine answers 404 for a container. */
function noSuchContainer(id: string, what: string): EngineError {
  return new EngineError(
    `the Docker engine could not ${what} ${id.slice(0, 12)}: No such container: ${id} (HTTP 404)`,
    404,
  );
}

/** The last `tail` lines of `text` (all without `tail`), each with its newline, as Docker's logs give them. */
function lastLines(text: string, tail?: number): string {
  if (tail === undefined) return text;
  return tail > 0
    ? text
        .split(/(?<=\n)/)
        .slice(-tail)
        .join("")
    : "";
}
