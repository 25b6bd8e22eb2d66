import { UserError } from "../../errors.js";
import { emitPhase, runServiceHook } from "../service-steps.js";
import { configHash, describeChanges, Label } from "../../engine/labels.js";
import type { SwarmClient, SwarmServiceSummary, SwarmTask } from "../../engine/swarm/swarm-client.js";
import { recordPickedPorts } from "../picked-ports.js";
import type { ServiceDefinition } from "../../model/definition.js";
import type { ServicePhase } from "../events.js";
import type { GroupSession } from "../group-session.js";
import type { Clock } from "../readiness.js";
import { deployConfig, deployedHash, swarmServiceSpec, type DeployConfig } from "./swarm-service-spec.js";
import type { SwarmImageOf } from "./swarm-images.js";
import { SwarmLabel } from "./swarm-labels.js";
import { pingTasks } from "./swarm-ping.js";
import { currentRound, failedTasks, waitForTasks } from "./task-convergence.js";

/** How a service came to be deployed. */
export type DeployAction = "created" | "updated" | "kept";

export interface DeployOptions {
  network: { name: string; id: string };
  timeoutSeconds: number;
  images: SwarmImageOf;
  signal?: AbortSignal;
  clock?: Clock;
}

/**
 * Brings one service to ready on the swarm, as ServiceStarter does with a
 * container: an unchanged service (same definition hash) is kept; a changed
 * one is updated in place (Swarm's rolling update); a new one is created.
 * Ready = its tasks of this definition run and its ping passes on each (a
 * kept service's too, as `start` pings a kept container); then
 * postStart, once per definition: the service is labelled with the hash it
 * ran for, so a boss killed before that finishes it on the next deploy.
 */
export class ServiceDeployer {
  constructor(
    private readonly session: GroupSession,
    private readonly swarm: SwarmClient,
    private readonly options: DeployOptions,
  ) {}

  private get project() {
    return this.session.project;
  }

  async deploy(service: ServiceDefinition): Promise<DeployAction> {
    const began = Date.now();
    const image = await this.options.images(service);
    const group = this.project.file.group;
    const existing = await this.swarm.listServices({ group, service: service.name });
    // A second service of one name cannot exist (Swarm names are unique); more than one means a rename by hand.
    const [current] = existing;
    const wanted = this.configBeforePreStart(service, image);
    if (wanted && current && deployedHash(current.labels) === configHash(wanted)) {
      return this.keep(service, current, wanted, began);
    }
    if (current) this.phase(service, "recreating", `rolling update: ${changeReason(current, wanted)}`);
    if (service.instance.preStart) {
      this.phase(service, "starting", "preStart()");
      await this.hook(service, "preStart", () => service.instance.preStart?.());
    }
    const config = deployConfig(service, this.project.state.context, image, this.options.network.name);
    const spec = swarmServiceSpec(group, service.name, config, this.options.network.id);
    let id: string;
    let attempt = 0;
    if (current) {
      id = current.id;
      // Forced: a rebuilt image keeps its tag, and Swarm would otherwise keep the tasks of the old one.
      ({ attempt } = await this.swarm.updateService(id, spec, { force: true }));
    } else {
      this.phase(service, "creating", `${config.replicas} replica${config.replicas === 1 ? "" : "s"}`);
      id = await this.swarm.createService(spec);
    }
    await this.bringUp(service, { id, attempt }, config, spec.labels, true);
    this.phase(service, "ready", current ? "updated" : undefined, began);
    return current ? "updated" : "created";
  }

  private async keep(
    service: ServiceDefinition,
    current: SwarmServiceSummary,
    config: DeployConfig,
    began: number,
  ): Promise<DeployAction> {
    const hash = configHash(config);
    const finished = current.labels[SwarmLabel.readyHash] === hash;
    let attempt = current.attempt;
    if (!finished) {
      const tasks = currentRound(await this.swarm.listTasks(current.id), hash, attempt);
      if (failedTasks(tasks).length > 0) {
        // Its tasks failed before it was ready (an earlier deploy): a new round, as start replaces such a container.
        this.phase(service, "recreating", "its last tasks failed before it was ready: starting new ones");
        const spec = swarmServiceSpec(this.project.file.group, service.name, config, this.options.network.id);
        ({ attempt } = await this.swarm.updateService(current.id, spec, { force: true }));
      } else {
        this.phase(service, "starting", "taking over the service (an earlier boss deploy stopped before it was ready)");
      }
    }
    await this.bringUp(service, { id: current.id, attempt }, config, current.labels, !finished);
    this.phase(service, finished ? "kept" : "ready", finished ? "already deployed, same definition" : undefined, began);
    return "kept";
  }

