import { UserError } from "../errors.js";
import { runCollectionHooks, type HookFailure } from "./collection-hooks.js";
import { sessionOptions, withGroupSession } from "./group-session.js";
import { TimelineRecorder } from "./timeline/timeline-recorder.js";
import { buildImage } from "./images.js";
import { completedJob } from "./job-status.js";
import type { Project } from "./project.js";
import { runStart, type StartRequest, type StartSummary } from "./start.js";
import { stopContainers } from "./stop.js";

export interface ReloadRequest extends Omit<StartRequest, "exclude"> {
  /** Also recreate the dependents' containers instead of restarting them. */
  remove?: boolean;
  stopTimeoutSeconds?: number;
}

export interface ReloadSummary extends StartSummary {
  /** The first service reloaded (the only one before `reload` took several), for scripts that read it. */
  service: string;
  /** The services reloaded, as named. */
  services: string[];
  /** Dependents that were running and were stopped and started again (once, even when shared by several). */
  dependents: string[];
}

/**
 * `boss reload SERVICE...`: rebuild their images first (a failed build stops
 * nothing), stop them and their running dependents gracefully, start each as
 * a new container with its hooks (its anonymous volumes carried over), then
 * start the dependents again — all on the network the group runs on.
 */
export async function reloadService(
  project: Project,
  names: string | readonly string[],
  request: ReloadRequest = {},
): Promise<ReloadSummary> {
  const { graph, client, file } = project;
  const reloaded = [...new Set(typeof names === "string" ? [names] : names)];
  if (reloaded.length === 0) throw new UserError(`reload: name a service; known services: ${graph.names.join(", ")}`);
  graph.checkKnown(reloaded, "reload");
  for (const name of reloaded) {
    const service = graph.get(name);
    if (!service.build) {
      throw new UserError("is not set: `boss reload` rebuilds the image from the buildFrom folder", {
        file: file.file,
        service: service.className,
        field: "buildFrom",
      });
    }
  }
  const recorder = new TimelineRecorder("reload");
  return withGroupSession(
    recorder.watching(project),
    { command: "reload", mutates: true, ...sessionOptions(request) },
    async (session) => {
      const containers = await client.listContainers({ group: file.group });
      const isRunning = (n: string) => containers.some((c) => c.service === n && c.status === "running");
      for (const name of reloaded) {
        // A dependency reloaded with it is started before it; any other must be running already.
        const missing = graph
          .dependenciesOf(name)
          .find((d) => !reloaded.includes(d) && !isRunning(d) && !completedJob(session, graph.get(d), containers));
        if (missing) {
          throw new UserError(
            `cannot reload "${name}": its dependency "${missing}" is not running; run boss start first`,
          );
        }
      }
      for (const name of reloaded) await buildImage(session, graph.get(name));
      const below = new Set(reloaded.flatMap((n) => [...graph.transitiveDependentsOf(n)]));
      const dependents = graph.names.filter((n) => below.has(n) && !reloaded.includes(n) && isRunning(n));
      await stopContainers(session, [...reloaded, ...dependents], containers, {
        ...(request.stopTimeoutSeconds !== undefined ? { timeoutSeconds: request.stopTimeoutSeconds } : {}),
      });
      // The reloaded services always get a new container (and their hooks), even when the image did not change.
      const replace = new Set([...reloaded, ...(request.remove ? dependents : [])]);
      const summary = await runStart(
        session,
        graph.startOrder().filter((n) => reloaded.includes(n) || dependents.includes(n)),
        { ...request, replace },
      );
      summary.criticalPath = recorder.keep(session);
      const hookFailures: HookFailure[] = [];
      if (summary.failed.length === 0 && !summary.interrupted) {
        for (const name of reloaded) hookFailures.push(...(await runCollectionHooks(project, "onReloadService", name)));
      }
      return { ...summary, hookFailures, service: reloaded[0] ?? "", services: reloaded, dependents };
    },
  );
}
