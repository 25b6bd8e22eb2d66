import Docker from "dockerode";
import { DockerUnavailableError, messageOf } from "../errors.js";
import { packBuildContext } from "./build-context.js";
import {
  NameConflictError,
  type BuildSpec,
  type ContainerClient,
  type ContainerSpec,
  type ContainerState,
  type ContainerStatus,
  type ContainerSummary,
  type ProgressListener,
} from "./container-client.js";
import type { AttachedProcess, OneOffSpec, ProcessIo } from "./attached-process.js";
import { execInContainer, runOneOffContainer } from "./docker-attach.js";
import { dockerLogs } from "./docker-logs.js";
import { demultiplex } from "./docker-stream.js";
import { processConfig } from "./process-config.js";
import type { LogChunk, LogOptions } from "./log-stream.js";
import { Label } from "./labels.js";

const pingTimeoutMs = 5000;

interface ProgressEvent {
  stream?: string;
  status?: string;
  progress?: string;
  id?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

/** The Docker Engine API over dockerode; honours DOCKER_HOST like the docker CLI. */
export class DockerContainerClient implements ContainerClient {
  readonly endpoint: string;
  private readonly docker: Docker;

  constructor(docker = new Docker()) {
    this.docker = docker;
    const host = process.env.DOCKER_HOST;
    this.endpoint = host ? `DOCKER_HOST=${host}` : "the socket /var/run/docker.sock (DOCKER_HOST is not set)";
  }