  private async bringUp(
    service: ServiceDefinition,
    { id, attempt }: { id: string; attempt: number },
    config: DeployConfig,
    labels: Record<string, string>,
    fresh: boolean,
  ): Promise<void> {
    const { timeoutSeconds, signal, clock } = this.options;
    const hash = configHash(config);
    const tasks = await waitForTasks({
      swarm: this.swarm,
      service: { name: service.name, id, image: config.reference },
      hash,
      attempt,
      replicas: config.replicas,
      timeoutSeconds,
      ...(signal ? { signal } : {}),
      ...(clock ? { clock } : {}),
    });
    // A kept service is pinged too, as `start` pings a kept container: its dependents rely on it answering.
    if (service.instance.ping && fresh) {
      this.phase(service, "pinging", `${tasks.length} task${tasks.length === 1 ? "" : "s"}`);
    }
    const servicePorts = await this.readPickedPorts(service, id, tasks);
    await pingTasks(this.swarm, service, { id, ports: servicePorts }, tasks, timeoutSeconds, signal, clock);
    if (!fresh) return;
    if (service.instance.postStart) {
      this.phase(service, "post-start", "postStart()");
      await this.hook(service, "postStart", () => service.instance.postStart?.());
    }
    // Saved with the service itself: the labels change, the task template does not, so no task restarts.
    await this.swarm.setServiceLabels(id, { ...labels, [SwarmLabel.readyHash]: hash });
    await this.session.save();
  }

  /**
   * The ports the service publishes through the routing mesh (every task's), and — as `start` does — the host
   * ports Swarm picked for `ports = { 80: 0 }` in the Context as `ports.<service>.<port>` (the first task's, in
   * host mode), saved before dependents read them.
   */
  private async readPickedPorts(service: ServiceDefinition, id: string, tasks: readonly SwarmTask[]) {
    const [summary] = await this.swarm.listServices({ group: this.project.file.group, service: service.name });
    const servicePorts = summary?.endpointPorts ?? [];
    if (!service.ports.some((p) => p.hostPort === 0)) return servicePorts;
    const published = [...servicePorts, ...(tasks[0]?.ports ?? [])];
    if (recordPickedPorts(service.name, service.ports, published, this.project.state.context))
      await this.session.save();
    return servicePorts;
  }

  /** As ServiceStarter: a `{key}` preStart sets is fine before preStart; nothing can match then. */
  private configBeforePreStart(service: ServiceDefinition, image: { id: string; reference: string }) {
    try {
      return deployConfig(service, this.project.state.context, image, this.options.network.name);
    } catch (error) {
      if (service.instance.preStart && error instanceof UserError) return undefined;
      throw error;
    }
  }

  private hook(service: ServiceDefinition, name: string, call: () => unknown): Promise<void> {
    return runServiceHook(service, name, call, this.options.signal);
  }

  private phase(service: ServiceDefinition, phase: ServicePhase, detail?: string, since?: number): void {
    emitPhase(this.project, service, phase, detail, since);
  }
}

/** What changed, as `start` says it of a container (`env.ROLE changed`). */
function changeReason(current: SwarmServiceSummary, wanted: DeployConfig | undefined): string {
  if (!wanted) return "a context value it uses is not set (preStart sets it again)";
  let before: Record<string, unknown> = {};
  try {
    before = JSON.parse(current.labels[Label.config] ?? "{}") as Record<string, unknown>;
  } catch {
    // a service labelled by hand: say only that it changed
  }
  const changes = describeChanges(before, wanted as unknown as Record<string, unknown>);
  if (changes.length === 0) return "its definition changed";
  const shown = changes.slice(0, 4).join(", ");
  return changes.length > 4 ? `${shown} and ${changes.length - 4} more` : shown;
}
