import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { Writable } from "node:stream";
import { UserError } from "../errors.js";
import type { ContainerClient } from "../engine/container-client.js";
import { findServicesFile, loadServicesFile } from "../model/services-file.js";
import { eventLine } from "../report/event-text.js";
import { loadContext } from "../orchestrator/context-store.js";
import type { EventSink, OrchestratorEvent } from "../orchestrator/events.js";
import type { Project } from "../orchestrator/project.js";
import { ServiceGroup } from "./service-group.js";

export interface LoadGroupOptions {
  /** Called with every event the CLI would render (phases per service, build and pull progress, notices). */
  onEvent?: (event: OrchestratorEvent) => void;
  /** Also write the events as `boss --plain` does, e.g. to `process.stderr`. Default: no output. */
  output?: Writable;
  /** The engine to use. Default: Docker, through DOCKER_HOST or /var/run/docker.sock. */
  client?: ContainerClient;
}

/**
 * Loads a services file (or the `boss.ts` … of a folder) for use from code,
 * e.g. a test suite that starts its services in `before` and removes them in
 * `after`. Relative paths are relative to the current folder. Errors are
 * typed (UserError for a bad file, DockerUnavailableError, StartFailedError).
 *
 * Groups loaded in one process keep their own hooks and Context, and may be
 * driven at the same time (each group's operations take its lock, as the CLI's do).
 *
 * @example
 * const group = await loadGroup("examples/readme-demo/boss.ts");
 * await group.start();
 * const port = await group.hostPort("todo", 8080);
 * // … requests to http://127.0.0.1:${port}/ …
 * await group.stop({ remove: true });
 */
export function loadGroup(path: string, options: LoadGroupOptions = {}): Promise<ServiceGroup> {
  const target = resolve(path);
  const file = existsSync(target) && statSync(target).isDirectory() ? findServicesFile(target) : target;
  if (!existsSync(file)) return Promise.reject(new UserError(`services file not found: ${file}`));
  return (async () => {
    const { servicesFile, graph, state, warnings } = await loadServicesFile(file);
    const project: Project = {
      // dockerode only when a group is loaded without a client of its own.
      client: options.client ?? new (await import("../engine/docker-client.js")).DockerContainerClient(),
      file: servicesFile,
      graph,
      state,
      emit: eventSink(options),
    };
    for (const warning of warnings) project.emit({ type: "warning", ...warning });
    // So that `group.context` shows what an earlier start saved, before this program starts anything.
    await loadContext(project);
    return new ServiceGroup(project);
  })();
}

function eventSink({ onEvent, output }: LoadGroupOptions): EventSink {
  return (event) => {
    const line = output && eventLine(event);
    if (line !== undefined && line !== "") output?.write(`${line}\n`);
    onEvent?.(event);
  };
}

export type { OrchestratorEvent } from "../orchestrator/events.js";
export type { StartSummary } from "../orchestrator/start.js";
export type { StopSummary } from "../orchestrator/stop.js";
export type { ReloadSummary } from "../orchestrator/reload.js";
export type { RestartSummary } from "../orchestrator/restart.js";
