import { UserError } from "../errors.js";
import { runCollectionHooks, type HookFailure } from "./collection-hooks.js";
import { sessionOptions, withGroupSession } from "./group-session.js";
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
  service: string;
  /** Dependents that were running and were stopped and started again. */
  dependents: string[];
}

/**
 * `boss reload SERVICE`: rebuild its image first (a failed build stops
 * nothing), stop it and its running dependents gracefully, start it as a new
 * container with its hooks (its anonymous volumes carried over), then start
 * the dependents again — all on the network the group runs on.
 */
export async function reloadService(
  project: Project,
  name: string,
  request: ReloadRequest = {},
): Promise<ReloadSummary> {
  const { graph, client, file } = project;
  graph.checkKnown([name], "reload");
  const service = graph.get(name);
  if (!service.build) {
    throw new UserError("is not set: `boss reload` rebuilds the image from the buildFrom folder", {
      file: file.file,
      service: service.className,
      field: "buildFrom",
    });
  }
  return withGroupSession(
    project,
    { command: "reload", mutates: true, ...sessionOptions(request) },
    async (session) => {
      const containers = await client.listContainers({ group: file.group });
      const isRunning = (n: string) => containers.some((c) => c.service === n && c.status === "running");
      const missing = service.dependencies.find(
        (d) => !isRunning(d) && !completedJob(session, graph.get(d), containers),
      );
      if (missing) {
        throw new UserError(
          `cannot reload "${name}": its dependency "${missing}" is not running; run boss start first`,
        );
      }
      await buildImage(session, service);
      const below = graph.transitiveDependentsOf(name);
      const dependents = graph.names.filter((n) => below.has(n) && isRunning(n));
      await stopContainers(session, [name, ...dependents], containers, {
        ...(request.stopTimeoutSeconds !== undefined ? { timeoutSeconds: request.stopTimeoutSeconds } : {}),
      });
      // The reloaded service always gets a new container (and its hooks), even when the image did not change.
      const replace = new Set([name, ...(request.remove ? dependents : [])]);
      const summary = await runStart(
        session,
        graph.startOrder().filter((n) => n === name || dependents.includes(n)),
        { ...request, replace },
      );
      const hookFailures: HookFailure[] =
        summary.failed.length === 0 && !summary.interrupted
          ? await runCollectionHooks(project, "onReloadService", name)
          : [];
      return { ...summary, hookFailures, service: name, dependents };
    },
  );
}
