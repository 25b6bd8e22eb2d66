import type Docker from "dockerode";
import { Docker as DockerClass } from "../dockerode.js";
import { UserError } from "../../errors.js";
import { logCall } from "../call-log.js";
import { engineFailure, statusOf } from "../engine-errors.js";
import { FrameDecoder } from "../frame-decoder.js";
import type { LogChunk, LogOptions } from "../log-stream.js";
import type { ProgressListener } from "../container-client.js";
import { authForImage } from "../registry-auth.js";
import { Label } from "../labels.js";
import type { SwarmClient, SwarmInfo, SwarmServiceSpec, SwarmServiceSummary, SwarmTask } from "./swarm-client.js";
import { engineServiceSpec, toServiceSummary, toTask, versionOf, type EngineService } from "./swarm-objects.js";

/**
 * A Swarm manager over dockerode (the engine DOCKER_HOST names, as the docker
 * CLI). Short calls time out like the container client's; logs and pushes do not.
 */
export class DockerSwarmClient implements SwarmClient {
  private readonly docker: Docker;
  private readonly unbounded: Docker;
  private readonly endpoint: string;

  constructor(readonly address: string) {
    this.docker = new DockerClass({ timeout: 60_000 });
    this.unbounded = new DockerClass();
    const host = process.env.DOCKER_HOST;
    this.endpoint = host ? `DOCKER_HOST=${host}` : "the socket /var/run/docker.sock";
  }

