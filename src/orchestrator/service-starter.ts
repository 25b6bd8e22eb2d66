import { ServiceFailedError, UserError } from "../errors.js";
import { emitPhase, runServiceHook } from "./service-steps.js";
import { NameConflictError, type ContainerSummary, type MountSpec } from "../engine/container-client.js";
import { configHash } from "../engine/labels.js";
import type { ServiceDefinition } from "../model/definition.js";
import { containerConfig, containerSpec, type ContainerConfig } from "./container-config.js";
import { ensureNamedVolumes } from "./named-volumes.js";
import { stopGracefully } from "./container-stopper.js";
import type { ServicePhase } from "./events.js";
import type { GroupSession } from "./group-session.js";
import type { ImageOf } from "./image-prefetch.js";
import { coreAnswers, coreOf, startWorkload, workloadRunning } from "./ccc/core-access.js";
import { pingTarget, servicePing, type Ping } from "./service-ping.js";
import { realClock, waitUntilReady, type Clock } from "./readiness.js";
import { replacementReason } from "./replacement-reason.js";
import { recordPickedPorts } from "./picked-ports.js";
import { startNamingPortHolder } from "./port-conflict.js";
import { createdNotStarted, EarlyQueue, mayCreateEarly } from "./early-create.js";

export interface StartOptions {
  /** The group's network: its name (part of each container's definition) and its id (to join it unambiguously). */
  network: { name: string; id: string };
  timeoutSeconds: number;
  /** Grace period of a container being replaced, between its stop signal and SIGKILL; unset: its `stopGracePeriod`. */
  stopTimeoutSeconds?: number;
  /** Services that get a new container even when their definition is unchanged (`reload`). */
  replace?: ReadonlySet<string>;
  /** Jobs run again even when they completed with the same definition (`start --rerun-jobs`). */
  rerunJobs?: boolean;
  signal?: AbortSignal;
  clock?: Clock;
  /** The images fetched when the start began (image-prefetch.ts). */
  images: ImageOf;
  /** Called before a service gets a new container or is restarted ("was recreated"), so its dependents can follow. */
  beforeMoving?: (service: string, what: string) => Promise<void> | undefined;
  /**
   * The services that had a container when the start listed the group. The others can have none but what this
   * boss makes, as it holds the group: they are not listed again.
   */
  hadContainers: ReadonlySet<string>;
}

/** How a service came to be running — or, for a job, to have completed (now, or in an earlier start). */
export type StartAction = "created" | "restarted" | "kept" | "completed" | "completed-earlier";

const maxNameAttempts = 50;

/**
 * Brings one service to ready, reusing what it can, and converging from
 * whatever an interrupted boss left behind:
 * - a running container with the same definition is kept; one that is not
 *   recorded ready (boss stopped before it got that far) is pinged and its
 *   postStart run now — postStart runs once per container;
 * - a stopped container that was ready before is restarted;
 * - anything else is replaced: the old container is stopped gracefully, the
 *   new one gets its anonymous volumes, and preStart/postStart run.
 * A service that fails keeps its (stopped) container for `boss logs`; the
 * next start replaces it.
 */
export class ServiceStarter {
  constructor(
    protected readonly session: GroupSession,
    protected readonly options: StartOptions,
  ) {}

  protected get project() {
    return this.session.project;
  }

  /**
   * What moved in this command, by service: "was recreated", "was restarted"…, so that
   * running dependents can follow (dependents-follow.ts).
   */
  readonly moved = new Map<string, string>();
  /** Services restarted only because a dependency moved, with why. */
  readonly followed = new Map<string, string>();
  /**
   * Kept services not pinged yet, by service: a kept container was ready when boss recorded it, and is pinged
   * again only when something that depends on it has to start (pingKeptDependencies), once per command. A start
   * that keeps everything pings nothing, as compose and miniboss do not.
   */
  private readonly keptUnpinged = new Map<string, { ping: () => Promise<void>; pinging?: Promise<void> }>();
  /**
   * Containers created while their service waited (early-create.ts), by service, with the hash of the definition
   * they were made with: at its turn only the start is left.
   */
  private readonly early = new Map<string, Promise<{ id: string; hash: string } | undefined>>();
  private readonly earlyQueue = new EarlyQueue();

