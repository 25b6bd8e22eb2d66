/**
 * One compose service → the fields of one boss Service class. Each compose key has a handler that sets boss
 * fields; a key (or a part of one) without an equivalent is kept as a `// compose:` comment and noted.
 * docs/from-compose.md has the same table for people.
 */
import { command, escapeBraces, isPlain, keyValues, portText, stringList, text } from "./compose-values.js";
import type { FieldValue } from "./service-draft.js";

/** What a handler writes to. */
export interface ServiceOutput {
  set(field: string, value: FieldValue): void;
  /** A compose key (or part of one) boss has no field for: kept as a comment, listed on stderr. */
  keep(key: string, value: unknown, why?: string): void;
  /** A variable from the environment (and the .env beside the compose file). */
  lookup(name: string): string | undefined;
  /** A host path relative to the compose file, made relative to the services file. */
  hostPath(path: string): string;
}

type Handler = (value: unknown, out: ServiceOutput) => void;

const stopSignals = new Set(["SIGINT", "SIGTERM", "SIGKILL", "SIGQUIT"]);
const pullPolicies: Record<string, string> = {
  missing: "missing",
  if_not_present: "missing",
  always: "always",
  never: "never",
};

/** Simple renames: the value is written as compose has it. */
const same =
  (field: string): Handler =>
  (value, out) =>
    out.set(field, value as FieldValue);
const asString =
  (field: string): Handler =>
  (value, out) =>
    out.set(field, text(value));

const handlers: Record<string, Handler> = {
  image: asString("image"),
  build: build,
  command: (value, out) => setCommand("cmd", value, out),
  entrypoint: (value, out) => setCommand("entrypoint", value, out),
  environment: environment,
  env_file: envFile,
  ports: (value, out) => out.set("ports", (value as unknown[]).map(portText)),
  volumes: volumes,
  user: asString("user"),
  working_dir: asString("workingDir"),
  restart: asString("restart"),
  mem_limit: (value, out) => out.set("memory", value as FieldValue),
  cpus: (value, out) => out.set("cpus", Number(value)),
  hostname: asString("hostname"),
  extra_hosts: (value, out) =>
    out.set("extraHosts", Object.fromEntries(keyValues(value, /[=:]/).map(([h, ip]) => [h, ip ?? ""]))),
  tmpfs: (value, out) => out.set("tmpfs", stringList(value)),
  init: same("init"),
  shm_size: same("shmSize"),
  ulimits: same("ulimits"),
  platform: asString("platform"),
  labels: (value, out) => out.set("labels", Object.fromEntries(keyValues(value).map(([k, v]) => [k, v ?? ""]))),
  healthcheck: healthcheck,
  sysctls: (value, out) => out.set("sysctls", Object.fromEntries(keyValues(value).map(([k, v]) => [k, v ?? ""]))),
  devices: devices,
  security_opt: (value, out) => out.set("securityOpt", stringList(value)),
  read_only: same("readOnly"),
  stop_signal: (value, out) =>
    stopSignals.has(text(value))
      ? out.set("stopSignal", text(value))
      : out.keep("stop_signal", value, "boss stops with SIGINT, SIGTERM, SIGKILL or SIGQUIT"),
  stop_grace_period: same("stopGracePeriod"),
  profiles: (value, out) => out.set("profiles", stringList(value)),
  pull_policy: (value, out) => {
    const policy = pullPolicies[text(value)];
    if (policy) out.set("pullPolicy", policy);
    else out.keep("pull_policy", value, "boss rebuilds when the build context changes");
  },
  cap_add: (value, out) => out.set("capAdd", stringList(value)),
  networks: networks,
  deploy: deploy,
  develop: develop,
  // Handled by the group (dependencies and pings), not field by field.
  depends_on: () => undefined,
};

/** Keys dropped with a reason, not kept verbatim: what boss does instead. */
const replaced: Record<string, string> = {
  container_name: "boss names containers <group>-<service>-<n>",
  expose: "every port is reachable on the group's network",
};

