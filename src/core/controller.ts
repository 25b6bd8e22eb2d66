// The workload's life: the start, update and stop sequences of the HTTP API and
// of a container stop, run one at a time. Every start step that fails undoes the
// steps before it, so a workload is never left half-started.
import type { AdapterShape, Payload } from "./adapter.js";
import type { CommandFactory } from "./adapter-loader.js";
import type { CoreConfig } from "./config/config.js";
import { BadRequestError, ConflictError, messageOf, ShuttingDownError } from "./errors.js";
import { interpolateCommand } from "./interpolate.js";
import type { Logger } from "./logger.js";
import { checkArgv } from "./process/argv-limits.js";
import { runCommand } from "./process/command-runner.js";
import { userEnv } from "./process/run-as.js";
import { exitInfo, WorkloadProcess, type ExitInfo } from "./process/workload-process.js";
import { SerialQueue } from "./serial-queue.js";
import type { TrafficControl, ShapingValues } from "./traffic-control.js";
import type { UserIdentity } from "./users.js";
import { WorkloadState, type PublicStateReport, type StateReport } from "./workload-state.js";
import { nowMicros } from "./timestamp.js";

export interface ControllerDeps {
  config: CoreConfig;
  adapter: AdapterShape;
  commandFactory: CommandFactory | null;
  logger: Logger;
  ensureUser: (argv: readonly string[]) => string[];
  identity: UserIdentity | null;
  trafficControl: TrafficControl;
  /** Runs a privileged command as root; injectable for tests. */
  runPrivileged?: (argv: readonly string[], tag: string) => Promise<unknown>;
}

/** A child-process-like handle returned by an adapter that manages its own process. */
interface WatchableHandle {
  pid: number;
  once(event: "exit", listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
}

function isWatchable(handle: unknown): handle is WatchableHandle {
  const h = handle as Partial<WatchableHandle> | null;
  return typeof h === "object" && h !== null && typeof h.pid === "number" && typeof h.once === "function";
}

/** One start: what has to be undone at stop. */
interface Run {
  id: number;
  preStartRan: boolean;
  adapterStarted: boolean;
  shaped: boolean;
  workload: WorkloadProcess | null;
  handlePid: number | null;
  /** Set once stop began, so an exit is not reported as a crash. */
  stopping: boolean;
}

export class Controller {
  private readonly queue = new SerialQueue();
  private readonly state = new WorkloadState();
  private run: Run | null = null;
  private runIds = 0;
  /** Set by close(): the core is going away and starts nothing more. */
  private closed = false;
  private readonly runPrivileged: (argv: readonly string[], tag: string) => Promise<unknown>;

  constructor(private readonly deps: ControllerDeps) {
    this.runPrivileged = deps.runPrivileged ?? ((argv, tag) => runCommand(argv, { logger: deps.logger, tag }));
  }

  /** The state with the payload, for the replies of authorised start, update and stop calls. */
  snapshot(): StateReport {
    return this.state.report(this.pid(), this.shaping());
  }

  /** The state without the payload, for anyone (health, error replies). */
  publicSnapshot(): PublicStateReport {
    return this.state.publicReport(this.pid(), this.shaping());
  }

  private shaping(): StateReport["traffic_control"] {
    const tc = this.deps.trafficControl;
    return tc.enabled && tc.current
      ? { bandwidth_mbps: tc.current.bandwidthMbps, latency_ms: tc.current.latencyMs }
      : null;
  }

  /** The pid of the running workload (managed, or the adapter's child-process handle). */
  pid(): number | null {
    const run = this.run;
    if (!run || !["starting", "running", "stopping"].includes(this.state.name)) return null;
    if (run.workload?.running) return run.workload.pid;
    return run.handlePid;
  }

  get stateName(): string {
    return this.state.name;
  }

  get restarts(): number {
    return this.state.restarts;
  }

  get lastExitCode(): number | null {
    return this.state.exitCode;
  }

  /** When the current workload started (epoch µs), for its uptime. */
  get startedAt(): number | null {
    return this.state.startedAt;
  }

  start(payload: Payload): Promise<StateReport> {
    return this.queue.run(() => this.unlessClosed(() => this.doStart(payload)));
  }

