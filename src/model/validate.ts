import { resolve } from "node:path";
import { parse as parseShellWords } from "shell-quote";
import { UserError } from "../errors.js";
import type { ServiceDefinition } from "./definition.js";
import { validateContainerOptions } from "./validate-container-options.js";
import { validateJob } from "./validate-job.js";
import { validatePorts } from "./validate-ports.js";
import { validatePullPolicy } from "./validate-pull-policy.js";
import { validateVolumes } from "./validate-volumes.js";
import { validateWatch } from "./validate-watch.js";
import { validateReplicas, validateSwarm } from "./validate-swarm.js";
import { envFromFiles } from "./env-files.js";
import { checkMinibossFormats } from "./miniboss-formats.js";
import { validateProfiles } from "./validate-profiles.js";
import { isJsonValue, type JsonValue } from "./json.js";
import { isServiceClass, type Service, type StopSignal } from "./service.js";

const stopSignals: readonly StopSignal[] = ["SIGINT", "SIGTERM", "SIGKILL", "SIGQUIT"];
const dnsLabel = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;

/** Checks one service instance and returns its normalised definition, or throws a UserError naming file, class and field. */
export function validateService(instance: Service, className: string, file: string, dir: string): ServiceDefinition {
  const fail = (field: string, message: string): never => {
    throw new UserError(message, { file, service: className, field });
  };
  const raw = instance as unknown as Record<string, unknown>;

  const name = requireString(raw.name, () =>
    fail("name", "expected a string (the service name), got " + describe(raw.name)),
  );
  if (!dnsLabel.test(name)) {
    fail(
      "name",
      `"${name}" is not a valid DNS label: use letters, digits and '-', 1-63 characters, not starting or ending with '-'`,
    );
  }
  const image = requireString(raw.image, () =>
    fail("image", "expected a string (an image reference), got " + describe(raw.image)),
  );
  if (/\s/.test(image)) fail("image", `"${image}" is not a valid image reference (no spaces allowed)`);

  const definition: ServiceDefinition = {
    name,
    className,
    image,
    dependencies: validateDependencies(raw.dependencies, fail),
    // An explicit env wins over every env file, as in compose.
    env: { ...envFromFiles(raw.envFile, dir, fail), ...validateEnv(raw.env, fail) },
    ports: validatePorts(raw.ports, fail, describe),
    volumes: validateVolumes(raw.volumes, dir, fail, describe),
    alwaysStartNew: validateBoolean(raw.alwaysStartNew, "alwaysStartNew", fail),
    capAdd: validateCapabilities(raw.capAdd, fail),
    watch: validateWatch(raw.watch, dir, raw.buildFrom !== undefined, fail, describe),
    options: validateContainerOptions(raw, fail, describe),
    job: validateJob(raw, fail, describe),
    pullPolicy: validatePullPolicy(raw.pullPolicy, fail, describe),
    profiles: validateProfiles(raw.profiles, fail),
    replicas: validateReplicas(raw.replicas, fail, describe),
    instance,
  };
  const swarm = validateSwarm(raw.swarm, fail, describe);
  if (swarm) definition.swarm = swarm;
  const stopSignal = validateStopSignal(raw.stopSignal, fail);
  if (stopSignal) definition.stopSignal = stopSignal;
  const entrypoint = validateCommand(raw.entrypoint, "entrypoint", fail);
  if (entrypoint) definition.entrypoint = entrypoint;
  const cmd = validateCommand(raw.cmd, "cmd", fail);
  if (cmd) definition.cmd = cmd;
  if (raw.user !== undefined) {
    definition.user = requireString(raw.user, () =>
      fail("user", 'expected a string such as "1000" or "app:app", got ' + describe(raw.user)),
    );
  }
  if (raw.buildFrom !== undefined) {
    const from = requireString(raw.buildFrom, () =>
      fail("buildFrom", "expected a folder path, got " + describe(raw.buildFrom)),
    );
    const dockerfile = requireString(raw.dockerfile ?? "Dockerfile", () =>
      fail("dockerfile", "expected a file name inside buildFrom, got " + describe(raw.dockerfile)),
    );
    definition.build = { context: resolve(dir, from), dockerfile, args: validateBuildArgs(raw.buildArgs, fail) };
    if (raw.buildTarget !== undefined) {
      definition.build.target = requireString(raw.buildTarget, () =>
        fail("buildTarget", "expected the name of a stage of the Dockerfile, got " + describe(raw.buildTarget)),
      );
    }
  } else if (raw.buildTarget !== undefined) {
    fail("buildTarget", "needs buildFrom: it names a stage of the Dockerfile boss builds");
  }
  if (raw.control !== undefined && raw.control !== null) definition.control = validateControl(raw.control, fail);
  for (const hook of ["preStart", "ping", "postStart"] as const) {
    if (raw[hook] !== undefined && typeof raw[hook] !== "function")
      fail(hook, "expected a function, got " + describe(raw[hook]));
  }
  checkMinibossFormats(definition, fail);
  return definition;
}

