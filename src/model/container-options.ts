/**
 * A service's container options (restart policy, limits, healthcheck, ...) after validation: numbers in one
 * unit each (bytes, seconds), lists in one form. A field is present only when the service sets it, so the
 * definition of a service that sets none hashes as before and its container is kept.
 */
export interface ContainerOptions {
  /** Absent: "no". */
  restart?: { policy: "always" | "unless-stopped" | "on-failure"; maxRetries?: number };
  /** Bytes. */
  memory?: number;
  cpus?: number;
  workingDir?: string;
  hostname?: string;
  /** `name:address` entries, address possibly `host-gateway`. */
  extraHosts?: string[];
  /** Container path → mount options (`""` for none). */
  tmpfs?: Record<string, string>;
  init?: boolean;
  /** Bytes. */
  shmSize?: number;
  ulimits?: Record<string, { soft: number; hard: number }>;
  platform?: string;
  labels?: Record<string, string>;
  aliases?: string[];
  /** `test: ["NONE"]` turns the image's HEALTHCHECK off (`healthcheck = false`). */
  healthcheck?: HealthcheckOptions;
  sysctls?: Record<string, string>;
  devices?: Array<{ host: string; container: string; permissions: string }>;
  securityOpt?: string[];
  readOnly?: boolean;
  /** Seconds between the stop signal and SIGKILL. */
  stopGracePeriod?: number;
  rawCreateOptions?: Record<string, unknown>;
}

/** A healthcheck as the engine takes it, durations in seconds. */
export interface HealthcheckOptions {
  test: string[];
  interval?: number;
  timeout?: number;
  retries?: number;
  startPeriod?: number;
}

/** True when the options turn the healthcheck off (`healthcheck = false`). */
export function healthcheckDisabled(options: ContainerOptions): boolean {
  return options.healthcheck?.test[0] === "NONE";
}
