import { join, relative } from "node:path";
import { UserError } from "../../errors.js";
import type { ServiceDefinition } from "../../model/definition.js";
import type { Project } from "../project.js";
import { ChangedFiles, type ChangeBatch } from "./changed-files.js";
import { applyChanges, type WatchActionOptions } from "./watch-actions.js";

export interface WatchRequest extends WatchActionOptions {
  /** The services to watch (default: every one with `watch` rules). */
  services?: readonly string[];
  /** Ends the watch (Ctrl-C). */
  signal: AbortSignal;
  /** How long no change must come before a batch is acted on. */
  quietMs?: number;
}

/**
 * `boss watch`: acts on file changes until the signal aborts. Each service
 * has its own queue, so actions for one service never overlap: changes that
 * come while it acts are gathered into the next batch.
 */
export async function watchServices(project: Project, request: WatchRequest): Promise<void> {
  const services = watchedServices(project, request.services ?? []);
  const queues = services.map((service) => new ActionQueue(project, service, request));
  const watchers = services.map(
    (service, i) =>
      new ChangedFiles(service.watch, service.build?.context, (batch) => queues[i]?.add(batch), request.quietMs),
  );
  try {
    await Promise.all(watchers.map((watcher) => watcher.ready()));
    project.emit({
      type: "notice",
      message: `watching ${services.map((s) => describeRules(project, s)).join("; ")} (Ctrl-C stops)`,
    });
    if (!request.signal.aborted) {
      await new Promise((resolve) => request.signal.addEventListener("abort", resolve, { once: true }));
    }
  } finally {
    await Promise.all(watchers.map((watcher) => watcher.close()));
    await Promise.all(queues.map((queue) => queue.idle()));
  }
}

function watchedServices(project: Project, names: readonly string[]): ServiceDefinition[] {
  const { graph, file } = project;
  graph.checkKnown(names, "watch");
  if (names.length > 0) {
    for (const name of names) {
      const service = graph.get(name);
      if (service.watch.length === 0) {
        throw new UserError("is empty: boss watch has nothing to do for this service (docs/services-file.md)", {
          file: file.file,
          service: service.className,
          field: "watch",
        });
      }
    }
    return names.map((name) => graph.get(name));
  }
  const watched = graph.services.filter((service) => service.watch.length > 0);
  if (watched.length === 0) {
    throw new UserError(
      `no service in ${file.file} has watch rules: add watch = [{ path, action }] to one (docs/services-file.md)`,
    );
  }
  return watched;
}

function describeRules(project: Project, service: ServiceDefinition): string {
  const rules = service.watch.map((rule) => `${relative(project.file.dir, rule.path) || "."}: ${rule.action}`);
  return `${service.name} (${rules.join(", ")})`;
}

/** One service's actions, one after another; changes that come meanwhile make the next batch. */
class ActionQueue {
  private pending: ChangeBatch | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly project: Project,
    private readonly service: ServiceDefinition,
    private readonly options: WatchActionOptions,
  ) {}

  add(batch: ChangeBatch): void {
    this.pending = merged(this.pending, batch);
    this.running ??= this.drain();
  }

  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async drain(): Promise<void> {
    for (let batch = this.pending; batch; batch = this.pending) {
      this.pending = undefined;
      const began = performance.now();
      const result = await applyChanges(this.project, this.service, batch, this.options);
      this.project.emit({
        type: "watch",
        service: this.service.name,
        files: changedFiles(this.project, batch),
        ...result,
        elapsedMs: performance.now() - began,
      });
    }
    this.running = undefined;
  }
}

function merged(into: ChangeBatch | undefined, batch: ChangeBatch): ChangeBatch {
  const result: ChangeBatch = new Map(into);
  for (const [rule, files] of batch) result.set(rule, new Map([...(result.get(rule) ?? []), ...files]));
  return result;
}

/** The batch's files, relative to the services file, as the user names them. */
function changedFiles(project: Project, batch: ChangeBatch): string[] {
  const files = [...batch].flatMap(([rule, changes]) =>
    [...changes.keys()].map((path) => relative(project.file.dir, join(rule.path, path))),
  );
  return [...new Set(files)].sort();
}