type Fail = (field: string, message: string) => never;

function requireString(value: unknown, orElse: () => never): string {
  return typeof value === "string" && value !== "" ? value : orElse();
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing (the field is missing)";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `"${value}"`;
  if (typeof value === "object") return "an object";
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${value}`;
  return typeof value === "function" ? "a function" : typeof value;
}

function validateDependencies(value: unknown, fail: Fail): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    return fail("dependencies", "expected an array of service names or classes, got " + describe(value));
  return value.map((dep, i): string => {
    if (typeof dep === "string" && dep !== "") return dep;
    if (isServiceClass(dep)) {
      const depName = (new dep() as unknown as Record<string, unknown>).name;
      if (typeof depName === "string") return depName;
      return fail(`dependencies[${i}]`, `class ${dep.name} has no name`);
    }
    return fail(`dependencies[${i}]`, "expected a service name or a Service class, got " + describe(dep));
  });
}

function validateEnv(value: unknown, fail: Fail): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail("env", "expected an object of NAME: value, got " + describe(value));
  }
  const env: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === "" || key.includes("=")) fail(`env.${key}`, "variable names must be non-empty and contain no '='");
    if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
      fail(`env.${key}`, "expected a string, number or boolean, got " + describe(v));
    }
    env[key] = String(v);
  }
  return env;
}

function validateCapabilities(value: unknown, fail: Fail): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value))
    return fail("capAdd", 'expected an array of capability names such as ["NET_ADMIN"], got ' + describe(value));
  return value.map((cap, i): string =>
    typeof cap === "string" && /^[A-Z_]+$/.test(cap.replace(/^CAP_/, ""))
      ? cap.replace(/^CAP_/, "")
      : fail(`capAdd[${i}]`, "expected a capability name in capitals such as NET_ADMIN, got " + describe(cap)),
  );
}

function validateControl(value: unknown, fail: Fail): { port: number; payload: Record<string, JsonValue> } {
  if (typeof value !== "object" || Array.isArray(value)) {
    return fail("control", "expected { port?: number, payload?: { ... } }, got " + describe(value));
  }
  const { port = 8080, payload = {}, ...rest } = value as { port?: unknown; payload?: unknown };
  const unknownKey = Object.keys(rest)[0];
  if (unknownKey) fail(`control.${unknownKey}`, "unknown key; control takes port and payload");
  if (!isPort(port)) fail("control.port", "expected an integer 1-65535, got " + describe(port));
  if (typeof payload !== "object" || payload === null || Array.isArray(payload) || !isJsonValue(payload)) {
    fail("control.payload", "expected an object of JSON values, got " + describe(payload));
  }
  return { port: port, payload: payload as Record<string, JsonValue> };
}

function validateBuildArgs(value: unknown, fail: Fail): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail("buildArgs", "expected an object of NAME: value, got " + describe(value));
  }
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) =>
      typeof v === "string" || typeof v === "number"
        ? [key, String(v)]
        : fail(`buildArgs.${key}`, "expected a string, got " + describe(v)),
    ),
  );
}

function isPort(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 65535;
}

function validateBoolean(value: unknown, field: string, fail: Fail): boolean {
  if (value === undefined) return false;
  return typeof value === "boolean" ? value : fail(field, "expected true or false, got " + describe(value));
}

function validateStopSignal(value: unknown, fail: Fail): StopSignal | undefined {
  if (value === undefined) return undefined;
  if (stopSignals.includes(value as StopSignal)) return value as StopSignal;
  return fail("stopSignal", `expected one of ${stopSignals.join(", ")}, got ${describe(value)}`);
}

/** A command as argv: arrays are kept, strings are split like a shell would (quotes, no expansion). */
function validateCommand(value: unknown, field: string, fail: Fail): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (typeof item !== "string") fail(`${field}[${i}]`, "expected a string, got " + describe(item));
    });
    return value as string[];
  }
  if (typeof value !== "string") return fail(field, "expected a string or an array of strings, got " + describe(value));
  // Keep $VAR literal: the container, not boss, expands variables.
  const words = parseShellWords(value, (key) => `$${key}`);
  if (!words.every((w): w is string => typeof w === "string")) {
    return fail(field, `"${value}" contains shell operators; use an array, or ["sh", "-c", "..."]`);
  }
  return words;
}
