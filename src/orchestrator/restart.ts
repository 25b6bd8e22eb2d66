import { UserError } from "../errors.js";
import { selectServices, startTargets } from "../model/selection.js";
import { isLive } from "./container-stopper.js";
import { sessionOptions, withGroupSession } from "./group-session.js";
import { TimelineRecorder } from "./timeline/timeline-recorder.js";
import type { Project } from "./project.js";
import { runStart, type StartRequest, type StartSummary } from "./start.js";
import { stopContainers } from "./stop.js";

export interface RestartRequest extends Omit<StartRequest, "services" | "exclude"> {
  /** Grace period of each container stopped, between its stop signal and SIGKILL. */
  stopTimeoutSeconds?: number;
}

export interface RestartSummary extends StartSummary {
  /** The services restarted, as named. */
  services: string[];
  /** Their dependents that were running, stopped before them and started again after them. */
  dependents: string[];
}

/**
 * `boss restart SERVICE...`: stop the named services and their running
 * dependents (dependents first), then start them again, dependencies first.
 * Each keeps its container unless its definition changed (then it is
 * recreated, as `start` does); the named services' dependencies are started
 * if they are not running and kept if they are. One lock for the whole:
 * a boss killed in between leaves stopped containers that the next `start`
 * restarts. A service that fails to stop ends it before anything starts
 * (in `failed`; what it kept from stopping in `skipped`).
 */
export async function restartServices(
  project: Project,
  names: readonly string[],
  request: RestartRequest = {},
): Promise<RestartSummary> {
  const { graph, client, file } = project;
  if (names.length === 0) throw new UserError(`restart: name a service; known services: ${graph.names.join(", ")}`);
  const { named } = selectServices(graph, "restart", [...new Set(names)]);
  const recorder = new TimelineRecorder("restart");
  return withGroupSession(
    recorder.watching(project),
    { command: "restart", mutates: true, ...sessionOptions(request) },
    async (session) => {
      const containers = await client.listContainers({ group: file.group });
      const live = (n: string) => containers.some((c) => c.service === n && isLive(c));
      const below = new Set(named.flatMap((n) => [...graph.transitiveDependentsOf(n)]));
      const dependents = graph.names.filter((n) => below.has(n) && !named.includes(n) && live(n));
      const stop = await stopContainers(session, [...named, ...dependents], containers, {
        ...(request.stopTimeoutSeconds !== undefined ? { timeoutSeconds: request.stopTimeoutSeconds } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      });
      if (stop.failed.length > 0 || stop.notStopped.length > 0 || request.signal?.aborted) {
        // Starting now would keep what did not stop under a dependency that did: leave it to the next start.
        const failed = stop.failed.map((f) => ({ name: f.name, message: `could not stop it: ${f.message}` }));
        const skipped = stop.notStopped.map((s) => ({ name: s.name, because: s.because }));
        const interrupted = request.signal?.aborted ?? false;
        return {
          started: [],
          failed,
          skipped,
          cancelled: [],
          hookFailures: [],
          interrupted,
          services: named,
          dependents,
        };
      }
      const targets = startTargets(graph, { named: [...named, ...dependents], excluded: new Set() });
      const summary = await runStart(session, targets, request);
      summary.criticalPath = recorder.keep(session);
      return { ...summary, services: named, dependents };
    },
  );
}