  /** Called while `service` waits on its dependencies: a container for it, made now, when it had none. */
  createEarly(service: ServiceDefinition): void {
    if (!this.hadNone(service) || this.options.replace?.has(service.name) || this.early.has(service.name)) return;
    const creating = this.earlyQueue.run(async () => {
      if (this.options.signal?.aborted) return undefined;
      const imageId = await this.options.images(service);
      const config = this.configFor(service, imageId);
      if (!mayCreateEarly(service, config, imageId, this.options.network.name)) return undefined;
      await ensureNamedVolumes(this.project.client, this.project.file.group, config.volumes);
      return { id: await this.create(service, config, []), hash: configHash(config) };
    });
    // A failure here is met again, and reported, at the service's turn.
    this.early.set(
      service.name,
      creating.catch(() => undefined),
    );
  }

  /** Removes the early containers of services whose turn never came (a dependency failed, or an interruption). */
  async dropUnstarted(): Promise<void> {
    const left = await Promise.all([...this.early.values()]);
    this.early.clear();
    const { client } = this.project;
    const ids = left.flatMap((made) => (made ? [made.id] : []));
    await Promise.all(ids.map((id) => client.removeContainer(id).catch(() => undefined)));
  }

  /** `follow`: why a running, ready container must be restarted rather than kept (a dependency moved). */
  async start(service: ServiceDefinition, follow?: string): Promise<StartAction> {
    const began = Date.now();
    const madeEarly = await this.early.get(service.name);
    this.early.delete(service.name);
    const imageId = await this.options.images(service);
    const wanted = this.configBeforePreStart(service, imageId);
    // A service that had no container has none but the one this boss (which holds the group) made early, as it
    // was made: not listed again, a list per service being most of a long chain's cost per layer.
    const madeAsWanted = wanted && madeEarly?.hash === configHash(wanted) ? madeEarly.id : undefined;
    const existing =
      madeAsWanted || (this.hadNone(service) && !madeEarly)
        ? []
        : await this.project.client.listContainers({ group: this.project.file.group, service: service.name });
    const created =
      madeAsWanted ??
      (wanted && !service.instance.preStart && createdNotStarted(existing, wanted, this.options.network.id)?.id);
    if (wanted && created) {
      const saving = this.moving(service, "was created");
      if (saving) await saving;
      return this.startCreated(service, created, wanted, began);
    }
    const reusable = wanted && this.reusable(service, existing, wanted);
    if (wanted && reusable) return this.reuse(service, reusable, existing, wanted, began, follow);
    const saving = this.moving(service, existing.length > 0 ? "was recreated" : "was created");
    if (saving) await saving;
    return this.replace(service, existing, imageId, wanted, began);
  }

  /** True when the start's listing of the group had no container of `service`. */
  private hadNone(service: ServiceDefinition): boolean {
    return !this.options.hadContainers.has(service.name);
  }

  /**
   * Waits until every kept dependency of `service` answers its ping: before anything of `service` starts (its
   * preStart, its container, the postStart of one taken over). A dependency that does not answer fails `service`,
   * and is stopped and forgotten as a service that fails its ping is.
   */
  async pingKeptDependencies(service: ServiceDefinition): Promise<void> {
    await Promise.all(this.project.graph.dependenciesOf(service.name).map((name) => this.pingKept(name)));
  }

  /** Pings `name` if it was kept and not pinged yet in this command; a second caller waits for the same ping. */
  async pingKept(name: string): Promise<void> {
    const kept = this.keptUnpinged.get(name);
    if (!kept) return;
    kept.pinging ??= kept.ping().catch((error: unknown) => {
      if (!(error instanceof ServiceFailedError)) throw error; // an interruption, the engine gone: as they are
      throw new ServiceFailedError(`${name} runs but is not ready: ${error.message.replace(`${name}: `, "")}`);
    });
    await kept.pinging;
  }

