import { DockerUnavailableError, messageOf, ServiceFailedError } from "../errors.js";
import type { ServiceDefinition } from "../model/definition.js";
import { ensureControlToken } from "./ccc/control-token.js";
import { runCollectionHooks, type HookFailure } from "./collection-hooks.js";
import { groupNetwork } from "./group-network.js";
import { prefetchImages } from "./image-prefetch.js";
import { servicesOutOfProfile } from "./profile-selection.js";
import { sessionOptions, withGroupSession, type GroupSession } from "./group-session.js";
import type { Project } from "./project.js";
import { schedule, type Outcome } from "./scheduler.js";
import { ServiceStarter, type StartAction, type StartOptions } from "./service-starter.js";
import { EarlyCreation } from "./early-create.js";
import { JobStarter } from "./job-starter.js";
import { skipReason } from "./job-completion.js";
import { followReason } from "./dependents-follow.js";
import { selectServices, startTargets } from "../model/selection.js";
import type { Clock } from "./readiness.js";
import type { CriticalPath } from "./timeline/critical-path.js";
import { TimelineRecorder } from "./timeline/timeline-recorder.js";

export interface StartRequest {
  /** Only these services and what they depend on (`boss start web worker`); default: all. */
  services?: readonly string[];
  exclude?: readonly string[];
  /** Active profiles: services with profiles start only when one of theirs is here (`*`: all). */
  profiles?: readonly string[];
  timeoutSeconds?: number;
  networkName?: string;
  /** Build every `buildFrom` image again (`boss start --build`). */
  build?: boolean;
  /** Seconds to wait for another boss that holds the group. */
  waitSeconds?: number;
  signal?: AbortSignal;
  clock?: Clock;
  /** Run jobs again even when they completed with the same definition (`--rerun-jobs`). */
  rerunJobs?: boolean;
  /**
   * Services that must answer their ping before the start returns, also when they are kept (a kept service is
   * pinged only for a dependent that starts): the dependencies of the one-off container `boss run` starts next.
   */
  pingBeforeReturning?: readonly string[];
  /** Told when each service's image is here (built, pulled or found): the timeline's build and pull times. */
  onImageReady?: (service: string) => void;
}

export interface StartSummary {
  /** `because`: restarted only because a dependency moved (`appdb was recreated`). */
  started: Array<{ name: string; action: StartAction; because?: string }>;
  failed: Array<{ name: string; message: string }>;
  skipped: Array<{ name: string; because: string }>;
  cancelled: string[];
  hookFailures: HookFailure[];
  interrupted: boolean;
  /** The chain of services that bounded the command (docs/commands.md#boss-timeline). */
  criticalPath?: CriticalPath;
}

export const defaultStartTimeoutSeconds = 300;

/**
 * `boss start [names]`: every service not excluded (or the named ones and
 * their dependencies), each as soon as its dependencies are ready. The
 * context is saved afterwards whatever happened.
 */
export async function startServices(project: Project, request: StartRequest = {}): Promise<StartSummary> {
  const { graph } = project;
  const selection = selectServices(graph, "start", request.services, request.exclude);
  const outOfProfile = servicesOutOfProfile(
    project,
    request.profiles ?? [],
    selection.excluded,
    new Set(selection.named),
  );
  const targets = startTargets(graph, { ...selection, excluded: new Set([...selection.excluded, ...outOfProfile]) });
  const recorder = new TimelineRecorder("start");
  const options = { command: "start", mutates: true, ...sessionOptions(request) };
  return withGroupSession(recorder.watching(project), options, async (session) => {
    const summary = await runStart(session, targets, { ...request, onImageReady: (name) => recorder.imageReady(name) });
    summary.criticalPath = recorder.keep(session);
    if (!summary.interrupted) {
      summary.hookFailures = await runCollectionHooks(
        project,
        "onStartServices",
        summary.started.map((s) => s.name),
      );
    }
    return summary;
  });
}

/**
 * Starts `targets` on the group's network; services outside `targets` are
 * taken as running. `replace` get a new container whatever their definition.
 * The engine going away ends it with that error (exit 3), after what was
 * done is saved.
 */
