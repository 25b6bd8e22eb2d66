import { ExitCode, InterruptedError } from "../errors.js";
import { exitCodeOf, type Ending } from "../orchestrator/outcome.js";
import type { JsonValue } from "../model/json.js";
import type { Project } from "../orchestrator/project.js";
import { reloadService, type ReloadRequest, type ReloadSummary } from "../orchestrator/reload.js";
import { restartServices, type RestartRequest, type RestartSummary } from "../orchestrator/restart.js";
import { startServices, type StartRequest, type StartSummary } from "../orchestrator/start.js";
import { serviceStatuses, type ServiceStatus } from "../orchestrator/status.js";
import { stopServices, type StopRequest, type StopSummary } from "../orchestrator/stop.js";
import { StartFailedError, StopFailedError } from "./group-errors.js";

/** Options of {@link ServiceGroup.start}, as the flags of `boss start`. */
export type GroupStartOptions = Pick<
  StartRequest,
  "services" | "exclude" | "profiles" | "timeoutSeconds" | "networkName" | "signal" | "rerunJobs" | "build"
>;
/** Options of {@link ServiceGroup.stop}, as the flags of `boss stop`. */
export type GroupStopOptions = StopRequest;
/** Options of {@link ServiceGroup.reload}, as the flags of `boss reload`. */
export type GroupReloadOptions = Pick<ReloadRequest, "remove" | "timeoutSeconds" | "stopTimeoutSeconds" | "signal">;
/** Options of {@link ServiceGroup.restart}, as the flags of `boss restart`. */
export type GroupRestartOptions = Pick<RestartRequest, "timeoutSeconds" | "stopTimeoutSeconds" | "signal">;

export type { PublishedPort } from "../engine/ports.js";

/** A service as the engine reports it now (`boss status`). */
export type GroupService = ServiceStatus;

/**
 * A loaded services file, driven from code: the same orchestrator, engine and
 * events as the CLI, with typed errors instead of exit codes and no output of
 * its own. Made by {@link loadGroup}.
 */
export class ServiceGroup {
  /** The group's name (labels, network `boss-<name>`). */
  readonly name: string;
  /** The services file. */
  readonly file: string;
  /** The services, in start order. */
  readonly serviceNames: readonly string[];

  constructor(private readonly project: Project) {
    this.name = project.file.group;
    this.file = project.file.file;
    this.serviceNames = project.graph.startOrder();
  }

  /** The Context's values: loaded from `.boss-context`, then what `postStart` hooks set. A copy. */
  get context(): Record<string, JsonValue> {
    return Object.fromEntries(this.project.state.context);
  }

  /**
   * Starts every service not excluded (or only `services` and what they depend
   * on), each once its dependencies are ready, like `boss start`. Rejects with {@link StartFailedError} (carrying the
   * summary) when a service failed or a collection hook threw, and with an
   * InterruptedError when `signal` aborted it.
   */
  async start(options: GroupStartOptions = {}): Promise<StartSummary> {
    const summary = await startServices(this.project, options);
    this.check(summary, options.signal, () => new StartFailedError(this.name, summary));
    return summary;
  }

  /**
   * Stops the group's containers (or only `services` and what depends on them), dependents first, like `boss stop`;
   * `remove` also removes them, and for the whole group the network and `.boss-context`.
   */
  async stop(options: GroupStopOptions = {}): Promise<StopSummary> {
    const summary = await stopServices(this.project, options);
    this.check(summary, options.signal, () => new StopFailedError(this.name, summary, options.remove ?? false));
    return summary;
  }

  /**
   * Rebuilds each service from its `buildFrom` and restarts them and their running dependents (each once), like
   * `boss reload`.
   */
  async reload(services: string | readonly string[], options: GroupReloadOptions = {}): Promise<ReloadSummary> {
    const summary = await reloadService(this.project, services, options);
    this.check(summary, options.signal, () => new StartFailedError(this.name, summary));
    return summary;
  }

  /**
   * Stops `services` and their running dependents, then starts them again, keeping each container unless its
   * definition changed, like `boss restart`.
   * @example await group.restart(["web"]);
   */
  async restart(services: string | readonly string[], options: GroupRestartOptions = {}): Promise<RestartSummary> {
    const summary = await restartServices(this.project, typeof services === "string" ? [services] : services, options);
    this.check(summary, options.signal, () => new StartFailedError(this.name, summary));
    return summary;
  }

  /** Every service's state, readiness and published ports, asked of the engine now. */
  async services(): Promise<GroupService[]> {
    const { services } = await serviceStatuses(this.project);
    return services;
  }

  /**
   * The host port that `service` publishes `containerPort` on.
   * @example const url = `http://127.0.0.1:${await group.hostPort("todo", 8080)}/`;
   */
  async hostPort(service: string, containerPort: number, protocol: "tcp" | "udp" = "tcp"): Promise<number> {
    const found = (await this.services()).find((s) => s.name === service);
    if (!found) throw new Error(`${this.name}: no service "${service}" (services: ${this.serviceNames.join(", ")})`);
    const port = found.ports.find((p) => p.containerPort === containerPort && p.protocol === protocol);
    if (!port)
      throw new Error(`${this.name}: ${service} publishes no ${containerPort}/${protocol} (it is ${found.state})`);
    return port.hostPort;
  }

  /** The CLI's exit code rule (orchestrator/outcome.ts), as errors: interrupted, or failed. */
  private check(summary: Ending, signal: AbortSignal | undefined, failed: () => Error): void {
    const code = exitCodeOf(summary, signal);
    if (code === ExitCode.ok) return;
    if (summary.interrupted) throw new InterruptedError(`${this.name}: interrupted`, signal?.reason);
    throw failed();
  }
}