  async checkAvailable(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${pingTimeoutMs / 1000} s`)), pingTimeoutMs);
    });
    try {
      await Promise.race([this.docker.ping(), timeout]);
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

  async listContainers(filter: { group: string; service?: string; oneOff?: boolean }): Promise<ContainerSummary[]> {
    const labels = [`${Label.group}=${filter.group}`];
    if (filter.service) labels.push(`${Label.service}=${filter.service}`);
    const found = await this.docker.listContainers({ all: true, filters: { label: labels } });
    const oneOff = filter.oneOff ?? false;
    return found
      .filter((c) => (c.Labels[Label.oneOff] === "true") === oneOff)
      .map((c) => ({
        id: c.Id,
        name: (c.Names[0] ?? c.Id).replace(/^\//, ""),
        group: c.Labels[Label.group] ?? "",
        service: c.Labels[Label.service] ?? "",
        configHash: c.Labels[Label.configHash] ?? "",
        config: c.Labels[Label.config] ?? "{}",
        status: c.State as ContainerStatus,
        created: c.Created,
      }));
  }

  async inspectContainer(id: string): Promise<ContainerState> {
    const info = await this.docker.getContainer(id).inspect();
    const state = info.State;
    const error = state.OOMKilled ? "OOMKilled" : state.Error || undefined;
    const ports = Object.entries(info.NetworkSettings.Ports ?? {}).flatMap(([port, bindings]) =>
      (bindings ?? []).map((b) => `${b.HostIp || "0.0.0.0"}:${b.HostPort}->${port}`),
    );
    return {
      running: state.Running,
      status: state.Status as ContainerStatus,
      exitCode: state.ExitCode,
      ...(error ? { error } : {}),
      ...(state.Health?.Status ? { health: state.Health.Status } : {}),
      ...(state.Health?.Log?.length ? { healthOutput: state.Health.Log[state.Health.Log.length - 1]?.Output } : {}),
      startedAt: state.StartedAt,
      finishedAt: state.FinishedAt,
      ports: [...new Set(ports)],
    };
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    const exposed: Record<string, object> = {};
    const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
    for (const port of spec.ports) {
      const key = `${port.containerPort}/${port.protocol}`;
      exposed[key] = {};
      (bindings[key] ??= []).push({ HostIp: "", HostPort: String(port.hostPort) });
    }
    for (const port of spec.privatePorts) {
      exposed[`${port}/tcp`] = {};
      (bindings[`${port}/tcp`] ??= []).push({ HostIp: "127.0.0.1", HostPort: "" });
    }
    try {
      const container = await this.docker.createContainer({
        ...processConfig(spec),
        StopSignal: spec.stopSignal,
        ExposedPorts: exposed,
        HostConfig: {
          PortBindings: bindings,
          Binds: spec.volumes.map((v) => `${v.host}:${v.container}:${v.mode}`),
          NetworkMode: spec.network,
          ...(spec.capAdd.length ? { CapAdd: spec.capAdd } : {}),
        },
        NetworkingConfig: { EndpointsConfig: { [spec.network]: { Aliases: [spec.alias] } } },
      });
      return container.id;
    } catch (error) {
      if (statusOf(error) === 409)
        throw new NameConflictError(`container name ${spec.name} is taken`, { cause: error });
      throw error;
    }
  }

  async startContainer(id: string): Promise<void> {
    await ignoreStatus(this.docker.getContainer(id).start(), 304);
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    await ignoreStatus(this.docker.getContainer(id).stop({ t: timeoutSeconds }), 304, 404);
  }

  async removeContainer(id: string): Promise<void> {
    await ignoreStatus(this.docker.getContainer(id).remove({ force: true, v: true }), 404, 409);
  }

  async publishedPort(id: string, containerPort: number): Promise<number | undefined> {
    const info = await this.docker.getContainer(id).inspect();
    const bindings = info.NetworkSettings.Ports[`${containerPort}/tcp`] ?? [];
    const port = Number(bindings.find((b) => b.HostIp === "127.0.0.1" || b.HostIp === "0.0.0.0")?.HostPort);
    return Number.isInteger(port) && port > 0 ? port : undefined;
  }

  async containerLogs(id: string, tail: number): Promise<string> {
    const buffer = await this.docker.getContainer(id).logs({ stdout: true, stderr: true, tail, follow: false });
    return demultiplex(buffer).combined;
  }

  streamLogs(id: string, options: LogOptions, signal?: AbortSignal): AsyncIterable<LogChunk> {
    return dockerLogs(this.docker, id, options, signal);
  }

  runAttached(spec: OneOffSpec, io: ProcessIo): Promise<AttachedProcess> {
    return runOneOffContainer(this.docker, spec, io);
  }

  execAttached(id: string, command: string[], io: ProcessIo): Promise<AttachedProcess> {
    return execInContainer(this.docker, id, command, io);
  }

  async imageId(reference: string): Promise<string | undefined> {
    try {
      return (await this.docker.getImage(reference).inspect()).Id;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async pullImage(reference: string, onProgress: ProgressListener): Promise<void> {
    const stream = await this.docker.pull(reference);
    await this.follow(stream, (event) => {
      const line = [event.id, event.status, event.progress].filter(Boolean).join(" ");
      if (line) onProgress(line);
    });
  }

  async buildImage(spec: BuildSpec, onProgress: ProgressListener): Promise<string> {
    const context = await packBuildContext(spec.context, spec.dockerfile);
    const stream = await this.docker.buildImage(context, {
      t: spec.tag,
      dockerfile: spec.dockerfile,
      labels: spec.labels,
      buildargs: spec.buildArgs,
      rm: true,
      forcerm: true, // remove intermediate containers also when a step fails
    });
    const output: string[] = [];
    try {
      await this.follow(stream, (event) => {
        const text = event.stream ?? event.status;
        if (!text) return;
        output.push(text);
        for (const line of text.split("\n")) if (line.trim()) onProgress(line.trimEnd());
      });
    } catch (error) {
      const tail = output.join("").trimEnd().split("\n").slice(-30).join("\n");
      throw new Error(`build of ${spec.tag} from ${spec.context} failed: ${messageOf(error)}\n${tail}`, {
        cause: error,
      });
    }
    const id = await this.imageId(spec.tag);
    if (!id) throw new Error(`build of ${spec.tag} finished but the image is not there`);
    return id;
  }

  async ensureNetwork(name: string, labels: Record<string, string>): Promise<void> {
    if (await this.networkId(name)) return;
    try {
      await this.docker.createNetwork({ Name: name, Driver: "bridge", CheckDuplicate: true, Labels: labels });
    } catch (error) {
      // Another boss may have created it between our look and our create.
      if (statusOf(error) !== 409) throw error;
    }
  }

  async removeGroupNetworks(group: string): Promise<void> {
    const networks = await this.docker.listNetworks({ filters: { label: [`${Label.group}=${group}`] } });
    await Promise.all(networks.map((n) => ignoreStatus(this.docker.getNetwork(n.Id).remove(), 404)));
  }

  /** The network's id by exact name (Docker's name filter matches substrings). */
  private async networkId(name: string): Promise<string | undefined> {
    const networks = await this.docker.listNetworks({ filters: { name: [name] } });
    return networks.find((n) => n.Name === name)?.Id;
  }

  /** Reads a pull/build progress stream to its end; an error event rejects. */
  private follow(stream: NodeJS.ReadableStream, onEvent: (event: ProgressEvent) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      this.docker.modem.followProgress(
        stream,
        (error: Error | null) => (error ? reject(error) : resolve()),
        (event: ProgressEvent) => {
          const failure = event.errorDetail?.message ?? event.error;
          if (failure) reject(new Error(failure));
          else onEvent(event);
        },
      );
    });
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | undefined)?.statusCode;
}

async function ignoreStatus(call: Promise<unknown>, ...statuses: number[]): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!statuses.includes(statusOf(error) ?? -1)) throw error;
  }
}
