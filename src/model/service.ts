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
  /** A bind mount's options: propagation (`"rshared"`, …) and SELinux relabelling (`"z"` shared, `"Z"` private). */
  bind?: { propagation?: "rprivate" | "private" | "rshared" | "shared" | "rslave" | "slave"; selinux?: "z" | "Z" };
  /** A volume's options: `nocopy` leaves a new volume empty instead of filling it from the image. */
  volume?: { nocopy?: boolean };
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

/** A duration: seconds as a number, or compose's form: `"1m30s"`, `"500ms"`, `"10s"`. */
export type Duration = number | string;

/** A size in bytes as a number, or compose's form: `"512m"`, `"1g"`, `"64k"`. */
export type ByteSize = number | string;

/** What the engine does when the container exits (compose's `restart`). */
export type RestartPolicy = "no" | "always" | "unless-stopped" | "on-failure" | `on-failure:${number}`;

/** When an image is pulled: only when missing locally (default), on every start, or never (a missing image is an error). */
export type PullPolicy = "missing" | "always" | "never";

/** A container healthcheck, as compose's `healthcheck`: `waitFor.healthy()` waits for it. */
export interface Healthcheck {
  /** `["CMD", "pg_isready"]`, `["CMD-SHELL", "curl -f http://localhost"]`, or a string run by the shell. */
  test: string | string[];
  interval?: Duration;
  timeout?: Duration;
  retries?: number;
  startPeriod?: Duration;
}

/** A resource limit with different soft and hard values (compose's `ulimits.nofile: { soft, hard }`). */
export interface Ulimit {
  soft: number;
  hard: number;
}

/** What `boss watch` does when a watched file changes (compose's `develop.watch` actions). */
export type WatchAction = "sync" | "rebuild" | "sync+restart" | "restart";

/** One rule of `watch`: where to look, and what to do on a change. */
export interface WatchRule {
  /** A file or folder, relative to the services file. */
  path: string;
  /**
   * `sync`: copy the changed files into the running container at `target` (deleted ones are deleted there);
   * `rebuild`: rebuild the image and replace the container, as `boss reload` does (dependents included);
   * `sync+restart`: sync, then restart the container; `restart`: restart the container.
   */
  action: WatchAction;
  /** Where `path` is in the container: needed by `sync` and `sync+restart`. */
  target?: string;
  /** Patterns (.dockerignore syntax, relative to `path`) whose changes are ignored. */
  ignore?: string[];
}

/**
 * Swarm-only placement and networking, used by `boss deploy` (compose's `deploy.endpoint_mode`,
 * the long port syntax's `mode`, and `deploy.placement.constraints`).
 */
export interface SwarmOptions {
  /** `vip` (Swarm's default: one virtual IP, needs IPVS) or `dnsrr` (DNS round-robin over the tasks). */
  endpointMode?: "vip" | "dnsrr";
  /** `ingress` (Swarm's default: the routing mesh on every node) or `host` (only the node that runs the task). */
  publishMode?: "ingress" | "host";
  /** Placement constraints, e.g. `["node.role == manager"]`. */
  constraints?: string[];
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
  /**
   * Published ports. As an object, container port (`5432`, `"53/udp"`, `"9000-9009"`) → host port, `"address:port"`
   * (`"127.0.0.1:5433"`), or `0` for a port the engine picks. As an array, compose's short syntax
   * (`["5433:5432", "127.0.0.1:8080:80", "9000-9009:9000-9009", "3000"]`). A port the engine picks is put in the
   * Context as `ports.<service>.<containerPort>` and shown by `boss status`.
   */
  ports: Record<string | number, number | string> | string[] = {};
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
  /** The stage of a multi-stage Dockerfile to build (compose's `build.target`); default: the last. */
  buildTarget?: string;
  /** When the image is pulled (compose's `pull_policy`). A built image is rebuilt when its `buildFrom` folder changed. */
  pullPolicy: PullPolicy = "missing";

  /**
   * A one-shot job (a migration, a seeder): ready when its container exits 0, failed (and its dependents with it)
   * on any other exit code. A job that completed with the same definition is not run again by the next `start`,
   * unless `alwaysStartNew` is set or `boss start --rerun-jobs` asks.
   */
  job = false;
  /** Env files read before `env` (which wins), in compose's format and order: later files win. Relative to the services file. */
  envFile: string | string[] = [];
  /** The service starts only when one of these profiles is active (`boss start --profile debug`); none: always. */
  profiles: string[] = [];

  /** What the engine does when the container exits. Default: `"no"`. */
  restart?: RestartPolicy;
  /** Memory limit (compose's `mem_limit`). */
  memory?: ByteSize;
  /** CPU limit in cores, e.g. `1.5` (compose's `cpus`). */
  cpus?: number;
  /** Working directory inside the container. */
  workingDir?: string;
  /** The container's hostname. */
  hostname?: string;
  /** Extra `/etc/hosts` entries: `{ "host.docker.internal": "host-gateway" }` or `["name:ip"]`. */
  extraHosts: Record<string, string> | string[] = {};
  /** tmpfs mounts: `["/run"]`, or `{ "/run": "size=64m,mode=1777" }`. */
  tmpfs: string[] | Record<string, string> = [];
  /** Run an init process (tini) as PID 1, which reaps zombies and forwards signals. */
  init?: boolean;
  /** Size of `/dev/shm`. */
  shmSize?: ByteSize;
  /** Resource limits: `{ nofile: 65536 }` or `{ nofile: { soft: 1024, hard: 65536 } }`. */
  ulimits: Record<string, number | Ulimit> = {};
  /** Platform of the image to pull and run, e.g. `"linux/amd64"`. */
  platform?: string;
  /** Labels on the container, beside boss's own (which cannot be overridden). */
  labels: Record<string, string> = {};
  /** More names other services reach this one by on the group's network (the service name always works). */
  aliases: string[] = [];
  /** A healthcheck for the container (`false` turns off the image's own). `ping = waitFor.healthy()` waits for it. */
  healthcheck?: Healthcheck | false;
  /** Kernel parameters, e.g. `{ "net.core.somaxconn": 1024 }`. */
  sysctls: Record<string, string | number> = {};
  /** Host devices, as compose writes them: `["/dev/fuse"]`, `["/dev/sda:/dev/xvda:rwm"]`. */
  devices: string[] = [];
  /** Security options, e.g. `["no-new-privileges:true"]`. */
  securityOpt: string[] = [];
  /** Mount the container's root filesystem read-only. */
  readOnly = false;
  /** How long the stop signal has before SIGKILL (compose's `stop_grace_period`). Default: 10 s. */
  stopGracePeriod?: Duration;
  /**
   * The escape hatch: raw Docker Engine API fields merged last into the create call
   * (`POST /containers/create`, e.g. `{ HostConfig: { OomScoreAdj: 500 } }`), for what no field above covers.
   * boss does not check them; boss's labels, name and network still win.
   */
  rawCreateOptions?: Record<string, unknown>;

  /** How many tasks `boss deploy` runs on a Swarm, and how many pods `boss export kubernetes` asks for. Default 1. */
  replicas?: number;
  /** Swarm-only options for `boss deploy`; `boss start` ignores them. */
  swarm?: SwarmOptions;

  /**
   * What `boss watch` (or `boss start --watch`) does when files change:
   * `[{ path: "src", action: "sync", target: "/app/src" }, { path: "package.json", action: "rebuild" }]`.
   */
  watch: WatchRule[] = [];

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
