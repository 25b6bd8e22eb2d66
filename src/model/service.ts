/**
 * The base class of every service. A services file exports subclasses that set
 * fields in their initialisers and define the hooks they need:
 *
 * @example
 * export class Database extends Service {
 *   name = "appdb";
 *   image = "postgres:16";
 *   env = { POSTGRES_PASSWORD: "dbpwd" };
 *   ports = { 5432: 5433 };
 *   async ping() { return canConnect(5433); }
 * }
 */
import type { JsonValue } from "./json.js";
import type { PingTarget } from "./ping-target.js";

const serviceBrand = Symbol.for("boss.service");

/** A signal Docker may send to stop a container. */
export type StopSignal = "SIGINT" | "SIGTERM" | "SIGKILL" | "SIGQUIT";

/** How a volume is mounted, in miniboss's object form of `volumes` (`{ source: { bind, mode } }`). */
export interface VolumeMount {
  bind: string;
  mode?: "ro" | "rw";
}

/** One entry of `volumes` in compose's long form. */
export interface VolumeSpec {
  /** Inferred from `source` when left out: a path is a bind mount, a bare name a named volume. */
  type?: "volume" | "bind";
  /** A host path (`./data`, `/srv/x`, `~/x`) or a volume name (`pgdata`); none: an anonymous volume. */
  source?: string;
  /** The absolute path inside the container. */
  target: string;
  readOnly?: boolean;
}

/**
 * Declares that the image embeds the Container Control Core: boss starts the
 * workload through it (POST /api/start with `payload`), stops it gracefully
 * before the container, and reads its metrics.
 */
export interface ControlSpec {
  /** The core's port inside the container. Default 8080. */
  port?: number;
  /** The start payload; string values may use `{key}` from the Context. */
  payload?: Record<string, JsonValue>;
}

/** A class that makes a Service, as `dependencies` may name it. */
export type ServiceClass = abstract new () => Service;

export abstract class Service {
  static readonly [serviceBrand] = true;

  /** Unique within the group, a valid DNS label; other services reach this one by it. */
  abstract name: string;
  /** Image reference. Used when present locally, else pulled — or built when `buildFrom` is set. */
  abstract image: string;
  /** Services that must be ready before this one starts, by name or by class. */
  dependencies: Array<string | ServiceClass> = [];
  /** Environment; `{key}` is replaced from the Context when the service starts (`{{`/`}}` for literal braces). */
  env: Record<string, string | number | boolean> = {};
  /** Published ports: container port (`5432` or `"53/udp"`) → host port. */
  ports: Record<string | number, number> = {};
  /**
   * Mounts, as docker compose reads them: `"./data:/data"` or `"/srv/x:/x:ro"` bind a host folder (relative
   * to the services file); `"pgdata:/var/lib/postgresql/data"` mounts the named volume `<group>_pgdata`, kept
   * until `boss stop --remove --volumes`; `"/cache"` alone is an anonymous volume. Also
   * `{ source, target, readOnly }` entries, or miniboss's `{ source: { bind, mode } }`. Anonymous volumes
   * (and an image's VOLUMEs) are carried over whenever the container is replaced.
   */
  volumes: Array<string | VolumeSpec> | Record<string, VolumeMount> = [];
  /** Overrides the image's ENTRYPOINT. */
  entrypoint?: string | string[];
  /** Overrides the image's CMD. */
  cmd?: string | string[];
  /** User (name or uid[:gid]) the container runs as. */
  user?: string;
  /** Never restart an exited container: always create a new one (and run preStart/postStart). */
  alwaysStartNew = false;
  /** Signal that stops the container (stop, replace, reload) before the timeout ends in SIGKILL. Default: the image's STOPSIGNAL, else SIGTERM. */
  stopSignal?: StopSignal;
  /** Folder (relative to the services file) to build `image` from; makes `boss reload` possible. */
  buildFrom?: string;
  /** Dockerfile inside `buildFrom`. */
  dockerfile = "Dockerfile";
  /** Linux capabilities to add, e.g. `["NET_ADMIN"]` for traffic shaping (like compose's `cap_add`). */
  capAdd: string[] = [];
  /** The image embeds the Container Control Core: see {@link ControlSpec}. */
  control?: ControlSpec;
  /** Build arguments for `buildFrom` (e.g. `{ BASE_IMAGE: "node:20-slim" }`), like compose's `build.args`. */
  buildArgs: Record<string, string> = {};

  /** Runs before a new container is created (not when an exited one is restarted). */
  preStart?(): unknown;
  /**
   * Readiness check, polled every 100 ms until it returns true or the start timeout ends.
   * A ready-made one from `waitFor` can be assigned: `ping = waitFor.tcp(5433)`.
   */
  ping?(target: PingTarget): boolean | Promise<boolean>;
  /** Runs once a new container is ready; the place to `Context.set()` values for other services. */
  postStart?(): unknown;
}

/** True for Service subclasses, also when they come from another copy of boss. */
export function isServiceClass(value: unknown): value is new () => Service {
  return typeof value === "function" && (value as unknown as Record<symbol, unknown>)[serviceBrand] === true;
}