  /** Same definition on the group's network, and either running or stopped after it was ready. */
  private reusable(
    service: ServiceDefinition,
    existing: ContainerSummary[],
    wanted: ContainerConfig,
  ): ContainerSummary | undefined {
    if (this.options.replace?.has(service.name)) return undefined;
    const hash = configHash(wanted);
    const same = existing.filter(
      (c) => c.configHash === hash && c.networks.some((n) => n.id === this.options.network.id),
    );
    const ready = (c: ContainerSummary) => this.session.isReady(service.name, c.id);
    const running = same.filter((c) => c.status === "running");
    if (running.length > 0) return running.find(ready) ?? running[0];
    if (service.alwaysStartNew) return undefined;
    return same.find((c) => ready(c) && c.status === "exited");
  }

  private async reuse(
    service: ServiceDefinition,
    container: ContainerSummary,
    existing: ContainerSummary[],
    config: ContainerConfig,
    began: number,
    follow: string | undefined,
  ): Promise<StartAction> {
    const { client } = this.project;
    const others = existing.filter((c) => c !== container);
    if (others.length > 0) await this.retire(service, others);
    if (container.status === "running" && this.session.records.stopping.has(service.name)) {
      // A `stop` cut short: the engine is still stopping it. Finish that, then start it again.
      this.phase(service, "stopping", "an earlier boss stop was cut short: stopping it fully, to start it again");
      await stopGracefully(this.project, service.name, [container], this.options.stopTimeoutSeconds);
      container = { ...container, status: "exited" };
    }
    const following =
      follow !== undefined && container.status === "running" && this.session.isReady(service.name, container.id);
    if (following || container.status !== "running") {
      const saving = this.moving(service, "was restarted");
      if (saving) await saving;
    }
    if (following) {
      this.followed.set(service.name, follow);
      // Marked stopping first: a boss killed here leaves it for the next start to finish and restart.
      this.phase(service, "stopping", `to restart it: ${follow}`);
      await this.session.markStopping(service.name, true);
      await stopGracefully(this.project, service.name, [container], this.options.stopTimeoutSeconds);
      container = { ...container, status: "exited" };
    }
    await this.session.markStopping(service.name, false);
    const restart = container.status !== "running";
    const finished = this.session.isReady(service.name, container.id);
    if (!restart && finished) return this.keep(service, container.id, config, began);
    await this.pingKeptDependencies(service);
    if (restart) {
      this.phase(service, "starting", "restarting the stopped container");
      await startNamingPortHolder(client, service.name, container.id);
    } else if (!finished) {
      this.phase(
        service,
        "starting",
        "taking over the running container (an earlier boss stopped before it was ready)",
      );
    }
    await this.bringUp(service, container.id, config, { announce: true, postStart: !finished });
    if (restart) this.phase(service, "ready", following ? `restarted: ${follow}` : "restarted", began);
    else this.phase(service, "ready", undefined, began);
    return restart ? "restarted" : "kept";
  }

  /** Running and recorded ready: left as it is, its ping put off until a dependent has to start (pingKept). */
  private async keep(
    service: ServiceDefinition,
    id: string,
    config: ContainerConfig,
    began: number,
  ): Promise<StartAction> {
    // The engine's picks are in the Context before a dependent's definition reads them.
    await this.readPickedPorts(service, id);
    this.keptUnpinged.set(service.name, {
      ping: () => this.bringUp(service, id, config, { announce: false, postStart: false }),
    });
    this.phase(service, "kept", "already running, same definition", began);
    return "kept";
  }

  /** Undefined when there is nothing to save: not awaiting then keeps a start with nothing to follow as it was. */
  private moving(service: ServiceDefinition, what: string): Promise<void> | undefined {
    this.moved.set(service.name, what);
    return this.options.beforeMoving?.(service.name, what);
  }

