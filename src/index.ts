// The services API: what a services file imports from "boss". It loads the
// model only: the CLI, the orchestrator and dockerode are imported when used
// (cli() run as a script, loadGroup()), so `import { Service } from "boss"` is cheap.
import type { LoadGroupOptions } from "./api/load-group.js";
import type { ServiceGroup } from "./api/service-group.js";

export {
  Service,
  type ByteSize,
  type ControlSpec,
  type Duration,
  type Healthcheck,
  type PullPolicy,
  type RestartPolicy,
  type ServiceClass,
  type Ulimit,
  type WatchAction,
  type WatchRule,
  type StopSignal,
  type VolumeMount,
  type VolumeSpec,
} from "./model/service.js";
export { Context } from "./model/context.js";
export { waitFor, type WaitStrategy, type HttpWaitOptions, type CommandWaitOptions } from "./model/wait-for/index.js";
export type { PingTarget, PingPort } from "./model/ping-target.js";
export { group, onStartServices, onStopServices, onReloadService } from "./model/collection-hooks.js";
export type { JsonValue } from "./model/json.js";
export { cli } from "./cli/script.js";
export {
  BossError,
  UserError,
  DockerUnavailableError,
  ServiceFailedError,
  EngineError,
  GroupBusyError,
  InterruptedError,
  isBossError,
  ExitCode,
} from "./errors.js";
export { StartFailedError, StopFailedError } from "./api/group-errors.js";
export type {
  LoadGroupOptions,
  OrchestratorEvent,
  StartSummary,
  StopSummary,
  ReloadSummary,
  RestartSummary,
} from "./api/load-group.js";
export type {
  ServiceGroup,
  GroupStartOptions,
  GroupStopOptions,
  GroupReloadOptions,
  GroupRestartOptions,
  GroupService,
  PublishedPort,
} from "./api/service-group.js";

/**
 * Loads a services file (or the `boss.ts` … of a folder) to drive it from
 * code — a test suite that starts its services in `before` and removes them
 * in `after`. See {@link ServiceGroup}.
 *
 * @example
 * const group = await loadGroup("examples/readme-demo/boss.ts");
 * await group.start();
 * const port = await group.hostPort("todo", 8080);
 * await group.stop({ remove: true });
 */
export async function loadGroup(path: string, options?: LoadGroupOptions): Promise<ServiceGroup> {
  const { loadGroup: load } = await import("./api/load-group.js");
  return load(path, options);
}