  swarmInfo(): Promise<SwarmInfo> {
    return this.call("read the engine's swarm state", async () => {
      const info = (await this.docker.info()) as {
        Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean; Nodes?: number };
      };
      const swarm = info.Swarm ?? {};
      return {
        state: swarm.LocalNodeState || "inactive",
        manager: swarm.ControlAvailable ?? false,
        nodes: swarm.Nodes ?? 0,
      };
    });
  }

  listServices(filter: { group: string; service?: string }): Promise<SwarmServiceSummary[]> {
    return this.call(`list the swarm services of group ${filter.group}`, async () => {
      const label = [`${Label.group}=${filter.group}`];
      if (filter.service) label.push(`${Label.service}=${filter.service}`);
      const found = (await this.docker.listServices({ filters: { label } })) as unknown as EngineService[];
      return found.map(toServiceSummary);
    });
  }

  createService(spec: SwarmServiceSpec): Promise<string> {
    return this.call(`create the swarm service ${spec.name}`, async () => {
      const created = (await this.docker.createService(
        engineServiceSpec(spec) as unknown as Docker.CreateServiceOptions,
      )) as unknown as { id?: string; ID?: string };
      return created.id ?? created.ID ?? "";
    });
  }

  updateService(id: string, spec: SwarmServiceSpec, options: { force: boolean }): Promise<{ attempt: number }> {
    return this.call(`update the swarm service ${spec.name}`, async () => {
      const service = this.docker.getService(id);
      const { index, forceUpdate } = versionOf((await service.inspect()) as EngineService);
      const attempt = options.force ? forceUpdate + 1 : forceUpdate;
      await service.update({ ...engineServiceSpec(spec, attempt), version: index });
      return { attempt };
    });
  }

  setServiceLabels(id: string, labels: Record<string, string>): Promise<void> {
    return this.call(`label the swarm service ${id.slice(0, 12)}`, async () => {
      const service = this.docker.getService(id);
      const inspected = (await service.inspect()) as EngineService & { Spec: Record<string, unknown> };
      const { index } = versionOf(inspected);
      await service.update({ ...inspected.Spec, Labels: labels, version: index });
    });
  }

  removeService(id: string): Promise<void> {
    return this.call(`remove the swarm service ${id.slice(0, 12)}`, async () => {
      try {
        await this.docker.getService(id).remove();
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
    });
  }

  listTasks(serviceId: string): Promise<SwarmTask[]> {
    return this.call(`list the tasks of swarm service ${serviceId.slice(0, 12)}`, async () => {
      const tasks = (await this.docker.listTasks({ filters: { service: [serviceId] } })) as Parameters<
        typeof toTask
      >[0][];
      return tasks.map(toTask);
    });
  }

  async *serviceLogs(serviceId: string, options: LogOptions, signal?: AbortSignal): AsyncIterable<LogChunk> {
    if (signal?.aborted) return;
    const decoder = new FrameDecoder(false);
    const query = {
      stdout: true,
      stderr: true,
      follow: options.follow,
      timestamps: options.timestamps ?? false,
      ...(options.tail !== undefined ? { tail: options.tail } : {}),
      ...(options.since !== undefined ? { since: Math.floor(options.since) } : {}),
    };
    const result = (await this.unbounded.getService(serviceId).logs(query)) as unknown;
    if (Buffer.isBuffer(result)) {
      yield* decoder.push(result);
      return;
    }
    const stream = result as NodeJS.ReadableStream & { destroy(): void };
    const onAbort = () => stream.destroy();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      for await (const data of stream) yield* decoder.push(typeof data === "string" ? Buffer.from(data) : data);
    } catch (error) {
      if (!signal?.aborted) throw error;
    } finally {
      signal?.removeEventListener("abort", onAbort);
      stream.destroy();
    }
  }

  ensureOverlayNetwork(name: string, labels: Record<string, string>): Promise<string> {
    return this.call(`create the overlay network ${name}`, async () => {
      const named = async () =>
        (await this.docker.listNetworks({ filters: { name: [name] } })).filter((n) => n.Name === name);
      let found = await named();
      if (found.length === 0) {
        try {
          await this.docker.createNetwork({
            Name: name,
            Driver: "overlay",
            Attachable: true,
            CheckDuplicate: true,
            Labels: labels,
          });
        } catch (error) {
          if (statusOf(error) !== 409) throw error;
        }
        found = await named();
      }
      const network = found[0];
      if (!network) throw new Error(`the network ${name} was created but the engine does not list it`);
      // Listed right after its creation, an overlay network may not say its driver yet.
      if (network.Driver && network.Driver !== "overlay") {
        throw new UserError(
          `a ${network.Driver} network named ${name} exists (from boss start?): the deploy needs an attachable overlay ` +
            "network of that name; remove it (boss stop --remove) and deploy again",
        );
      }
      return network.Id;
    });
  }

  removeNetworks(labels: Record<string, string>): Promise<string[]> {
    return this.call("remove the group's overlay networks", async () => {
      const label = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
      const networks = await this.docker.listNetworks({ filters: { label } });
      const removed: string[] = [];
      for (const n of networks) {
        try {
          await this.docker.getNetwork(n.Id).remove();
          removed.push(n.Name);
        } catch (error) {
          if (statusOf(error) !== 404) throw error;
        }
      }
      return removed;
    });
  }

  countContainers(labels: Record<string, string>): Promise<number> {
    return this.call("list the task containers", async () => {
      const label = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
      return (await this.docker.listContainers({ all: true, filters: { label } })).length;
    });
  }

  pushImage(source: string, target: string, onProgress: ProgressListener): Promise<string> {
    return this.call(`push the image ${target}`, async () => {
      const at = target.lastIndexOf(":");
      const slash = target.lastIndexOf("/");
      const [repo, tag] = at > slash ? [target.slice(0, at), target.slice(at + 1)] : [target, "latest"];
      await this.docker.getImage(source).tag({ repo, tag });
      const authconfig = await authForImage(target);
      const stream = await this.unbounded.getImage(target).push(authconfig ? { authconfig } : {});
      let digest: string | undefined;
      await new Promise<void>((resolve, reject) => {
        this.unbounded.modem.followProgress(
          stream,
          (error: Error | null) => (error ? reject(error) : resolve()),
          (event: {
            status?: string;
            error?: string;
            errorDetail?: { message?: string };
            aux?: { Digest?: string };
          }) => {
            const failure = event.errorDetail?.message ?? event.error;
            if (failure) reject(new Error(failure));
            if (event.aux?.Digest) digest = event.aux.Digest;
            if (event.status) onProgress(event.status);
          },
        );
      });
      return digest ? `${repo}:${tag}@${digest}` : target;
    });
  }

  private async call<T>(what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await logCall(what, run);
    } catch (error) {
      throw engineFailure(error, what, this.endpoint, undefined);
    }
  }
}
