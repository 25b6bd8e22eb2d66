import { messageOf, ServiceFailedError, UserError } from "../errors.js";
import { NameConflictError, type ContainerSummary } from "../engine/container-client.js";
import { describeChanges, configHash } from "../engine/labels.js";
import type { ServiceDefinition } from "../model/definition.js";
import { sharedState } from "../model/shared-state.js";
import { containerConfig, containerSpec, type ContainerConfig } from "./container-config.js";
import type { ServicePhase } from "./events.js";
import { saveContext } from "./context-store.js";
import { ensureImage } from "./images.js";
import type { Project } from "./project.js";
import { coreAnswers, coreOf, startWorkload, workloadRunning } from "./ccc/core-access.js";
import { pingTarget, servicePing } from "./service-ping.js";
import { abortError, realClock, waitUntilReady, type Clock, type Ping } from "./readiness.js";

export interface StartOptions {
  network: string;
  timeoutSeconds: number;
  signal?: AbortSignal;
  clock?: Clock;
}

/** How a service came to be running. */
export type StartAction = "created" | "restarted" | "kept";

const maxNameAttempts = 50;

/**
 * Brings one service to ready, reusing what it can: a running container with
 * the same config hash is kept, an exited one restarted, anything else
 * replaced by a new container (with preStart and postStart).
 */
export class ServiceStarter {
  constructor(
    private readonly project: Project,
    private readonly options: StartOptions,
  ) {}

  async start(service: ServiceDefinition): Promise<StartAction> {
    const { client } = this.project;
    const began = Date.now();
    const imageId = await ensureImage(this.project, service);
    const wanted = this.configBeforePreStart(service, imageId);
    const existing = await client.listContainers({ group: this.project.file.group, service: service.name });
    const hash = wanted ? configHash(wanted) : undefined;
    const same = existing.filter((c) => c.configHash === hash);
    const running = same.find((c) => c.status === "running");

    if (running) {
      await this.removeAll(existing.filter((c) => c !== running));
      this.phase(service, "kept", "already running, same definition", began);
      return "kept";
    }
    const exited = same.find((c) => c.status === "exited" || c.status === "created");
    if (exited && !service.alwaysStartNew) {
      await this.removeAll(existing.filter((c) => c !== exited));
      this.phase(service, "starting", "restarting the stopped container");
      await client.startContainer(exited.id);
      await this.waitReady(service, exited.id, wanted ?? this.configFor(service, imageId));
      this.phase(service, "ready", "restarted", began);
      return "restarted";
    }

    if (existing.length > 0) {
      const reason = wanted
        ? replacementReason(existing, wanted, service.alwaysStartNew)
        : "a context value it uses is not set (preStart sets it again)";
      this.phase(service, "recreating", reason);
      await this.removeAll(existing);
    }
    if (service.instance.preStart) {
      this.phase(service, "starting", "preStart()");
      await this.hook(service, "preStart", () => service.instance.preStart?.());
    }
    // After preStart: it may have set context values this service uses.
    const config = this.configFor(service, imageId);
    this.phase(service, "creating");
    const id = await this.create(service, config);
    try {
      this.phase(service, "starting");
      await client.startContainer(id);
      await this.waitReady(service, id, config);
      if (service.instance.postStart) {
        this.phase(service, "post-start", "postStart()");
        await this.hook(service, "postStart", () => service.instance.postStart?.());
        // Saved now, not only at the end: if boss is killed later, the values this container was made with are kept.
        await saveContext(this.project);
      }
    } catch (error) {
      // A new container that never became ready (or was interrupted before its postStart ran)
      // is removed, so the next start makes it again with its hooks.
      await client.removeContainer(id).catch(() => undefined);
      throw error;
    }
    this.phase(service, "ready", undefined, began);
    return "created";
  }

  private configFor(service: ServiceDefinition, imageId: string): ContainerConfig {
    return containerConfig(service, sharedState().context, imageId, this.options.network);
  }

  /**
   * The config to compare with existing containers. A `{key}` that is not set
   * yet is fine when the service has a preStart, which may set it (README:
   * values preStart sets are visible in the service's own env): no container
   * can match then, and a new one is made after preStart.
   */
  private configBeforePreStart(service: ServiceDefinition, imageId: string): ContainerConfig | undefined {
    try {
      return this.configFor(service, imageId);
    } catch (error) {
      if (service.instance.preStart && error instanceof UserError) return undefined;
      throw error;
    }
  }

  private async create(service: ServiceDefinition, config: ContainerConfig): Promise<string> {
    const group = this.project.file.group;
    for (let n = 1; n <= maxNameAttempts; n++) {
      const name = `${group}-${service.name}-${n}`;
      try {
        return await this.project.client.createContainer(containerSpec(group, service.name, name, config));
      } catch (error) {
        if (!(error instanceof NameConflictError)) throw error;
      }
    }
    throw new ServiceFailedError(
      `${service.name}: no free container name ${group}-${service.name}-1..${maxNameAttempts}`,
    );
  }

  /** Ready = running, and for a controlled service the core started the workload, and the ping passed. */
  private async waitReady(service: ServiceDefinition, id: string, config: ContainerConfig): Promise<void> {
    const { client } = this.project;
    const { timeoutSeconds, signal, clock = realClock } = this.options;
    const wait = (ping?: Ping) => waitUntilReady(client, service, id, timeoutSeconds, signal, clock, ping);
    let ping: Ping | undefined = servicePing(service, pingTarget(client, service.name, id));
    if (config.control) {
      this.phase(service, "starting", "waiting for the core to answer");
      const core = await coreOf(client, id, config.control.port);
      await wait(coreAnswers(core));
      this.phase(service, "starting", "POST /api/start");
      await startWorkload(core, service.name, config.control.payload);
      ping ??= workloadRunning(core, service.name);
    }
    if (ping) this.phase(service, "pinging");
    await wait(ping);
  }

  private async hook(service: ServiceDefinition, name: string, call: () => unknown): Promise<void> {
    if (this.options.signal?.aborted) throw abortError();
    try {
      await call();
    } catch (error) {
      throw new ServiceFailedError(`${service.name}: ${name}() threw: ${messageOf(error)}`, { cause: error });
    }
  }

  private async removeAll(containers: ContainerSummary[]): Promise<void> {
    await Promise.all(containers.map((c) => this.project.client.removeContainer(c.id)));
  }

  private phase(service: ServiceDefinition, phase: ServicePhase, detail?: string, since?: number): void {
    this.project.emit({
      type: "phase",
      service: service.name,
      phase,
      ...(detail ? { detail } : {}),
      ...(since !== undefined ? { elapsedMs: Date.now() - since } : {}),
    });
  }
}

function replacementReason(existing: ContainerSummary[], config: ContainerConfig, alwaysStartNew: boolean): string {
  const newest = [...existing].sort((a, b) => b.created - a.created)[0];
  if (!newest) return "";
  let before: Record<string, unknown> = {};
  try {
    before = JSON.parse(newest.config) as Record<string, unknown>;
  } catch {
    // A container from an older boss without the config label: say only that it changed.
  }
  const changes = describeChanges(before, config as unknown as Record<string, unknown>);
  if (changes.length === 0) return alwaysStartNew ? "alwaysStartNew" : "replacing the old container";
  const shown = changes.slice(0, 4).join(", ");
  return changes.length > 4 ? `${shown} and ${changes.length - 4} more` : shown;
}