export function convertService(service: Record<string, unknown>, out: ServiceOutput): void {
  for (const [key, value] of Object.entries(service)) {
    const handler = handlers[key];
    if (handler) handler(value, out);
    else out.keep(key, value, replaced[key]);
  }
}

function setCommand(field: string, value: unknown, out: ServiceOutput): void {
  const given = command(value);
  if (given === undefined) return;
  out.set(field, typeof given === "string" ? escapeBraces(given) : (given as string[]).map(escapeBraces));
}

function build(value: unknown, out: ServiceOutput): void {
  if (typeof value === "string") return out.set("buildFrom", buildContext(value, out));
  if (!isPlain(value)) return;
  const { context = ".", dockerfile, args, target, ...rest } = value;
  out.set("buildFrom", buildContext(text(context), out));
  if (dockerfile !== undefined) out.set("dockerfile", text(dockerfile));
  if (target !== undefined) out.set("buildTarget", text(target));
  if (args !== undefined) {
    const entries = keyValues(args).map(([key, given]): [string, string | undefined] => [
      key,
      given ?? out.lookup(key),
    ]);
    out.set("buildArgs", Object.fromEntries(entries.filter((e): e is [string, string] => e[1] !== undefined)));
  }
  for (const [key, item] of Object.entries(rest)) out.keep(`build.${key}`, item);
}

/** A folder is moved with the services file; a URL (a git repository) stays as it is. */
function buildContext(context: string, out: ServiceOutput): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(context) || context.startsWith("git@") ? context : out.hostPath(context);
}

function environment(value: unknown, out: ServiceOutput): void {
  const env: Record<string, string> = {};
  for (const [key, given] of keyValues(value)) {
    // A key without a value takes the environment's, as compose does when it runs; unset, compose leaves it out.
    const text = given ?? out.lookup(key);
    if (text === undefined) out.keep(`environment.${key}`, null, "not set in the environment when converted");
    else env[key] = escapeBraces(text);
  }
  out.set("env", env);
}

function envFile(value: unknown, out: ServiceOutput): void {
  const entries = Array.isArray(value) ? value : [value];
  const files: string[] = [];
  for (const entry of entries) {
    if (!isPlain(entry)) {
      files.push(out.hostPath(text(entry)));
      continue;
    }
    files.push(out.hostPath(text(entry.path)));
    if (entry.required === false) out.keep("env_file", entry, "boss requires every env file to exist");
  }
  out.set("envFile", files.length === 1 && !Array.isArray(value) ? (files[0] ?? "") : files);
}

function volumes(value: unknown, out: ServiceOutput): void {
  const mounts: FieldValue[] = [];
  const tmpfs: string[] = [];
  for (const entry of value as unknown[]) {
    if (!isPlain(entry)) {
      mounts.push(shortVolume(text(entry), out));
      continue;
    }
    const { type, source, target, read_only: readOnly, ...rest } = entry;
    if (type === "tmpfs") {
      tmpfs.push(text(target));
    } else if (type === "volume" || type === "bind") {
      const spec: Record<string, FieldValue> = { type, target: text(target) };
      if (source !== undefined) spec.source = type === "bind" ? out.hostPath(text(source)) : text(source);
      if (readOnly === true) spec.readOnly = true;
      mounts.push(spec);
    } else {
      out.keep("volumes", entry, `boss mounts volumes and binds, not ${text(type)}`);
      continue;
    }
    if (Object.keys(rest).length > 0) out.keep(`volumes (${text(target)})`, rest);
  }
  if (mounts.length > 0) out.set("volumes", mounts);
  if (tmpfs.length > 0) out.set("tmpfs", tmpfs);
}

/** `./data:/data:ro`: a relative bind source moves with the services file; names and absolute paths stay. */
function shortVolume(entry: string, out: ServiceOutput): string {
  const at = entry.indexOf(":");
  if (at < 0 || !entry.startsWith(".")) return entry;
  return out.hostPath(entry.slice(0, at)) + entry.slice(at);
}

