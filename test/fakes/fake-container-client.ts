import { createHash } from "node:crypto";
import {
  NameConflictError,
  type BuildSpec,
  type ContainerClient,
  type ContainerSpec,
  type ContainerState,
  type ContainerStatus,
  type ContainerSummary,
  type MountInfo,
  type ProgressListener,
} from "../../src/engine/container-client.js";
import type { AttachedProcess, OneOffSpec, ProcessIo, TerminalSize } from "../../src/engine/attached-process.js";
import { Label } from "../../src/engine/labels.js";
import type { LogChunk, LogOptions } from "../../src/engine/log-stream.js";

/** A container the fake engine holds. */
export interface FakeContainer {
  id: string;
  spec: ContainerSpec;
  status: ContainerStatus;
  exitCode: number;
  created: number;
  logs: string;
}

/** How a service's container behaves when started: it exits at once with this code and these logs. */
export interface Crash {
  exitCode: number;
  logs: string;
}

/**
 * An in-memory ContainerClient that records every call that changes something,
 * as `op:target` (target = the container's service, the image or the network),
 * so tests assert on decisions and their order without a Docker engine.
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
  /** Services whose containers exit as soon as they are started. */
  readonly crashOnStart = new Map<string, Crash>();
  /** When set, buildImage fails with this output. */
  buildFailure: string | undefined;
  /** When set, pullImage fails with this message. */
  pullFailure: string | undefined;
  /** What a `run`/`exec` process does with its io; returns its exit code. Default: nothing, exit 0. */
  process: (command: string[], io: ProcessIo) => number = () => 0;
  /** Terminal sizes sent to attached processes. */
  readonly resizes: TerminalSize[] = [];
  private sequence = 0;

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
      privatePorts: [],
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

  listContainers(filter: { group: string; service?: string; oneOff?: boolean }): Promise<ContainerSummary[]> {
    const found = [...this.containers.values()].filter(
      (c) =>
        c.spec.labels[Label.group] === filter.group &&
        (filter.service === undefined || c.spec.labels[Label.service] === filter.service) &&
        (c.spec.labels[Label.oneOff] === "true") === (filter.oneOff ?? false),
    );
    return Promise.resolve(
      found.map((c) => ({
        id: c.id,
        name: c.spec.name,
        group: c.spec.labels[Label.group] ?? "",
        service: c.spec.labels[Label.service] ?? "",
        configHash: c.spec.labels[Label.configHash] ?? "",
        config: c.spec.labels[Label.config] ?? "",
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
    const container = this.get(id);
    return Promise.resolve({
      running: container.status === "running",
      status: container.status,
      exitCode: container.exitCode,
    });
  }

  createContainer(spec: ContainerSpec): Promise<string> {
    if ([...this.containers.values()].some((c) => c.spec.name === spec.name)) {
      return Promise.reject(new NameConflictError(`name ${spec.name} is taken`));
    }
    const id = `c${++this.sequence}`;
    this.containers.set(id, { id, spec, status: "created", exitCode: 0, created: this.sequence, logs: "" });
    this.calls.push(`create:${spec.alias}`);
    return Promise.resolve(id);
  }

  startContainer(id: string): Promise<void> {
    const container = this.get(id);
    this.calls.push(`start:${this.serviceOf(container)}`);
    const crash = this.crashOnStart.get(this.serviceOf(container));
    container.status = crash ? "exited" : "running";
    container.exitCode = crash?.exitCode ?? 0;
    container.logs = crash?.logs ?? "";
    return Promise.resolve();
  }

  stopContainer(id: string, _timeoutSeconds: number): Promise<void> {
    const container = this.get(id);
    this.calls.push(`stop:${this.serviceOf(container)}`);
    container.status = "exited";
    return Promise.resolve();
  }

  removeContainer(id: string, options: { volumes?: boolean } = {}): Promise<void> {
    const container = this.containers.get(id);
    if (container) {
      this.calls.push(`remove${options.volumes ? "+volumes" : ""}:${this.serviceOf(container)}`);
      this.containers.delete(id);
    }
    return Promise.resolve();
  }

  /** Private ports get made-up host ports, 40000 + the container port. */
  publishedPort(id: string, containerPort: number): Promise<number | undefined> {
    return Promise.resolve(this.get(id).spec.privatePorts.includes(containerPort) ? 40000 + containerPort : undefined);
  }

  containerLogs(id: string, tail: number): Promise<string> {
    const lines = this.get(id).logs.replace(/\n$/, "").split("\n");
    return Promise.resolve(lines.slice(-tail).join("\n"));
  }

  /** The container's `logs`, as one stdout chunk; following ends at once (the fake writes nothing later). */
  async *streamLogs(id: string, _options: LogOptions): AsyncIterable<LogChunk> {
    await Promise.resolve();
    const logs = this.get(id).logs;
    if (logs) yield { stream: "stdout", data: Buffer.from(logs) };
  }

  /** A one-off container that runs `process` at once; the caller removes it. */
  async runAttached(spec: OneOffSpec, io: ProcessIo): Promise<AttachedProcess> {
    const id = await this.createContainer({
      ...spec,
      ports: [],
      privatePorts: [],
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

  imageId(reference: string): Promise<string | undefined> {
    return Promise.resolve(this.images.get(reference));
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
    return Promise.resolve(id);
  }

  ensureNetwork(name: string, labels: Record<string, string>): Promise<string> {
    let network = this.networks.get(name);
    if (!network) {
      this.calls.push(`network:${name}`);
      network = { id: `net-${name}`, labels };
      this.networks.set(name, network);
    }
    return Promise.resolve(network.id);
  }

  removeGroupNetworks(group: string): Promise<void> {
    this.calls.push(`removeGroupNetworks:${group}`);
    for (const [name, network] of this.networks) {
      if (network.labels[Label.group] === group) this.networks.delete(name);
    }
    return Promise.resolve();
  }

  ensureVolume(name: string, labels: Record<string, string>): Promise<void> {
    if (!this.volumes.has(name)) {
      this.calls.push(`volume:${name}`);
      this.volumes.set(name, labels);
    }
    return Promise.resolve();
  }

  removeVolumes(names: readonly string[]): Promise<string[]> {
    for (const name of names) this.calls.push(`removeVolume:${name.slice(0, 12)}`);
    return Promise.resolve([...names]);
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
    return container.spec.mounts.map((m) => {
      const name = m.source ?? createHash("sha256").update(`${container.id}${m.target}`).digest("hex");
      const anonymous = !m.source || /^[0-9a-f]{64}$/.test(m.source);
      const bind = m.source?.startsWith("/") ?? false;
      return {
        type: bind ? "bind" : "volume",
        ...(bind ? {} : { name }),
        source: m.source ?? name,
        target: m.target,
        readOnly: m.readOnly,
        anonymous,
      };
    });
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

  private get(id: string): FakeContainer {
    const container = this.containers.get(id);
    if (!container) throw new Error(`no such container: ${id}`);
    return container;
  }

  private serviceOf(container: FakeContainer): string {
    return container.spec.labels[Label.service] ?? container.spec.alias;
  }
}