export async function runStart(
  session: GroupSession,
  targets: string[],
  request: StartRequest & { replace?: ReadonlySet<string> },
): Promise<StartSummary> {
  const { graph, emit, client, file } = session.project;
  const before = await client.listContainers({ group: file.group });
  // The images' plans (inspects, build contexts hashed, builds and pulls begun) and the network need nothing of
  // each other: both at once. A build begun is let finish and recorded, whatever else fails.
  const prefetching = prefetchImages(
    session,
    targets.map((n) => graph.get(n)),
    { build: request.build ?? false },
  );
  const network = await groupNetwork(session, request.networkName, before).catch(async (error: unknown) => {
    await (await prefetching).settled();
    throw error;
  });
  if (targets.some((n) => graph.get(n).control)) ensureControlToken(session.project.state.context);
  const images = await prefetching;
  for (const name of targets) {
    void images.imageOf(graph.get(name)).then(
      () => request.onImageReady?.(name),
      () => undefined, // the service's failure, at its turn
    );
  }
  // Dependents that can follow a dependency are the ones running when the start began.
  const runningBefore = new Set(before.filter((c) => c.status === "running").map((c) => c.service));
  const hadContainers = new Set(before.map((c) => c.service));
  // Once the engine is gone nothing else can start: stop scheduling, report it once.
  const engineLost = new AbortController();
  const signal = request.signal ? AbortSignal.any([request.signal, engineLost.signal]) : engineLost.signal;
  const options: StartOptions = {
    network,
    timeoutSeconds: request.timeoutSeconds ?? defaultStartTimeoutSeconds,
    signal,
    images: images.imageOf,
    hadContainers,
    // Recorded before the move: a boss killed before the dependents restarted leaves it to the next start.
    beforeMoving: (name, what) => {
      const followers = graph.dependentsOf(name).filter((d) => targets.includes(d) && runningBefore.has(d));
      return followers.length > 0 ? session.markFollowing(followers, `${name} ${what}`) : undefined;
    },
    ...(request.replace ? { replace: request.replace } : {}),
    ...(request.clock ? { clock: request.clock } : {}),
    ...(request.rerunJobs ? { rerunJobs: true } : {}),
  };
  const services = new ServiceStarter(session, options);
  const jobs = new JobStarter(session, options);
  const createsEarly = new EarlyCreation(graph, targets, (name) => services.createEarly(graph.get(name)));
  const failures = new Map<string, unknown>();
  const actions = new Map<string, StartAction>();
  const outcomes = await schedule(
    targets,
    (name) => graph.dependenciesOf(name),
    async (name) => {
      const service = graph.get(name);
      createsEarly.begun(name);
      // Jobs run to their end: what moves before them is no reason to run them again, so they follow nothing.
      if (service.job) {
        actions.set(name, await jobs.start(service));
        return;
      }
      const follow = followReason(graph.dependenciesOf(name), services.moved) ?? session.records.following.get(name);
      actions.set(name, await services.start(service, follow));
      if (session.records.following.has(name)) await session.markFollowing([name], undefined);
    },
    {
      onWaiting: (name, pending) => {
        emit({ type: "phase", service: name, phase: "waiting", detail: `on ${pending.join(", ")}` });
        if (!graph.get(name).job) createsEarly.waiting(name);
      },
      onSettled: (name, outcome) => {
        if (outcome.status === "failed" && outcome.error instanceof DockerUnavailableError) engineLost.abort();
        else reportOutcome(session.project, name, outcome, failures);
      },
      signal,
    },
  );
  await services.dropUnstarted();
  await images.settled();
  await pingKeptForLater(services, request.pingBeforeReturning ?? [], outcomes, signal, (name, failed) =>
    reportOutcome(session.project, name, failed, failures),
  );
  const lost = [...outcomes.values()].find((o) => o.status === "failed" && o.error instanceof DockerUnavailableError);
  if (lost?.status === "failed") throw lost.error;
  return summarise(
    targets.map((n) => graph.get(n)),
    outcomes,
    actions,
    services.followed,
    request.signal?.aborted ?? false,
  );
}

/** Kept services among `names` that were not pinged for a dependent: pinged now; one that fails is failed. */
async function pingKeptForLater(
  services: ServiceStarter,
  names: readonly string[],
  outcomes: Map<string, Outcome>,
  signal: AbortSignal,
  onFailed: (name: string, outcome: Outcome) => void,
): Promise<void> {
  for (const name of names) {
    if (outcomes.get(name)?.status !== "done") continue;
    try {
      await services.pingKept(name);
    } catch (error) {
      if (signal.aborted) return; // the summary says interrupted
      if (!(error instanceof ServiceFailedError)) throw error;
      const failed: Outcome = { status: "failed", error };
      outcomes.set(name, failed);
      onFailed(name, failed);
    }
  }
}

/** A failure, skip or cancellation is shown when it happens, not when the rest has settled. */
function reportOutcome(project: Project, name: string, outcome: Outcome, failures: Map<string, unknown>): void {
  switch (outcome.status) {
    case "failed":
      failures.set(name, outcome.error);
      project.emit({ type: "phase", service: name, phase: "failed", detail: failureMessage(name, outcome.error) });
      break;
    case "skipped":
      project.emit({
        type: "phase",
        service: name,
        phase: "skipped",
        detail: skipReason(outcome.because, failures.get(outcome.because)),
      });
      break;
    case "cancelled":
      project.emit({ type: "phase", service: name, phase: "cancelled" });
      break;
    case "done":
      break;
  }
}

/** Messages often start with the service's name already; the summary names it once. */
function failureMessage(name: string, error: unknown): string {
  return messageOf(error).replace(new RegExp(`^${name}: `), "");
}

function summarise(
  services: ServiceDefinition[],
  outcomes: Map<string, Outcome>,
  actions: Map<string, StartAction>,
  followed: ReadonlyMap<string, string>,
  interrupted: boolean,
): StartSummary {
  const summary: StartSummary = { started: [], failed: [], skipped: [], cancelled: [], hookFailures: [], interrupted };
  for (const { name } of services) {
    const outcome = outcomes.get(name) ?? { status: "cancelled" };
    switch (outcome.status) {
      case "done":
        summary.started.push({ name, action: actions.get(name) ?? "created", ...becauseOf(followed, name) });
        break;
      case "failed":
        summary.failed.push({ name, message: failureMessage(name, outcome.error) });
        break;
      case "skipped":
        summary.skipped.push({ name, because: outcome.because });
        break;
      case "cancelled":
        summary.cancelled.push(name);
        break;
    }
  }
  return summary;
}

function becauseOf(followed: ReadonlyMap<string, string>, name: string): { because?: string } {
  const because = followed.get(name);
  return because ? { because } : {};
}
