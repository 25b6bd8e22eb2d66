/**
 * A field boss does not know is ignored — which is how `environment = {...}` (compose's name) silently did
 * nothing. Users keep helper fields of their own on their classes, so only two kinds are reported: compose's
 * and miniboss's names for a field boss has under another name, and near misses of a known field (by edit
 * distance) whose value has the shape that field takes (a helper `port = 5433` is not a misspelt `ports`).
 */
import { distance } from "fastest-levenshtein";

/** Something worth saying about a services file that does not stop it from loading. */
export interface LoadWarning {
  message: string;
  file: string;
  /** The class. */
  service?: string;
  field?: string;
  /** The known field it probably means. */
  suggestion?: string;
}

type Kind = "string" | "number" | "boolean" | "array" | "object" | "function";

/** Every field and hook of Service (src/model/service.ts), with the kinds of value each takes. */
const knownFields: Readonly<Record<string, readonly Kind[]>> = {
  name: ["string"],
  image: ["string"],
  dependencies: ["array"],
  env: ["object"],
  ports: ["object", "array"],
  volumes: ["array", "object"],
  entrypoint: ["string", "array"],
  cmd: ["string", "array"],
  user: ["string"],
  alwaysStartNew: ["boolean"],
  stopSignal: ["string"],
  buildFrom: ["string"],
  dockerfile: ["string"],
  capAdd: ["array"],
  control: ["object"],
  buildArgs: ["object"],
  buildTarget: ["string"],
  pullPolicy: ["string"],
  job: ["boolean"],
  envFile: ["string", "array"],
  profiles: ["array"],
  restart: ["string"],
  memory: ["number", "string"],
  cpus: ["number"],
  workingDir: ["string"],
  hostname: ["string"],
  extraHosts: ["object", "array"],
  tmpfs: ["array", "object"],
  init: ["boolean"],
  shmSize: ["number", "string"],
  ulimits: ["object"],
  platform: ["string"],
  labels: ["object"],
  aliases: ["array"],
  healthcheck: ["object", "boolean"],
  sysctls: ["object"],
  devices: ["array"],
  securityOpt: ["array"],
  readOnly: ["boolean"],
  stopGracePeriod: ["number", "string"],
  rawCreateOptions: ["object"],
  watch: ["array"],
  replicas: ["number"],
  swarm: ["object"],
  preStart: ["function"],
  ping: ["function"],
  postStart: ["function"],
};

/** compose's (and miniboss's snake_case) names → boss's. Reported whatever their value. */
const otherNames: Readonly<Record<string, string>> = {
  environment: "env",
  develop: "watch",
  depends_on: "dependencies",
  dependsOn: "dependencies",
  links: "dependencies",
  command: "cmd",
  entry_point: "entrypoint",
  working_dir: "workingDir",
  workdir: "workingDir",
  env_file: "envFile",
  env_files: "envFile",
  envFiles: "envFile",
  stop_signal: "stopSignal",
  stop_grace_period: "stopGracePeriod",
  mem_limit: "memory",
  memLimit: "memory",
  shm_size: "shmSize",
  cpu: "cpus",
  cap_add: "capAdd",
  extra_hosts: "extraHosts",
  security_opt: "securityOpt",
  read_only: "readOnly",
  pull_policy: "pullPolicy",
  container_name: "name",
  build: "buildFrom",
  build_from: "buildFrom",
  build_from_directory: "buildFrom",
  build_args: "buildArgs",
  health_check: "healthcheck",
  healthCheck: "healthcheck",
  restart_policy: "restart",
  restartPolicy: "restart",
  always_start_new: "alwaysStartNew",
  pre_start: "preStart",
  post_start: "postStart",
  network_aliases: "aliases",
  expose: "ports",
};

/** The names of every field and hook boss reads from a service. */
export const knownFieldNames: ReadonlySet<string> = new Set(Object.keys(knownFields));

function kindOf(value: unknown): Kind | undefined {
  if (Array.isArray(value)) return "array";
  if (value === null) return undefined;
  const type = typeof value;
  return type === "string" || type === "number" || type === "boolean" || type === "object" || type === "function"
    ? type
    : undefined;
}

/** The known field `field` most likely means, or undefined when it looks like the user's own. */
export function nearestKnownField(field: string, value: unknown): string | undefined {
  if (field in knownFields || field.startsWith("_")) return undefined;
  const renamed = otherNames[field];
  if (renamed) return renamed;
  const kind = kindOf(value);
  let best: { name: string; cost: number } | undefined;
  for (const [name, kinds] of Object.entries(knownFields)) {
    if (kind === undefined || !kinds.includes(kind)) continue;
    // Case and `_` alone (`working_dir`, `WorkingDir`) cost nothing; otherwise 1 edit per 4 letters, at most 2.
    const folded = (s: string) => s.toLowerCase().replace(/_/g, "");
    const cost = folded(field) === folded(name) ? 0 : distance(field.toLowerCase(), name.toLowerCase());
    const allowed = Math.min(2, Math.floor(name.length / 4));
    if (cost <= allowed && (!best || cost < best.cost)) best = { name, cost };
  }
  return best?.name;
}

/**
 * The fields and methods of one service instance that look like a known field misnamed. Methods are looked for
 * on the class's own prototypes (a `pre_start()` hook), not on Service's.
 */
export function unknownFieldWarnings(instance: object, className: string, file: string): LoadWarning[] {
  const seen = new Map<string, unknown>(Object.entries(instance));
  const parentOf = (o: object): object | null => Object.getPrototypeOf(o) as object | null;
  for (let proto = parentOf(instance); proto; proto = parentOf(proto)) {
    // Stop at Service (by name: it may be another copy of boss) or Object.
    const ctor = (proto as { constructor?: unknown }).constructor;
    if (proto === Object.prototype || (typeof ctor === "function" && ctor.name === "Service")) break;
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key !== "constructor" && !seen.has(key)) {
        seen.set(key, (Object.getOwnPropertyDescriptor(proto, key) as { value?: unknown }).value);
      }
    }
  }
  const warnings: LoadWarning[] = [];
  for (const [field, value] of seen) {
    const suggestion = nearestKnownField(field, value);
    if (suggestion === undefined) continue;
    warnings.push({
      message: `${file}: class ${className}: field "${field}" is not a boss field and is ignored; did you mean "${suggestion}"?`,
      file,
      service: className,
      field,
      suggestion,
    });
  }
  return warnings;
}
