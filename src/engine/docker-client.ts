import type Docker from "dockerode";
import { Docker as DockerClass } from "./dockerode.js";
import { realpathSync } from "node:fs";
import { DockerUnavailableError, messageOf } from "../errors.js";
import {
  NameConflictError,
  type BuildSpec,
  type ContainerClient,
  type ContainerEvent,
  type ContainerSpec,
  type ContainerState,
  type ContainerStatus,
  type CopySpec,
  type ContainerSummary,
  type PortHolder,
  type ImageInfo,
  type ProgressListener,
} from "./container-client.js";
import type { PortProtocol } from "./ports.js";
import type { AttachedProcess, OneOffSpec, ProcessIo } from "./attached-process.js";
import { logCall, logStream } from "./call-log.js";
import { buildImage, pullImage, removeIfUntagged } from "./docker-build.js";
import { execInContainer, runOneOffContainer } from "./docker-attach.js";
import { copyIntoContainer, runToEnd } from "./docker-copy.js";
import { dockerLogs } from "./docker-logs.js";
import { dockerContainerEvents } from "./docker-events.js";
import { portConfig, portHolder, publishedPorts, toSummary } from "./docker-objects.js";
import { engineFailure, isConnectionFailure, statusOf } from "./engine-errors.js";
import { mountConfig, processConfig } from "./process-config.js";
import { optionsConfig } from "./container-options.js";
import { withRawCreateOptions } from "./raw-create-options.js";
import type { LogChunk, LogOptions } from "./log-stream.js";
import { Label } from "./labels.js";
import { isAnonymousVolumeName } from "./mounts.js";

const pingTimeoutMs = 5000;
/** How long a short call (list, inspect, create, start, remove, networks, volumes) may take. */
const defaultCallTimeoutSeconds = 60;

/**
 * The Docker Engine API over dockerode; honours DOCKER_HOST like the docker CLI.
 * Short calls go through a client whose requests time out (a hung engine ends
 * the command instead of hanging it); builds, pulls, log streams and stops,
 * which may rightly take long, through one without.
 */
export class DockerContainerClient implements ContainerClient {
  /** Where the engine is expected, for messages: DOCKER_HOST, or the default socket. */
  readonly endpoint: string;
  readonly address: string;
  private readonly docker: Docker;
  private readonly unbounded: Docker;
  private readonly timeoutMs: number;

  constructor(timeoutSeconds = engineTimeoutSeconds()) {
    this.timeoutMs = timeoutSeconds * 1000;
    this.docker = new DockerClass({ timeout: this.timeoutMs });
    this.unbounded = new DockerClass();
    const host = process.env.DOCKER_HOST;
    this.endpoint = host ? `DOCKER_HOST=${host}` : "the socket /var/run/docker.sock (DOCKER_HOST is not set)";
    this.address = engineAddress(host);
  }