  stop(): Promise<StateReport> {
    return this.queue.run(() => this.doStop());
  }

  update(payload: Payload): Promise<StateReport> {
    return this.queue.run(() => this.unlessClosed(() => this.doUpdate(payload)));
  }

  /**
   * The final stop of a shutdown: after it nothing starts again, so a start
   * that arrives while the core goes away cannot leave a workload behind it.
   */
  close(): Promise<StateReport> {
    this.closed = true;
    return this.stop();
  }

  /** SIGKILL to the workload's whole process group, now: a shutdown that ran out of time. */
  kill(): void {
    this.run?.workload?.kill();
  }

  private unlessClosed<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new ShuttingDownError("the core is shutting down"));
    return task();
  }

  private async workloadCommand(payload: Payload): Promise<string[] | null> {
    const pm = this.deps.config.processManagement;
    if (!pm.enabled) return null;
    if (pm.command) {
      const command = interpolateCommand(pm.command, payload);
      checkArgv(command);
      return command;
    }
    let argv: unknown;
    try {
      argv = await this.deps.commandFactory?.(payload);
    } catch (error) {
      throw new Error(`command_factory ${pm.commandFactory?.spec ?? ""} threw: ${messageOf(error)}`);
    }
    if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === "string")) {
      throw new Error(`command_factory ${pm.commandFactory?.spec ?? ""} must return a non-empty array of strings`);
    }
    checkArgv(argv);
    return argv;
  }

  private async doStart(payload: Payload): Promise<StateReport> {
    const { config, adapter, trafficControl: tc, logger } = this.deps;
    const key = config.adapter.primaryPayloadKey;
    if (!Object.hasOwn(payload, key))
      throw new BadRequestError(`payload key "${key}" is required (primary_payload_key)`);
    // Check everything the caller controls before touching anything.
    // No bandwidth and no latency asked for (nor defaulted): tc is not touched at all.
    const values = tc.enabled ? tc.valuesFrom(payload) : null;
    const shaping: ShapingValues | null = values && (values.bandwidthMbps || values.latencyMs) ? values : null;
    const argv = await this.workloadCommand(payload);

    if (this.run) {
      logger.info("start while a workload is active: restarting it");
      await this.doStop();
      this.state.restarts += 1;
    }
    const run: Run = {
      id: ++this.runIds,
      preStartRan: false,
      adapterStarted: false,
      shaped: false,
      workload: null,
      handlePid: null,
      stopping: false,
    };
    this.run = run;
    this.state.payload = payload;
    this.state.exitCode = null;
    this.state.exitSignal = null;
    this.state.stoppedAt = null;
    this.state.set("starting", null);
    try {
      for (const command of config.privilegedCommands.preStart) {
        run.preStartRan = true;
        await this.runPrivileged(command, "pre_start");
      }
      await adapter.preStartHooks?.(payload);
      if (shaping) {
        run.shaped = true;
        await tc.apply(shaping);
      }
      if (adapter.start) {
        run.adapterStarted = true;
        const handle = await adapter.start(payload, { ensureUser: this.deps.ensureUser });
        if (isWatchable(handle)) {
          run.handlePid = handle.pid;
          handle.once("exit", (code, signal) => this.onExit(run, exitInfo(code, signal)));
        }
      }
      if (argv) {
        const wrapped = this.deps.ensureUser(argv);
        const env = userEnv(process.env, this.deps.identity);
        run.workload = await WorkloadProcess.spawn(wrapped, env, config.baseDir, logger);
        logger.info(`workload started (pid ${run.workload.pid}): ${argv.join(" ")}`);
        const workload = run.workload;
        void workload.exited.then((exit) => this.onExit(run, exit));
      }
    } catch (error) {
      const message = messageOf(error);
      logger.error(`start failed: ${message}`);
      await this.undo(run);
      this.state.stoppedAt = nowMicros();
      this.state.set("failed", `start failed: ${message}`);
      throw error;
    }
    this.state.startedAt = nowMicros();
    this.state.set("running", null);
    return this.snapshot();
  }

  /** The workload ended. When nobody asked it to, that is a crash (or a clean finish for code 0). */
  private onExit(run: Run, exit: ExitInfo): void {
    if (this.run !== run || run.stopping) return;
    this.state.exitCode = exit.exitCode;
    this.state.exitSignal = exit.signal;
    this.state.stoppedAt = exit.at;
    const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.exitCode}`;
    if (exit.exitCode === 0) {
      this.deps.logger.info(`workload ${how}`);
      this.state.set("stopped", `the workload ${how} on its own`);
    } else {
      this.deps.logger.error(`workload ${how}`);
      this.state.set("failed", `the workload ${how}`);
    }
  }

  /** Undoes a run's steps in reverse order; collects (does not throw) failures. */
  private async undo(run: Run): Promise<string[]> {
    const { adapter, trafficControl: tc, logger, config } = this.deps;
    const problems: string[] = [];
    const attempt = async (what: string, step: () => Promise<unknown>): Promise<void> => {
      try {
        await step();
      } catch (error) {
        problems.push(`${what}: ${messageOf(error)}`);
        logger.error(`${what} failed: ${messageOf(error)}`);
      }
    };
    run.stopping = true;
    if (run.workload) {
      const workload = run.workload;
      const timeoutMs = config.processManagement.stopTimeoutSeconds * 1000;
      await attempt("stopping the workload", async () => {
        const exit = await workload.stop(timeoutMs);
        this.state.exitCode = exit.exitCode;
        this.state.exitSignal = exit.signal;
        logger.info(
          exit.killed
            ? `the workload (or a process it started) was still there ${config.processManagement.stopTimeoutSeconds} s after SIGTERM: its process group was killed`
            : `workload exited (code ${exit.exitCode}${exit.signal ? `, ${exit.signal}` : ""})`,
        );
      });
    }
    if (run.adapterStarted && adapter.stop) await attempt("adapter stop()", async () => adapter.stop?.());
    if (run.shaped) await attempt("clearing traffic control", () => tc.clear());
    if (run.preStartRan || run.workload || run.adapterStarted) {
      for (const command of config.privilegedCommands.postStop) {
        await attempt(`post_stop ${command.join(" ")}`, () => this.runPrivileged(command, "post_stop"));
      }
    }
    return problems;
  }

  private async doStop(): Promise<StateReport> {
    const run = this.run;
    if (!run) return this.snapshot();
    const wasRunning = this.state.name === "running" || this.state.name === "starting";
    if (wasRunning) this.state.set("stopping", null);
    const problems = await this.undo(run);
    this.run = null;
    if (wasRunning) {
      this.state.stoppedAt = nowMicros();
      this.state.set("stopped", null);
    }
    if (problems.length > 0) throw new Error(`stopped, but ${problems.join("; ")}`);
    return this.snapshot();
  }

  private async doUpdate(payload: Payload): Promise<StateReport> {
    const { adapter, trafficControl: tc } = this.deps;
    if (this.state.name !== "running")
      throw new BadRequestError(`the workload is not running (state ${this.state.name})`);
    const tcKeys = tc.enabled ? tc.keys.filter((k) => Object.hasOwn(payload, k)) : [];
    const rest = Object.fromEntries(Object.entries(payload).filter(([k]) => !tcKeys.includes(k)));
    if (tcKeys.length === 0 && Object.keys(rest).length === 0) throw new BadRequestError("the update payload is empty");
    const shaping =
      tcKeys.length > 0 ? tc.valuesFrom(payload, tc.current ?? { bandwidthMbps: null, latencyMs: null }) : null;
    if (Object.keys(rest).length > 0) {
      if (!adapter.update)
        throw new ConflictError(`the adapter does not support updates (keys: ${Object.keys(rest).join(", ")})`);
      const applied = await adapter.update(rest);
      if (applied !== true)
        throw new ConflictError(`the adapter does not support this update (keys: ${Object.keys(rest).join(", ")})`);
    }
    if (shaping) {
      await tc.apply(shaping);
      if (this.run) this.run.shaped = true;
    }
    this.state.payload = { ...(this.state.payload ?? {}), ...payload };
    return this.snapshot();
  }
}
