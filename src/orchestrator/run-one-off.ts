import { randomBytes } from "node:crypto";
import { InterruptedError, ServiceFailedError } from "../errors.js";
import { Label } from "../engine/labels.js";
import { ensureControlToken } from "./ccc/control-token.js";
import { containerConfig, mountsOf } from "./container-config.js";
import { ensureNamedVolumes } from "./named-volumes.js";
import { groupNetwork } from "./group-network.js";
import { sessionOptions, withGroupSession, type GroupSession } from "./group-session.js";
import { ensureImage } from "./images.js";
import { runToExit, type ProcessConsole } from "./process-console.js";
import type { Project } from "./project.js";
import { runStart } from "./start.js";
import type { Clock } from "./readiness.js";

export interface RunRequest {
  service: string;
  /** Replaces the service's cmd (its entrypoint stays); empty keeps the cmd. */
  command: string[];
  /** Replaces the service's (and the image's) entrypoint, as `docker compose run --entrypoint`. */
  entrypoint?: string[];
  /** Do not start the service's dependencies first. */
  noDeps?: boolean;
  networkName?: string;
  timeoutSeconds?: number;
  waitSeconds?: number;
  signal?: AbortSignal;
  clock?: Clock;
}

/**
 * `boss run SERVICE [-- CMD…]`: a one-off container of the service — its image,
 * interpolated env, volumes and the group's network, so the other services
 * answer by name — with the console attached, removed when it ends. The
 * dependencies are started first (as `start` would) unless `noDeps`. Returns
 * the command's exit code.
 */
export async function runOneOff(project: Project, request: RunRequest, console: ProcessConsole): Promise<number> {
  const { graph, client, file } = project;
  graph.checkKnown([request.service], "run");
  const service = graph.get(request.service);
  // The group is held only while its dependencies start: the one-off itself may run for hours.
  const { config, network } = await withGroupSession(
    project,
    { command: "run", mutates: true, ...sessionOptions(request) },
    async (session) => {
      const needed = request.noDeps ? new Set<string>() : graph.transitiveDependenciesOf(service.name);
      const dependencies = graph.startOrder().filter((n) => needed.has(n));
      if (dependencies.length > 0) await startDependencies(session, service.name, dependencies, request);
      const network = await groupNetwork(session, request.networkName);
      if (service.control) ensureControlToken(project.state.context);
      const imageId = await ensureImage(session, service);
      const config = containerConfig(service, project.state.context, imageId, network.name);
      await ensureNamedVolumes(client, file.group, config.volumes);
      return { config, network };
    },
  );
  const command = request.command.length > 0 ? request.command : config.cmd;
  const entrypoint = request.entrypoint ?? config.entrypoint;
  const oneOff = await client.runAttached(
    {
      name: `${file.group}-${service.name}-run-${randomBytes(3).toString("hex")}`,
      image: config.image,
      env: config.env,
      ...(entrypoint ? { entrypoint } : {}),
      ...(command ? { cmd: command } : {}),
      ...(config.user ? { user: config.user } : {}),
      mounts: mountsOf(file.group, config.volumes),
      capAdd: config.capAdd,
      network: network.id,
      labels: { [Label.group]: file.group, [Label.service]: service.name, [Label.oneOff]: "true" },
    },
    console.io,
  );
  try {
    return await runToExit(oneOff, console);
  } finally {
    // Its anonymous volumes were made for it alone.
    await client.removeContainer(oneOff.id, { volumes: true });
  }
}

async function startDependencies(
  session: GroupSession,
  name: string,
  dependencies: string[],
  request: RunRequest,
): Promise<void> {
  const summary = await runStart(session, dependencies, {
    pingBeforeReturning: session.project.graph.dependenciesOf(name),
    ...(request.networkName ? { networkName: request.networkName } : {}),
    ...(request.timeoutSeconds !== undefined ? { timeoutSeconds: request.timeoutSeconds } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.clock ? { clock: request.clock } : {}),
  });
  if (summary.interrupted) {
    throw new InterruptedError("interrupted while starting the dependencies", request.signal?.reason);
  }
  const failed = [...summary.failed.map((f) => `${f.name}: ${f.message}`), ...summary.skipped.map((s) => s.name)];
  if (failed.length > 0) {
    throw new ServiceFailedError(`${name}: its dependencies did not start: ${failed.join("; ")}`);
  }
}