  async checkAvailable(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${pingTimeoutMs / 1000} s`)), pingTimeoutMs);
    });
    try {
      await Promise.race([logCall("ping the engine", () => this.docker.ping()), timeout]);
    } catch (error) {
      throw new DockerUnavailableError(
        `cannot reach the Docker engine through ${this.endpoint}: ${messageOf(error)}. ` +
          "Start Docker (or dockerd), or point DOCKER_HOST at a running engine.",
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  listContainers(filter: { group: string; service?: string }): Promise<ContainerSummary[]> {
    return this.call(`list the containers of group ${filter.group}`, async () => {
      const labels = [`${Label.group}=${filter.group}`];
      if (filter.service) labels.push(`${Label.service}=${filter.service}`);
      const found = await this.docker.listContainers({ all: true, filters: { label: labels } });
      return found.filter((c) => c.Labels[Label.oneOff] !== "true").map(toSummary);
    });
  }

  inspectContainer(id: string): Promise<ContainerState> {
    return this.call(`inspect container ${short(id)}`, async () => {
      const info = await this.docker.getContainer(id).inspect();
      const state = info.State;
      const error = state.OOMKilled ? "OOMKilled" : state.Error || undefined;
      return {
        running: state.Running,
        status: state.Status as ContainerStatus,
        exitCode: state.ExitCode,
        ...(error ? { error } : {}),
        ...(state.Health?.Status ? { health: state.Health.Status } : {}),
        ...(state.Health?.Log?.length ? { healthOutput: state.Health.Log[state.Health.Log.length - 1]?.Output } : {}),
        startedAt: state.StartedAt,
        finishedAt: state.FinishedAt,
        ports: publishedPorts(info.NetworkSettings.Ports),
      };
    });
  }

  createContainer(spec: ContainerSpec): Promise<string> {
    return this.call(`create the container ${spec.name}`, async () => {
      const { ExposedPorts, PortBindings } = portConfig(spec.ports);
      const { Binds, Volumes } = mountConfig(spec.mounts);
      try {
        const options = optionsConfig(spec.options);
        const body = {
          ...processConfig(spec),
          ...(spec.stopSignal ? { StopSignal: spec.stopSignal } : {}),
          ...(Volumes ? { Volumes } : {}),
          ...options,
          ...(spec.options?.platform ? { platform: spec.options.platform } : {}),
          Labels: { ...spec.options?.labels, ...spec.labels },
          ExposedPorts,
          HostConfig: {
            PortBindings,
            Binds,
            NetworkMode: spec.network,
            ...(spec.capAdd.length ? { CapAdd: spec.capAdd } : {}),
            ...options.HostConfig,
          },
          NetworkingConfig: {
            EndpointsConfig: { [spec.network]: { Aliases: [spec.alias, ...(spec.options?.aliases ?? [])] } },
          },
        };
        const container = await this.docker.createContainer(
          withRawCreateOptions(body, spec.options?.rawCreateOptions, spec.labels),
        );
        return container.id;
      } catch (error) {
        // Docker says 409; Podman's Docker API says 500 "… name … is already in use".
        if (statusOf(error) === 409 || (statusOf(error) === 500 && /name .* is already in use/.test(messageOf(error))))
          throw new NameConflictError(`container name ${spec.name} is taken`, { cause: error });
        throw error;
      }
    });
  }

  startContainer(id: string): Promise<void> {
    return this.call(`start container ${short(id)}`, () => ignoreStatus(this.docker.getContainer(id).start(), 304));
  }

  /** Unbounded by the call timeout (the engine waits `timeoutSeconds` itself), but not forever. */
  stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    return this.call(`stop container ${short(id)}`, () =>
      ignoreStatus(
        this.unbounded
          .getContainer(id)
          .stop({ t: timeoutSeconds, abortSignal: AbortSignal.timeout(timeoutSeconds * 1000 + this.timeoutMs) }),
        304,
        404,
      ),
    );
  }

  removeContainer(id: string, options: { volumes?: boolean } = {}): Promise<void> {
    return this.call(`remove container ${short(id)}`, () =>
      ignoreStatus(this.docker.getContainer(id).remove({ force: true, v: options.volumes ?? false }), 404, 409),
    );
  }

  publishedPort(id: string, containerPort: number): Promise<number | undefined> {
    return this.call(`inspect container ${short(id)}`, async () => {
      const info = await this.docker.getContainer(id).inspect();
      return publishedPorts(info.NetworkSettings.Ports).find(
        (p) =>
          p.containerPort === containerPort &&
          p.protocol === "tcp" &&
          (p.hostIp === "127.0.0.1" || p.hostIp === "0.0.0.0") &&
          p.hostPort > 0,
      )?.hostPort;
    });
  }

  containersPublishing(hostPort: number, protocol: PortProtocol): Promise<PortHolder[]> {
    return this.call(`list the containers publishing port ${hostPort}/${protocol}`, async () => {
      const running = await this.docker.listContainers();
      return running
        .filter((c) => (c.Ports ?? []).some((p) => p.PublicPort === hostPort && p.Type === protocol))
        .map((c) => portHolder(c));
    });
  }

  containerLogs(id: string, tail: number): Promise<string> {
    return this.call(`read the logs of container ${short(id)}`, async () => {
      const output: Buffer[] = [];
      for await (const chunk of dockerLogs(this.docker, id, { follow: false, tail })) output.push(chunk.data);
      return Buffer.concat(output).toString("utf8");
    });
  }

  /** Unfollowed logs (a ping reading the output) are a short call and time out like one; following does not. */
  async *containerEvents(group: string, signal: AbortSignal): AsyncIterable<ContainerEvent> {
    const began = Date.now();
    try {
      yield* dockerContainerEvents(this.unbounded, group, signal);
    } catch (error) {
      throw this.failure(error, `follow the engine's events of group ${group}`, began);
    }
  }

  async *streamLogs(id: string, options: LogOptions, signal?: AbortSignal): AsyncIterable<LogChunk> {
    const what = `${options.follow ? "follow" : "read"} the logs of container ${short(id)}`;
    const began = Date.now();
    try {
      yield* logStream(what, () => dockerLogs(options.follow ? this.unbounded : this.docker, id, options, signal));
    } catch (error) {
      throw this.failure(error, `read the logs of container ${short(id)}`, began);
    }
  }

  /** Its failures pass as the engine made them (no engine timeout: the process may rightly run long). */
  async runAttached(spec: OneOffSpec, io: ProcessIo): Promise<AttachedProcess> {
    const what = `the one-off container ${spec.name}`;
    return logWait(what, await logCall(`run ${what}`, () => runOneOffContainer(this.unbounded, spec, io)));
  }

  async execAttached(id: string, command: string[], io: ProcessIo): Promise<AttachedProcess> {
    const what = `${command[0] ?? "a command"} in container ${short(id)}`;
    return logWait(what, await logCall(`run ${what}`, () => execInContainer(this.unbounded, id, command, io)));
  }

  runInContainer(id: string, command: string[]): Promise<{ exitCode: number; output: string }> {
    return this.call(`run ${command[0] ?? "a command"} in container ${short(id)}`, () =>
      runToEnd(this.docker, id, command),
    );
  }

  copyIntoContainer(id: string, spec: CopySpec): Promise<void> {
    const count = spec.entries.length;
    return this.call(`copy ${count} file${count === 1 ? "" : "s"} into container ${short(id)}`, () =>
      copyIntoContainer(this.docker, id, spec),
    );
  }

  imageId(reference: string): Promise<string | undefined> {
    return this.call(`inspect image ${reference}`, async () => {
      try {
        return (await this.docker.getImage(reference).inspect()).Id;
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    });
  }

  inspectImage(reference: string): Promise<ImageInfo | undefined> {
    return this.call(`inspect image ${reference}`, async () => {
      try {
        const image = await this.docker.getImage(reference).inspect();
        return { id: image.Id, labels: image.Config?.Labels ?? {} };
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    });
  }

  pullImage(reference: string, onProgress: ProgressListener): Promise<void> {
    return this.call(`pull ${reference}`, () => pullImage(this.unbounded, reference, onProgress));
  }

  buildImage(spec: BuildSpec, onProgress: ProgressListener, onStep?: (imageId: string) => void): Promise<string> {
    return this.call(`build ${spec.tag}`, async () => {
      await buildImage(this.unbounded, spec, onProgress, onStep);
      const id = await this.imageId(spec.tag);
      if (!id) throw new Error(`build of ${spec.tag} finished but the image is not there`);
      return id;
    });
  }

  /** Never fails (see removeIfUntagged); through `call` only to be logged. */
  removeUntaggedImage(id: string): Promise<void> {
    return this.call(`remove the untagged image ${short(id.replace(/^sha256:/, ""))}`, () =>
      removeIfUntagged(this.docker, id),
    );
  }

  ensureNetwork(name: string, labels: Record<string, string>): Promise<string> {
    return this.call(`create the network ${name}`, async () => {
      let found = await this.networksNamed(name);
      if (found.length === 0) {
        // CheckDuplicate is only advisory on older engines: two creates at once can both succeed.
        await ignoreStatus(
          this.docker.createNetwork({ Name: name, Driver: "bridge", CheckDuplicate: true, Labels: labels }),
          409,
        );
        found = await this.networksNamed(name);
      }
      const [oldest, ...others] = found;
      if (!oldest) throw new Error(`the network ${name} was created but the engine does not list it`);
      // Another boss made one at the same moment: keep the oldest, remove the rest by id (never by the ambiguous name).
      await Promise.all(others.map((n) => ignoreStatus(this.docker.getNetwork(n.id).remove(), 403, 404, 409)));
      return oldest.id;
    });
  }

  removeGroupNetworks(group: string): Promise<string[]> {
    return this.call(`remove the networks of group ${group}`, async () => {
      const networks = await this.docker.listNetworks({ filters: { label: [`${Label.group}=${group}`] } });
      const left = await Promise.all(networks.map(async (n) => ((await this.removeNetwork(n.Id)) ? [] : [n.Name])));
      return left.flat();
    });
  }

  /** How many containers the engine lists on the network; undefined when the network is gone. */
  private async attachedTo(id: string): Promise<number | undefined> {
    try {
      const info = (await this.docker.getNetwork(id).inspect()) as { Containers?: Record<string, unknown> };
      return Object.keys(info.Containers ?? {}).length;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /**
   * False when the engine refuses the network for "active endpoints" though no container is attached to it.
   * The engine may still be releasing an endpoint of a container it has just stopped or removed: asked again
   * for up to about 2 s first. What remains then is an endpoint the engine lost track of (moby/moby#42119).
   */
  private async removeNetwork(id: string): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await ignoreStatus(this.docker.getNetwork(id).remove(), 404);
        return true;
      } catch (error) {
        if (!/has active endpoints/.test(messageOf(error))) throw error;
        if (attempt < 10) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          continue;
        }
        const attached = await this.attachedTo(id);
        if (attached === undefined) return true; // removed meanwhile
        if (attached > 0) throw error;
        return false;
      }
    }
  }

  ensureVolume(name: string, labels: Record<string, string>): Promise<void> {
    return this.call(`create the volume ${name}`, async () => {
      try {
        await this.docker.getVolume(name).inspect();
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
        await this.docker.createVolume({ Name: name, Labels: labels });
      }
    });
  }

  removeVolumes(names: readonly string[]): Promise<string[]> {
    if (names.length === 0) return Promise.resolve([]);
    const shown = names.map((name) => (isAnonymousVolumeName(name) ? short(name) : name));
    return this.call(`remove the volumes ${shown.join(", ")}`, async () => {
      const gone = await Promise.all(
        names.map((name) =>
          this.docker
            .getVolume(name)
            .remove()
            .then(
              () => true,
              (error: unknown) => {
                if (statusOf(error) === 404) return true;
                if (statusOf(error) === 409) return false;
                throw error;
              },
            ),
        ),
      );
      return names.filter((_, i) => gone[i]);
    });
  }

  removeGroupVolumes(group: string): Promise<string[]> {
    return this.call(`remove the volumes of group ${group}`, async () => {
      const { Volumes: volumes } = await this.docker.listVolumes({ filters: { label: [`${Label.group}=${group}`] } });
      const names = (volumes ?? []).map((v) => v.Name);
      await Promise.all(names.map((name) => ignoreStatus(this.docker.getVolume(name).remove(), 404)));
      return names;
    });
  }

  /** Networks of exactly this name (Docker's name filter matches substrings), oldest first. */
  private async networksNamed(name: string): Promise<Array<{ id: string; created: number }>> {
    const networks = await this.docker.listNetworks({ filters: { name: [name] } });
    return networks
      .filter((n) => n.Name === name)
      .map((n) => ({ id: n.Id, created: Date.parse(n.Created ?? "") || 0 }))
      .sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1));
  }

  /** Runs one engine call, turning its failure into what the command reports (engine-errors.ts). */
  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    const began = Date.now();
    try {
      return await logCall(what, run);
    } catch (error) {
      throw this.failure(error, what, began);
    }
  }

  private failure(error: unknown, what: string, began: number): unknown {
    const timedOut =
      isConnectionFailure(error) && Date.now() - began >= this.timeoutMs - 50
        ? `${this.timeoutMs / 1000} s`
        : undefined;
    return engineFailure(error, what, this.endpoint, timedOut);
  }
}

