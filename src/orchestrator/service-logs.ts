import type { LogChunk } from "../engine/log-stream.js";
import type { Project } from "./project.js";
import { readGroup } from "./group-session.js";
import { serviceContainer } from "./service-container.js";
import { realClock, type Clock } from "./readiness.js";

export interface LogsRequest {
  /** The services to show; empty for all of them. */
  services: readonly string[];
  follow: boolean;
  tail?: number;
  /** Seconds since the epoch. */
  since?: number;
  timestamps?: boolean;
  /** Ends following (Ctrl-C). */
  signal?: AbortSignal;
  /** How often to look for a service's next container while following. */
  pollMs?: number;
  clock?: Clock;
}

/** Where the output goes: chunks as they come, and the end of a service's output (to flush a partial line). */
export interface LogSink {
  chunk(service: string, chunk: LogChunk): void;
  end(service: string): void;
}

const defaultPollMs = 500;

/**
 * `boss logs`: the output of each service's container (the newest one; never
 * `boss run` one-offs). Without `follow` the services come one after another
 * in start order. With it they come together, until the signal aborts, and a
 * service whose container stops is picked up again when it (or its
 * replacement, after `boss reload`) runs.
 */
export async function serviceLogs(project: Project, request: LogsRequest, sink: LogSink): Promise<void> {
  project.graph.checkKnown(request.services, "logs");
  await readGroup(project, "logs", () => showLogs(project, request, sink));
}

async function showLogs(project: Project, request: LogsRequest, sink: LogSink): Promise<void> {
  const order = project.graph.startOrder();
  const names = request.services.length ? order.filter((n) => request.services.includes(n)) : order;
  if (!request.follow) {
    for (const name of names) {
      const container = await serviceContainer(project, name);
      if (!container) {
        project.emit({ type: "notice", message: `${name}: no container (not started yet)` });
        continue;
      }
      await copy(project, name, container.id, request, request.tail, request.since, sink);
      sink.end(name);
    }
    return;
  }
  await Promise.all(names.map((name) => followService(project, name, request, sink)));
}

async function followService(project: Project, name: string, request: LogsRequest, sink: LogSink): Promise<void> {
  const { signal } = request;
  const clock = request.clock ?? realClock;
  let last: string | undefined;
  let tail = request.tail;
  let since = request.since;
  while (!signal?.aborted) {
    const container = await serviceContainer(project, name).catch(() => undefined);
    const again = container?.id === last;
    if (!container || (again && container.status !== "running")) {
      try {
        await clock.sleep(request.pollMs ?? defaultPollMs, signal);
      } catch {
        break; // aborted
      }
      continue;
    }
    if (again) {
      // The same container started again: only what it wrote since its previous run ended.
      const { finishedAt } = await project.client.inspectContainer(container.id);
      since = finishedAt ? Date.parse(finishedAt) / 1000 : since;
    } else if (last !== undefined) {
      since = undefined; // a new container (a replacement): all of it
    }
    try {
      await copy(project, name, container.id, request, tail, since, sink);
    } catch {
      // Removed under us (a reload): look again.
    }
    last = container.id;
    tail = undefined;
  }
  sink.end(name);
}

async function copy(
  project: Project,
  name: string,
  id: string,
  request: LogsRequest,
  tail: number | undefined,
  since: number | undefined,
  sink: LogSink,
): Promise<void> {
  const options = {
    follow: request.follow,
    ...(tail !== undefined ? { tail } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(request.timestamps ? { timestamps: true } : {}),
  };
  for await (const chunk of project.client.streamLogs(id, options, request.signal)) sink.chunk(name, chunk);
}
