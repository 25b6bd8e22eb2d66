import { randomBytes } from "node:crypto";
import { ServiceFailedError } from "../errors.js";
import { Label } from "../engine/labels.js";
import { sharedState } from "../model/shared-state.js";
import { ensureControlToken } from "./ccc/control-token.js";
import { containerConfig } from "./container-config.js";
import { loadContext, saveContext } from "./context-store.js";
import { ensureImage } from "./images.js";
import { runToExit, type ProcessConsole } from "./process-console.js";
import { defaultNetworkName, type Project } from "./project.js";
import { runStart } from "./start.js";
import type { Clock } from "./readiness.js";

export interface RunRequest {
  service: string;
  /** Replaces the service's cmd (its entrypoint stays); empty keeps the cmd. */
  command: string[];
  /** Do not start the service's dependencies first. */
  noDeps?: boolean;
  networkName?: string;
  timeoutSeconds?: number;
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
  await client.checkAvailable();
  await loadContext(project);
  const network = request.networkName ?? defaultNetworkName(file.group);

  const needed = request.noDeps ? new Set<string>() : graph.transitiveDependenciesOf(service.name);
  const dependencies = graph.startOrder().filter((n) => needed.has(n));
  if (dependencies.length > 0) {
    const summary = await runStart(project, dependencies, {
      networkName: network,
      ...(request.timeoutSeconds !== undefined ? { timeoutSeconds: request.timeoutSeconds } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
      ...(request.clock ? { clock: request.clock } : {}),
    });
    await saveContext(project);
    if (summary.interrupted) throw new ServiceFailedError("interrupted while starting the dependencies");
    const failed = [...summary.failed.map((f) => `${f.name}: ${f.message}`), ...summary.skipped.map((s) => s.name)];
    if (failed.length > 0) {
      throw new ServiceFailedError(`${service.name}: its dependencies did not start: ${failed.join("; ")}`);
    }
  } else {
    await client.ensureNetwork(network, { [Label.group]: file.group });
  }
  if (service.control) ensureControlToken();
  const imageId = await ensureImage(project, service);
  const config = containerConfig(service, sharedState().context, imageId, network);
  const command = request.command.length > 0 ? request.command : config.cmd;
  const oneOff = await client.runAttached(
    {
      name: `${file.group}-${service.name}-run-${randomBytes(3).toString("hex")}`,
      image: config.image,
      env: config.env,
      ...(config.entrypoint ? { entrypoint: config.entrypoint } : {}),
      ...(command ? { cmd: command } : {}),
      ...(config.user ? { user: config.user } : {}),
      volumes: config.volumes,
      capAdd: config.capAdd,
      network,
      labels: { [Label.group]: file.group, [Label.service]: service.name, [Label.oneOff]: "true" },
    },
    console.io,
  );
  try {
    return await runToExit(oneOff, console);
  } finally {
    await client.removeContainer(oneOff.id);
  }
}
