import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { Writable } from "node:stream";
import { createRenderer } from "../cli/render/renderer.js";
import { UserError } from "../errors.js";
import type { ContainerClient } from "../engine/container-client.js";
import { DockerContainerClient } from "../engine/docker-client.js";
import { findServicesFile, loadServicesFile } from "../model/services-file.js";
import { loadContext } from "../orchestrator/context-store.js";
import type { EventSink, OrchestratorEvent } from "../orchestrator/events.js";
import type { Project } from "../orchestrator/project.js";
import { detachState, exclusive, withState } from "./isolated-state.js";
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
 * Groups loaded in one process keep their own hooks and Context; their
 * operations run one at a time.
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
  return exclusive(async () => {
    const { servicesFile, graph } = await loadServicesFile(file);
    const state = detachState();
    const project: Project = {
      client: options.client ?? new DockerContainerClient(),
      file: servicesFile,
      graph,
      emit: eventSink(options),
    };
    // So that `group.context` shows what an earlier start saved, before this program starts anything.
    await withState(state, () => loadContext(project));
    return new ServiceGroup(project, state);
  });
}

function eventSink({ onEvent, output }: LoadGroupOptions): EventSink {
  const renderer = output
    ? createRenderer({ stdout: output, stderr: output, plain: true, json: false, env: process.env })
    : undefined;
  return (event) => {
    renderer?.event(event);
    onEvent?.(event);
  };
}

export type { OrchestratorEvent } from "../orchestrator/events.js";
export type { StartSummary } from "../orchestrator/start.js";
export type { StopSummary } from "../orchestrator/stop.js";
export type { ReloadSummary } from "../orchestrator/reload.js";