/**
 * DOCKER_HOST as one spelling: unset, `unix:///var/run/docker.sock` and a
 * symlink to that socket are one engine (dockerode's own default when unset).
 */
function engineAddress(host: string | undefined): string {
  if (!host || host.startsWith("unix://")) {
    const path = host?.slice("unix://".length) || "/var/run/docker.sock";
    try {
      return `unix:${realpathSync(path)}`;
    } catch {
      return `unix:${path}`;
    }
  }
  try {
    const url = new URL(host.includes("//") ? host : `tcp://${host}`);
    return `${url.protocol}//${url.host.toLowerCase()}`;
  } catch {
    return host;
  }
}

/** BOSS_ENGINE_TIMEOUT (seconds), else 60. */
function engineTimeoutSeconds(): number {
  const value = Number(process.env.BOSS_ENGINE_TIMEOUT);
  return Number.isFinite(value) && value > 0 ? value : defaultCallTimeoutSeconds;
}

/** Logs the end of an attached process, with its exit code. */
function logWait(what: string, attached: AttachedProcess): AttachedProcess {
  const wait = () =>
    logCall(
      `wait for ${what}`,
      () => attached.wait(),
      (code) => `exit ${code}`,
    );
  return { ...attached, wait };
}

function short(id: string): string {
  return id.slice(0, 12);
}

async function ignoreStatus(call: Promise<unknown>, ...statuses: number[]): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!statuses.includes(statusOf(error) ?? -1)) throw error;
  }
}
