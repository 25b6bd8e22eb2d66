import { DockerUnavailableError, messageOf, UserError } from "../errors.js";
import type { ContainerSummary } from "../engine/container-client.js";
import { runCollectionHooks, type HookFailure } from "./collection-hooks.js";
import { isLive, stopGracefully } from "./container-stopper.js";
import { sessionOptions, withGroupSession, type GroupSession } from "./group-session.js";
import type { Project } from "./project.js";
import type { ServiceDefinition } from "../model/definition.js";
import type { ServiceGraph } from "../model/graph.js";
import { schedule } from "./scheduler.js";
import { watchExits, type ExitWatch } from "./exit-watch.js";
import { selectServices, stopTargets } from "../model/selection.js";

export { defaultStopTimeoutSeconds } from "./container-stopper.js";

export interface StopRequest {
  /** Only these services and what depends on them (`boss stop web`); default: all. */
  services?: readonly string[];
  exclude?: readonly string[];
  remove?: boolean;
  /** With `remove`: also the group's named volumes (compose's `down -v`). */
  volumes?: boolean;
  /** Seconds between the stop signal and SIGKILL; unset: each service's `stopGracePeriod`, else 10. */
  timeoutSeconds?: number;
  /** Accepted as miniboss does; the group's networks are found by label whatever their name. */
  networkName?: string;
  waitSeconds?: number;
  signal?: AbortSignal;
}

/** An anonymous volume that went with its container (`--remove`): its data is gone. */
export interface RemovedVolume {
  service: string;
  volume: string;
  target: string;
}

export interface StopSummary {
  stopped: string[];
  /** Containers of the group whose service is no longer in the services file. */
  orphans: string[];
  failed: Array<{ name: string; message: string }>;
  /** Left running because something depending on them failed to stop. */
  notStopped: Array<{ name: string; because: string }>;
  removedNetwork: boolean;
  removedContext: boolean;
  /** Anonymous volumes removed with their containers. */
  removedAnonymousVolumes: RemovedVolume[];
  /** Named volumes removed (`--volumes`). */
  removedVolumes: string[];
  /** With `--remove` of the whole group and no `--volumes`: the named volumes its services declare, which stay. */
  keptVolumes: string[];
  hookFailures: HookFailure[];
  interrupted: boolean;
}

/**
 * `boss stop [names]`: this group's containers (or the named services' and
 * their dependents'), each after everything that depends on it has stopped
 * (reverse order, parallel where the graph allows).
 */
export async function stopServices(project: Project, request: StopRequest = {}): Promise<StopSummary> {
  const { graph, client, file, emit } = project;
  const selection = selectServices(graph, "stop", request.services, request.exclude);
  const targets = stopTargets(graph, selection);
  // Orphans, the network, named volumes and the context belong to the whole group: only a stop of all of it touches them.
  const wholeGroup = selection.named.length === 0 && selection.excluded.size === 0;
  if (request.volumes && !request.remove) {
    throw new UserError(
      "--volumes removes the group's named volumes and needs --remove (boss stop --remove --volumes)",
    );
  }
  return withGroupSession(
    project,
    { command: "stop", mutates: true, tolerateUnreadableContext: true, ...sessionOptions(request) },
    async (session) => {
      const containers = await client.listContainers({ group: file.group });
      const result = await stopContainers(session, targets, containers, request);

      const orphans = wholeGroup ? containers.filter((c) => !graph.has(c.service)) : [];
      await Promise.all(
        [...new Set(orphans.map((c) => c.service))].map((name) => stopOne(session, name, orphans, request)),
      );

      const summary: StopSummary = {
        ...result,
        orphans: [...new Set(orphans.map((c) => c.service))],
        removedNetwork: false,
        removedContext: false,
        removedAnonymousVolumes: result.removedAnonymousVolumes,
        removedVolumes: [],
        keptVolumes: [],
        hookFailures: [],
        interrupted: request.signal?.aborted ?? false,
      };
      // The network, named volumes and the saved context go only when the whole group goes.
      if (request.remove && wholeGroup && summary.failed.length === 0 && !summary.interrupted) {
        const stuck = await client.removeGroupNetworks(file.group);
        for (const name of stuck) {
          emit({
            type: "notice",
            message:
              `the network ${name} stays: the engine counts an endpoint on it that no container holds ` +
              "(a Docker bug, moby/moby#42119; restarting the Docker engine clears it). boss start uses it as it is.",
          });
        }
        if (request.volumes) summary.removedVolumes = await client.removeGroupVolumes(file.group);
        else summary.keptVolumes = declaredVolumes(graph.names.map((name) => graph.get(name)));
        await session.discard();
        summary.removedNetwork = stuck.length === 0;
        summary.removedContext = true;
      }
      summary.hookFailures = await runCollectionHooks(project, "onStopServices", summary.stopped);
      return summary;
    },
  );
}

/**
 * Stops (and with `remove`, removes) the containers of `targets` in reverse dependency order: a service once
 * the processes of everything that depends on it are gone. Returns once every stop call has returned.
 */