  protected async replace(
    service: ServiceDefinition,
    existing: ContainerSummary[],
    imageId: string,
    wanted: ContainerConfig | undefined,
    began: number,
  ): Promise<StartAction> {
    const { client, file } = this.project;
    if (existing.length > 0) this.phase(service, "recreating", this.replacementReason(service, existing, wanted));
    await this.pingKeptDependencies(service);
    if (service.instance.preStart) {
      this.phase(service, "starting", "preStart()");
      await this.hook(service, "preStart", () => service.instance.preStart?.());
    }
    // After preStart: it may have set context values this service uses.
    const config = this.configFor(service, imageId);
    await ensureNamedVolumes(client, file.group, config.volumes);
    // The old containers are stopped first but removed only once the new one exists: a boss killed in
    // between leaves them, and their volumes, for the next start to carry over.
    const inherited = anonymousVolumes(existing);
    this.session.forget(service.name);
    await stopGracefully(this.project, service.name, existing, this.options.stopTimeoutSeconds);
    await this.session.markStopping(service.name, false);
    this.phase(service, "creating");
    const id = await this.create(service, config, inherited);
    await Promise.all(existing.map((c) => client.removeContainer(c.id)));
    this.phase(service, "starting");
    await startNamingPortHolder(client, service.name, id);
    await this.bringUp(service, id, config, { announce: true, postStart: true });
    return this.announceNew(service, began);
  }

  /** A container created early (or created by a boss killed before it started it), started now as a new one. */
  private async startCreated(
    service: ServiceDefinition,
    id: string,
    config: ContainerConfig,
    began: number,
  ): Promise<StartAction> {
    await this.pingKeptDependencies(service);
    this.phase(service, "starting");
    await startNamingPortHolder(this.project.client, service.name, id);
    await this.bringUp(service, id, config, { announce: true, postStart: true });
    return this.announceNew(service, began);
  }

  /** The `recreating` line's why. */
  protected replacementReason(
    service: ServiceDefinition,
    existing: ContainerSummary[],
    wanted: ContainerConfig | undefined,
  ): string {
    const forced = this.options.replace?.has(service.name) ?? false;
    return replacementReason(service, existing, wanted, { forced, ...this.options });
  }

  /** A new container is ready (a job: has completed). */
  protected announceNew(service: ServiceDefinition, began: number): StartAction {
    this.phase(service, "ready", undefined, began);
    return "created";
  }

  /**
   * Ready = running, for a controlled service the core runs the workload, and
   * the ping passed; then postStart once, recorded at once. A failure stops
   * the container (kept for its logs) and forgets it, so the next start
   * replaces it; an interruption leaves it for the next start to take over.
   */
  protected async bringUp(
    service: ServiceDefinition,
    id: string,
    config: ContainerConfig,
    steps: { announce: boolean; postStart: boolean },
  ): Promise<void> {
    try {
      await this.readPickedPorts(service, id);
      await this.waitReady(service, id, config, steps.announce);
      if (steps.postStart && service.instance.postStart) {
        this.phase(service, "post-start", "postStart()");
        await this.hook(service, "postStart", () => service.instance.postStart?.());
      }
      if (!this.session.isReady(service.name, id)) await this.session.markReady(service.name, id);
    } catch (error) {
      if (!this.options.signal?.aborted) await this.keepFailed(service, id);
      throw error;
    }
  }

  protected async waitReady(service: ServiceDefinition, id: string, config: ContainerConfig, announce: boolean) {
    const { client } = this.project;
    const { timeoutSeconds, signal, clock = realClock } = this.options;
    const wait = (ping?: Ping) => waitUntilReady(client, service, id, timeoutSeconds, signal, clock, ping);
    let ping: Ping | undefined = servicePing(service, pingTarget(client, service.name, id));
    if (config.control) {
      const core = await coreOf(this.project, id, config.control.port);
      if (announce) this.phase(service, "starting", "waiting for the core to answer");
      await wait(coreAnswers(core));
      // A core that already runs the workload (a kept container) is left alone: /api/start would restart it.
      const { state } = await core.health();
      if (state.state !== "running" && state.state !== "starting") {
        this.phase(service, "starting", "POST /api/start");
        await startWorkload(core, service.name, config.control.payload);
      }
      ping ??= workloadRunning(core, service.name);
    }
    if (ping && announce) this.phase(service, "pinging");
    await wait(ping);
  }

