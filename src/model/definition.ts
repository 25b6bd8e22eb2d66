import type { JsonValue } from "./json.js";
import type { Service, StopSignal } from "./service.js";

/** A published port: container port/protocol → host port. */
export interface PortBinding {
  containerPort: number;
  protocol: "tcp" | "udp";
  hostPort: number;
}

/**
 * What a service mounts: a host folder (absolute path), a named volume of the
 * group (`name` as written; the engine's volume is `<group>_<name>`), or a new
 * anonymous volume — which boss carries over to every replacement container.
 */
export type VolumeBinding =
  | { type: "bind"; host: string; container: string; mode: "ro" | "rw" }
  | { type: "volume"; name: string; container: string; mode: "ro" | "rw" }
  | { type: "anonymous"; container: string };

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
  control?: { port: number; payload: Record<string, JsonValue> };
  build?: { context: string; dockerfile: string; args: Record<string, string> };
  /** Empty: always starts; else only when one of these profiles is active. */
  profiles: string[];
  instance: Service;
}

/** A loaded services file: where it is, its group, and its services (in export-name order: a module namespace is sorted). */
export interface ServicesFile {
  file: string;
  dir: string;
  group: string;
  services: ServiceDefinition[];
}
