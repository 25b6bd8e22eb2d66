// The services API: what a services file imports from "boss".
export {
  Service,
  type ControlSpec,
  type ServiceClass,
  type StopSignal,
  type VolumeMount,
  type VolumeSpec,
} from "./model/service.js";
export { Context } from "./model/context.js";
export { waitFor, type WaitStrategy, type HttpWaitOptions } from "./model/wait-for/index.js";
export type { PingTarget } from "./model/ping-target.js";
export { group, onStartServices, onStopServices, onReloadService } from "./model/collection-hooks.js";
export type { JsonValue } from "./model/json.js";
export { cli } from "./cli/cli.js";
export { BossError, UserError, DockerUnavailableError, ServiceFailedError, isBossError, ExitCode } from "./errors.js";
// Driving a services file from code (tests, scripts): loadGroup(file) → start / stop / reload / services.
export {
  loadGroup,
  type LoadGroupOptions,
  type OrchestratorEvent,
  type StartSummary,
  type StopSummary,
  type ReloadSummary,
} from "./api/load-group.js";
export {
  ServiceGroup,
  type GroupStartOptions,
  type GroupStopOptions,
  type GroupReloadOptions,
  type GroupService,
  type PublishedPort,
} from "./api/service-group.js";
export { StartFailedError, StopFailedError } from "./api/group-errors.js";
