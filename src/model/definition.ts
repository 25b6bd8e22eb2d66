import type { ContainerOptions } from "./container-options.js";
import type { JsonValue } from "./json.js";
import type { PullPolicy, Service, StopSignal, SwarmOptions, WatchAction } from "./service.js";

/** A published port: container port/protocol → host port (on `hostIp`, when set). */
export interface PortBinding {
  containerPort: number;
  protocol: "tcp" | "udp";
  /** 0: a free port the engine picks when the container starts (put in the Context as `ports.<service>.<port>`). */
  hostPort: number;
  /** The host address to listen on; unset: every address. */
  hostIp?: string;
}

/**
 * What a service mounts: a host folder (absolute path), a named volume of the
 * group (`name` as written; the engine's volume is `<group>_<name>`), or a new
 * anonymous volume — which boss carries over to every replacement container.
 * `options` are the engine's mount options beside the mode (`z`, `rshared`, `nocopy`; mount-options.ts).
 */
export type VolumeBinding =
  | { type: "bind"; host: string; container: string; mode: "ro" | "rw"; options?: string[] }
  | { type: "volume"; name: string; container: string; mode: "ro" | "rw"; options?: string[] }
  | { type: "anonymous"; container: string };

/** A `watch` rule after validation: `path` absolute, `ignore` always a list. */
export interface WatchDefinition {
  path: string;
  action: WatchAction;
  target?: string;
  ignore: string[];
}

/**
 * A service after validation: every field present, normalised and checked,
 * host paths absolute, dependencies as names. `instance` carries the hooks.
 */
export interface ServiceDefinition {
  name: string;
  className: string;
  image: string;
  dependencies: string[];
  env: Record<string, string>;
  ports: PortBinding[];
  volumes: VolumeBinding[];
  entrypoint?: string[];
  cmd?: string[];
  user?: string;
  alwaysStartNew: boolean;
  /** Unset: the image's STOPSIGNAL. */
  stopSignal?: StopSignal;
  capAdd: string[];
  /** A one-shot job: ready when its container exits 0 (validate-job.ts). */
  job: boolean;
  control?: { port: number; payload: Record<string, JsonValue> };
  build?: { context: string; dockerfile: string; args: Record<string, string>; target?: string };
  watch: WatchDefinition[];
  /** Restart policy, limits, healthcheck and the other container options (container-options.ts). */
  options: ContainerOptions;
  pullPolicy: PullPolicy;
  /** Empty: always starts; else only when one of these profiles is active. */
  profiles: string[];
  /** How many copies `boss deploy` and `boss export kubernetes` run; 1 unless set. */
  replicas: number;
  /** Swarm-only options (`boss deploy`), when set. */
  swarm?: SwarmOptions;
  instance: Service;
}

/** A loaded services file: where it is, its group, and its services (in export-name order: a module namespace is sorted). */
export interface ServicesFile {
  file: string;
  dir: string;
  group: string;
  services: ServiceDefinition[];
}