  /** Ports the engine picked differ on every start: into the Context (and saved) before ping and dependents read them. */
  private async readPickedPorts(service: ServiceDefinition, id: string): Promise<void> {
    if (!service.ports.some((p) => p.hostPort === 0)) return;
    const { ports } = await this.project.client.inspectContainer(id);
    if (recordPickedPorts(service.name, service.ports, ports, this.project.state.context)) await this.session.save();
  }

  private async keepFailed(service: ServiceDefinition, id: string): Promise<void> {
    this.session.forget(service.name);
    const [container] = (
      await this.project.client.listContainers({ group: this.project.file.group, service: service.name })
    ).filter((c) => c.id === id);
    if (container)
      await stopGracefully(this.project, service.name, [container], this.options.stopTimeoutSeconds).catch(() => []);
  }

  /** Duplicates beside the container kept (left by a killed or concurrent boss): stopped, then removed. */
  protected async retire(service: ServiceDefinition, containers: ContainerSummary[]): Promise<void> {
    await stopGracefully(this.project, service.name, containers, this.options.stopTimeoutSeconds);
    await Promise.all(containers.map((c) => this.project.client.removeContainer(c.id)));
  }

  private configFor(service: ServiceDefinition, imageId: string): ContainerConfig {
    return containerConfig(service, this.project.state.context, imageId, this.options.network.name);
  }

  /**
   * The config to compare with existing containers. A `{key}` that is not set
   * yet is fine when the service has a preStart, which may set it (docs/services-file.md:
   * values preStart sets are visible in the service's own env): no container
   * can match then, and a new one is made after preStart.
   */
  protected configBeforePreStart(service: ServiceDefinition, imageId: string): ContainerConfig | undefined {
    try {
      return this.configFor(service, imageId);
    } catch (error) {
      if (service.instance.preStart && error instanceof UserError) return undefined;
      throw error;
    }
  }

  private async create(service: ServiceDefinition, config: ContainerConfig, inherited: MountSpec[]): Promise<string> {
    const group = this.project.file.group;
    for (let n = 1; n <= maxNameAttempts; n++) {
      const name = `${group}-${service.name}-${n}`;
      try {
        const placement = { name, networkId: this.options.network.id, inherited };
        return await this.project.client.createContainer(containerSpec(group, service.name, config, placement));
      } catch (error) {
        if (!(error instanceof NameConflictError)) throw error;
      }
    }
    throw new ServiceFailedError(
      `${service.name}: no free container name ${group}-${service.name}-1..${maxNameAttempts}`,
    );
  }

  private hook(service: ServiceDefinition, name: string, call: () => unknown): Promise<void> {
    return runServiceHook(service, name, call, this.options.signal);
  }

  protected phase(service: ServiceDefinition, phase: ServicePhase, detail?: string, since?: number): void {
    emitPhase(this.project, service, phase, detail, since);
  }
}

/**
 * The anonymous volumes of the newest of the old containers — the one that
 * ran last (a replacement boss made and did not start yet already holds the
 * ones before it) — to mount again at the same paths.
 */
function anonymousVolumes(existing: readonly ContainerSummary[]): MountSpec[] {
  // Created is in seconds: the name's number breaks ties (boss numbers a service's containers upwards).
  const newest = [...existing].sort(
    (a, b) => b.created - a.created || b.name.localeCompare(a.name, "en", { numeric: true }),
  )[0];
  return (newest?.mounts ?? []).flatMap((m) =>
    m.anonymous && m.name ? [{ source: m.name, target: m.target, readOnly: m.readOnly }] : [],
  );
}