export async function stopContainers(
  session: GroupSession,
  targets: string[],
  containers: ContainerSummary[],
  request: StopRequest,
): Promise<Pick<StopSummary, "stopped" | "failed" | "notStopped" | "removedAnonymousVolumes">> {
  const { graph, emit, client, file } = session.project;
  const removedAnonymousVolumes: RemovedVolume[] = [];
  const live = new Set(containers.filter(isLive).map((c) => c.service));
  const exits = someStopWaits(graph, targets, live) ? watchExits(client, file.group) : undefined;
  const stopCalls = new Map<string, Promise<unknown>>();
  const outcomes = await schedule(
    targets,
    (name) => graph.dependentsOf(name),
    async (name) => {
      removedAnonymousVolumes.push(...(await stopOne(session, name, containers, request, exits, stopCalls)));
    },
    {
      // Only a running service waits, and only on running ones: a finished job or a stopped service has nothing to stop.
      onWaiting: (name, pending) => {
        const running = pending.filter((p) => live.has(p));
        if (live.has(name) && running.length > 0) {
          emit({ type: "phase", service: name, phase: "waiting", detail: `on ${running.join(", ")} to stop` });
        }
      },
      onSettled: (name, outcome) => {
        if (outcome.status === "failed" && !(outcome.error instanceof DockerUnavailableError)) {
          emit({ type: "phase", service: name, phase: "failed", detail: messageOf(outcome.error) });
        } else if (outcome.status === "skipped") {
          emit({ type: "notice", message: `${name}: not stopped, because ${outcome.because} failed to stop` });
        }
      },
      ...(request.signal ? { signal: request.signal } : {}),
    },
  ).finally(() => exits?.close());
  // A service whose process was gone may still have had its stop call fail after that.
  for (const [name, call] of stopCalls) {
    const failure = await call.then(
      () => undefined,
      (error: unknown) => error,
    );
    if (failure === undefined || outcomes.get(name)?.status !== "done") continue;
    outcomes.set(name, { status: "failed", error: failure });
    if (!(failure instanceof DockerUnavailableError)) {
      emit({ type: "phase", service: name, phase: "failed", detail: messageOf(failure) });
    }
  }
  // The engine gone: one error for the command (exit 3), not one failure per service.
  const lost = [...outcomes.values()].find((o) => o.status === "failed" && o.error instanceof DockerUnavailableError);
  if (lost?.status === "failed") throw lost.error;
  const failed = [...outcomes].flatMap(([name, o]) =>
    o.status === "failed" ? [{ name, message: messageOf(o.error) }] : [],
  );
  const notStopped = [...outcomes].flatMap(([name, o]) =>
    o.status === "skipped" ? [{ name, because: o.because }] : [],
  );
  const stopped = targets.filter((n) => live.has(n) && outcomes.get(n)?.status === "done");
  return { stopped, failed, notStopped, removedAnonymousVolumes };
}

/**
 * Stops one service's containers gracefully; with `remove` removes them and their anonymous volumes, saying
 * which, and returns the volumes removed. With `exits`, it is done (stopped) once its containers' processes are
 * gone; their stop calls, which return once the engine has cleaned up behind them, go on in `stopCalls`.
 */
async function stopOne(
  session: GroupSession,
  name: string,
  all: ContainerSummary[],
  request: StopRequest,
  exits?: ExitWatch,
  stopCalls?: Map<string, Promise<unknown>>,
): Promise<RemovedVolume[]> {
  const { client, emit } = session.project;
  const containers = all.filter((c) => c.service === name);
  const live = containers.filter(isLive);
  if (live.length > 0) {
    emit({ type: "phase", service: name, phase: "stopping" });
    const began = Date.now();
    await session.markStopping(name, true);
    const gone = exits && Promise.all(live.map((c) => exits.nextExit(c.id)));
    // The mark goes only once the stop call has returned: after the process died the engine may still list the
    // container as running, and a boss killed then must leave the next start to finish the stop, not keep it.
    const stopped = stopGracefully(session.project, name, live, request.timeoutSeconds).then(() =>
      session.markStopping(name, false),
    );
    if (gone && !request.remove) {
      stopCalls?.set(name, stopped);
      await Promise.race([stopped, gone]);
    } else {
      await stopped;
    }
    emit({ type: "phase", service: name, phase: "stopped", elapsedMs: Date.now() - began });
  }
  if (!request.remove || containers.length === 0) return [];
  session.forget(name);
  await Promise.all(containers.map((c) => client.removeContainer(c.id, { volumes: true })));
  const anonymous = containers.flatMap((c) =>
    c.mounts.flatMap((m) => (m.anonymous && m.name ? [{ service: name, volume: m.name, target: m.target }] : [])),
  );
  const gone = new Set(await client.removeVolumes(anonymous.map((v) => v.volume)));
  const removedVolumes = anonymous.filter((v) => gone.has(v.volume));
  const went = removedVolumes.map((v) => `${v.target} (${v.volume.slice(0, 12)})`);
  emit({
    type: "phase",
    service: name,
    phase: "removed",
    ...(went.length ? { detail: `with its anonymous volume${went.length > 1 ? "s" : ""} ${went.join(", ")}` } : {}),
  });
  return removedVolumes;
}

/**
 * Whether a live target's stop waits on another live target's: only then is it worth following the engine's
 * events to learn of each exit before its stop call returns.
 */
function someStopWaits(graph: ServiceGraph, targets: readonly string[], live: ReadonlySet<string>): boolean {
  const included = new Set(targets);
  return targets.some((name) => live.has(name) && graph.dependentsOf(name).some((d) => included.has(d) && live.has(d)));
}

/** The named volumes the services declare, by the names written in the services file. */
function declaredVolumes(services: readonly ServiceDefinition[]): string[] {
  const names = services.flatMap((s) => s.volumes.flatMap((v) => (v.type === "volume" ? [v.name] : [])));
  return [...new Set(names)].sort();
}