function healthcheck(value: unknown, out: ServiceOutput): void {
  if (!isPlain(value)) return;
  if (value.disable === true) return out.set("healthcheck", false);
  const { test, interval, timeout, retries, start_period: startPeriod, disable: _disable, ...rest } = value;
  if (test === undefined) return out.keep("healthcheck", value, "boss needs the test of a healthcheck");
  const check: Record<string, FieldValue> = { test: test as FieldValue };
  if (interval !== undefined) check.interval = interval as FieldValue;
  if (timeout !== undefined) check.timeout = timeout as FieldValue;
  if (retries !== undefined) check.retries = Number(retries);
  if (startPeriod !== undefined) check.startPeriod = startPeriod as FieldValue;
  out.set("healthcheck", check);
  for (const [key, item] of Object.entries(rest)) out.keep(`healthcheck.${key}`, item);
}

function devices(value: unknown, out: ServiceOutput): void {
  const list: string[] = [];
  for (const entry of value as unknown[]) {
    if (typeof entry === "string") list.push(entry);
    else out.keep("devices", entry, "boss takes devices as strings");
  }
  if (list.length > 0) out.set("devices", list);
}

/** The default network with aliases becomes `aliases`; any other network has no equivalent (one per group). */
function networks(value: unknown, out: ServiceOutput): void {
  const entries: Array<[string, unknown]> = Array.isArray(value)
    ? value.map((name) => [text(name), null])
    : Object.entries(value as Record<string, unknown>);
  const aliases: string[] = [];
  for (const [name, config] of entries) {
    if (name !== "default") {
      out.keep(`networks.${name}`, config, "boss puts every service on the group's one network");
      continue;
    }
    if (!isPlain(config)) continue;
    const { aliases: given, ...rest } = config;
    aliases.push(...stringList(given));
    for (const [key, item] of Object.entries(rest)) out.keep(`networks.default.${key}`, item);
  }
  if (aliases.length > 0) out.set("aliases", aliases);
}

/** `deploy.resources.limits` are the container's limits; the rest of `deploy` is for swarm. */
function deploy(value: unknown, out: ServiceOutput): void {
  if (!isPlain(value)) return;
  const { resources, ...rest } = value;
  if (isPlain(resources)) {
    const { limits, ...otherResources } = resources;
    if (isPlain(limits)) {
      const { memory, cpus, ...otherLimits } = limits;
      if (memory !== undefined) out.set("memory", memory as FieldValue);
      if (cpus !== undefined) out.set("cpus", Number(cpus));
      for (const [key, item] of Object.entries(otherLimits)) out.keep(`deploy.resources.limits.${key}`, item);
    }
    for (const [key, item] of Object.entries(otherResources)) out.keep(`deploy.resources.${key}`, item);
  }
  for (const [key, item] of Object.entries(rest)) out.keep(`deploy.${key}`, item);
}

const watchActions = new Set(["sync", "rebuild", "sync+restart", "restart"]);

/** compose's `develop.watch` rules are boss's `watch` (`boss watch`); what else `develop` holds is kept. */
function develop(value: unknown, out: ServiceOutput): void {
  if (!isPlain(value)) return;
  const { watch, ...rest } = value;
  const rules: FieldValue[] = [];
  (Array.isArray(watch) ? watch : []).forEach((rule: unknown, i) => {
    if (!isPlain(rule)) return;
    const { path, action, target, ignore, ...more } = rule;
    if (!watchActions.has(text(action))) return out.keep(`develop.watch[${i}]`, rule, "boss watch has no such action");
    rules.push({
      path: out.hostPath(text(path)),
      action: text(action),
      ...(target !== undefined ? { target: text(target) } : {}),
      ...(ignore !== undefined ? { ignore: stringList(ignore) } : {}),
    });
    for (const [key, item] of Object.entries(more)) out.keep(`develop.watch[${i}].${key}`, item);
  });
  if (rules.length > 0) out.set("watch", rules);
  for (const [key, item] of Object.entries(rest)) out.keep(`develop.${key}`, item);
}
