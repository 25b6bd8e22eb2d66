/**
 * The container options of a service spec (restart policy, limits, healthcheck, ...) and their Engine API
 * create fields. Units are the model's (bytes, seconds, cores); the engine's (nanoseconds, nano-CPUs) are
 * made here, where the API is.
 */

export interface ContainerOptionsSpec {
  restart?: { policy: "always" | "unless-stopped" | "on-failure"; maxRetries?: number };
  memory?: number;
  cpus?: number;
  workingDir?: string;
  hostname?: string;
  extraHosts?: string[];
  tmpfs?: Record<string, string>;
  init?: boolean;
  shmSize?: number;
  ulimits?: Record<string, { soft: number; hard: number }>;
  platform?: string;
  labels?: Record<string, string>;
  aliases?: string[];
  healthcheck?: { test: string[]; interval?: number; timeout?: number; retries?: number; startPeriod?: number };
  sysctls?: Record<string, string>;
  devices?: Array<{ host: string; container: string; permissions: string }>;
  securityOpt?: string[];
  readOnly?: boolean;
  /** Seconds. */
  stopGracePeriod?: number;
  /** Merged last into the create body (raw-create-options.ts). */
  rawCreateOptions?: Record<string, unknown>;
}

/** The create body's own fields for `options`; `HostConfig` holds only what the options set. */
export function optionsConfig(options: ContainerOptionsSpec = {}) {
  const o = options;
  return {
    ...(o.workingDir !== undefined ? { WorkingDir: o.workingDir } : {}),
    ...(o.hostname !== undefined ? { Hostname: o.hostname } : {}),
    ...(o.healthcheck ? { Healthcheck: healthcheckConfig(o.healthcheck) } : {}),
    // The engine takes whole seconds; rounding up never cuts a grace period short.
    ...(o.stopGracePeriod !== undefined ? { StopTimeout: Math.ceil(o.stopGracePeriod) } : {}),
    HostConfig: hostOptionsConfig(o),
  };
}

function hostOptionsConfig(o: ContainerOptionsSpec) {
  return {
    ...(o.restart ? { RestartPolicy: { Name: o.restart.policy, MaximumRetryCount: o.restart.maxRetries ?? 0 } } : {}),
    ...(o.memory !== undefined ? { Memory: o.memory } : {}),
    ...(o.cpus !== undefined ? { NanoCpus: Math.round(o.cpus * 1e9) } : {}),
    ...(o.extraHosts ? { ExtraHosts: o.extraHosts } : {}),
    ...(o.tmpfs ? { Tmpfs: o.tmpfs } : {}),
    ...(o.init !== undefined ? { Init: o.init } : {}),
    ...(o.shmSize !== undefined ? { ShmSize: o.shmSize } : {}),
    ...(o.ulimits
      ? { Ulimits: Object.entries(o.ulimits).map(([Name, { soft, hard }]) => ({ Name, Soft: soft, Hard: hard })) }
      : {}),
    ...(o.sysctls ? { Sysctls: o.sysctls } : {}),
    ...(o.devices
      ? {
          Devices: o.devices.map((d) => ({
            PathOnHost: d.host,
            PathInContainer: d.container,
            CgroupPermissions: d.permissions,
          })),
        }
      : {}),
    ...(o.securityOpt ? { SecurityOpt: o.securityOpt } : {}),
    ...(o.readOnly ? { ReadonlyRootfs: true } : {}),
  };
}

/** The engine counts healthcheck durations in nanoseconds. */
function healthcheckConfig(h: NonNullable<ContainerOptionsSpec["healthcheck"]>) {
  const ns = (seconds: number) => Math.round(seconds * 1e9);
  return {
    Test: h.test,
    ...(h.interval !== undefined ? { Interval: ns(h.interval) } : {}),
    ...(h.timeout !== undefined ? { Timeout: ns(h.timeout) } : {}),
    ...(h.retries !== undefined ? { Retries: h.retries } : {}),
    ...(h.startPeriod !== undefined ? { StartPeriod: ns(h.startPeriod) } : {}),
  };
}
