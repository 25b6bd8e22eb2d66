import type { ContainerSummary } from "../engine/container-client.js";
import { configHash } from "../engine/labels.js";
import type { ServiceDefinition } from "../model/definition.js";
import type { ContainerConfig } from "./container-config.js";
import { waitForJob } from "./job-completion.js";
import { realClock } from "./readiness.js";
import { ServiceStarter, type StartAction } from "./service-starter.js";

/**
 * Brings a job (`job = true`: a migration, a seeder) to "ready", which for a
 * job means: its container ran and exited 0, then its postStart ran. Like
 * compose's `service_completed_successfully`. What differs from a service:
 * - the last run of the same definition exited 0: it is not run again (its
 *   container is kept, exited, for `boss logs`), unless `--rerun-jobs`,
 *   `alwaysStartNew` or `reload` asks for a new run;
 * - it is still running (an earlier boss was stopped while it ran): it is
 *   waited for rather than run twice;
 * - anything else (a failed run, a changed definition) runs it again, in a
 *   new container.
 * Any other exit code fails it with that code and its last log lines.
 */
export class JobStarter extends ServiceStarter {
  /** The exit code of each job's last run, when it failed, to say why it runs again. */
  private readonly failedBefore = new Map<string, number>();

  override async start(service: ServiceDefinition): Promise<StartAction> {
    const began = Date.now();
    const imageId = await this.options.images(service);
    const wanted = this.configBeforePreStart(service, imageId);
    const existing = await this.project.client.listContainers({
      group: this.project.file.group,
      service: service.name,
    });
    const earlier = wanted && !this.mustRerun(service) ? await this.earlierRun(service, existing, wanted) : undefined;
    if (wanted && earlier) return this.finishEarlier(service, earlier, existing, wanted, began);
    return this.replace(service, existing, imageId, wanted, began);
  }

  protected override async waitReady(
    service: ServiceDefinition,
    id: string,
    _config: ContainerConfig,
    announce: boolean,
  ): Promise<void> {
    if (announce) this.phase(service, "starting", "running; done when it exits 0");
    const { timeoutSeconds, signal, clock = realClock } = this.options;
    await waitForJob(this.project.client, service, id, timeoutSeconds, clock, signal);
  }

  protected override announceNew(service: ServiceDefinition, began: number): StartAction {
    this.phase(service, "completed", "exit 0", began);
    return "completed";
  }

  protected override replacementReason(
    service: ServiceDefinition,
    existing: ContainerSummary[],
    wanted: ContainerConfig | undefined,
  ): string {
    const newest = newestOf(existing);
    const forced = this.options.replace?.has(service.name) ?? false;
    if (!forced && wanted && newest?.configHash === configHash(wanted)) {
      if (this.options.rerunJobs) return "--rerun-jobs: running the job again";
      if (service.alwaysStartNew) return "alwaysStartNew: running the job again";
      const code = this.failedBefore.get(service.name);
      if (code !== undefined) return `its last run failed (exit ${code}): running it again`;
    }
    return super.replacementReason(service, existing, wanted);
  }

  private mustRerun(service: ServiceDefinition): boolean {
    return (
      (this.options.replace?.has(service.name) ?? false) || (this.options.rerunJobs ?? false) || service.alwaysStartNew
    );
  }

  /** The last run, when it has the wanted definition and either completed or still runs; else undefined. */
  private async earlierRun(
    service: ServiceDefinition,
    existing: ContainerSummary[],
    wanted: ContainerConfig,
  ): Promise<ContainerSummary | undefined> {
    const newest = newestOf(existing);
    if (!newest || newest.configHash !== configHash(wanted)) return undefined;
    // A stop cut short while the job ran: the engine may be killing it; run it again from the start.
    if (newest.status === "running") return this.session.records.stopping.has(service.name) ? undefined : newest;
    if (newest.status !== "exited") return undefined;
    const { exitCode } = await this.project.client.inspectContainer(newest.id);
    if (exitCode === 0) return newest;
    this.failedBefore.set(service.name, exitCode);
    return undefined;
  }

  /**
   * The last run completed (or still runs): wait for it if it runs, run postStart if an earlier boss
   * stopped before it got to it, and leave the container as it is.
   */
  private async finishEarlier(
    service: ServiceDefinition,
    container: ContainerSummary,
    existing: ContainerSummary[],
    config: ContainerConfig,
    began: number,
  ): Promise<StartAction> {
    const others = existing.filter((c) => c.id !== container.id);
    if (others.length > 0) await this.retire(service, others);
    const finished = this.session.isReady(service.name, container.id);
    if (container.status === "running" || !finished) await this.pingKeptDependencies(service);
    if (container.status === "running") {
      this.phase(service, "starting", "waiting for the run an earlier boss started (it stopped before the job ended)");
      await this.bringUp(service, container.id, config, { announce: false, postStart: true });
      return this.announceNew(service, began);
    }
    // It completed, but an earlier boss stopped before its postStart: run that now, once.
    if (!finished) await this.bringUp(service, container.id, config, { announce: false, postStart: true });
    this.phase(service, "completed-earlier");
    return "completed-earlier";
  }
}

/** The container that ran last (created is in seconds: boss numbers a service's containers upwards, so the name breaks ties). */
function newestOf(containers: readonly ContainerSummary[]): ContainerSummary | undefined {
  return [...containers].sort(
    (a, b) => b.created - a.created || b.name.localeCompare(a.name, "en", { numeric: true }),
  )[0];
}
