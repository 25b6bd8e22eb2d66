// The services API: what a services file imports from "boss".
export { Service, type ControlSpec, type ServiceClass, type StopSignal, type VolumeMount } from "./model/service.js";
export { Context } from "./model/context.js";
export { group, onStartServices, onStopServices, onReloadService } from "./model/collection-hooks.js";
export type { JsonValue } from "./model/json.js";
export { cli } from "./cli/cli.js";
export { BossError, UserError, DockerUnavailableError, ServiceFailedError, isBossError, ExitCode } from "./errors.js";
