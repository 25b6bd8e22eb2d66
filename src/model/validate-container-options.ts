/**
 * The container options of a service (issue 13: restart, limits, healthcheck, ...), checked and normalised
 * into {@link ContainerOptions}. Each bad value is a UserError naming the field, and saying what is accepted.
 */
import { isIP } from "node:net";
import type { ContainerOptions } from "./container-options.js";
import { parseByteSize, parseDuration } from "./durations.js";
import type { Reader } from "./field-reader.js";
import { isJsonValue } from "./json.js";
import { validateHealthcheck } from "./validate-healthcheck.js";
import { waitsForHealth } from "./wait-for/healthy.js";

type Fail = (field: string, message: string) => never;
type Describe = (value: unknown) => string;

const restartPolicy = /^(no|always|unless-stopped|on-failure)(?::(\d+))?$/;
const hostnameLabel = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
const knownUlimits = new Set(
  "as core cpu data fsize locks memlock msgqueue nice nofile nproc rss rtprio rttime sigpending stack".split(" "),
);
/** The engine refuses less (`Minimum memory limit allowed is 6MB`): say so before it does. */
const minimumMemory = 6 * 1024 * 1024;

export function validateContainerOptions(
  raw: Record<string, unknown>,
  fail: Fail,
  describe: Describe,
): ContainerOptions {
  const options: ContainerOptions = {};
  const set = <K extends keyof ContainerOptions>(key: K, value: ContainerOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value;
  };
  const isSet = (key: string) => raw[key] !== undefined && raw[key] !== null;
  const reader = { fail, describe };

  if (isSet("restart")) set("restart", readRestart(raw.restart, reader));
  if (isSet("memory")) set("memory", readSize(raw.memory, "memory", reader, minimumMemory));
  if (isSet("cpus")) {
    const cpus = raw.cpus;
    if (typeof cpus !== "number" || !Number.isFinite(cpus) || cpus <= 0)
      fail("cpus", "expected a number of cores above 0 such as 1.5, got " + describe(cpus));
    set("cpus", cpus);
  }
  if (isSet("workingDir")) set("workingDir", readAbsolutePath(raw.workingDir, "workingDir", reader));
  if (isSet("hostname")) set("hostname", readHostname(raw.hostname, "hostname", reader));
  set("extraHosts", nonEmpty(readExtraHosts(raw.extraHosts, reader)));
  set("tmpfs", nonEmptyRecord(readTmpfs(raw.tmpfs, reader)));
  if (isSet("init")) set("init", readBoolean(raw.init, "init", reader));
  if (isSet("shmSize")) set("shmSize", readSize(raw.shmSize, "shmSize", reader, 1));
  set("ulimits", nonEmptyRecord(readUlimits(raw.ulimits, reader)));
  if (isSet("platform")) {
    const platform = raw.platform;
    if (typeof platform !== "string" || !/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(platform))
      fail("platform", 'expected "os/architecture[/variant]" such as "linux/amd64", got ' + describe(platform));
    set("platform", platform);
  }
  set("labels", nonEmptyRecord(readLabels(raw.labels, reader)));
  set("aliases", nonEmpty(readAliases(raw.aliases, reader)));
  if (isSet("healthcheck") || raw.healthcheck === false)
    set("healthcheck", validateHealthcheck(raw.healthcheck, reader));
  if (options.healthcheck?.test[0] === "NONE" && waitsForHealth(raw.ping))
    fail("ping", "waitFor.healthy() waits for a healthcheck, but healthcheck = false turns it off");
  set("sysctls", nonEmptyRecord(readSysctls(raw.sysctls, reader)));
  set("devices", nonEmpty(readDevices(raw.devices, reader)));
  set("securityOpt", nonEmpty(readStrings(raw.securityOpt, "securityOpt", '["no-new-privileges:true"]', reader)));
  if (isSet("readOnly") && readBoolean(raw.readOnly, "readOnly", reader)) set("readOnly", true);
  if (isSet("stopGracePeriod")) {
    const seconds = parseDuration(raw.stopGracePeriod);
    if (seconds === undefined)
      fail(
        "stopGracePeriod",
        'expected seconds or a duration such as "30s" or "1m30s", got ' + describe(raw.stopGracePeriod),
      );
    set("stopGracePeriod", seconds);
  }
  if (isSet("rawCreateOptions")) set("rawCreateOptions", readRawCreateOptions(raw.rawCreateOptions, reader));
  return options;
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

function nonEmptyRecord<T>(record: Record<string, T>): Record<string, T> | undefined {
  return Object.keys(record).length > 0 ? record : undefined;
}

function readRestart(value: unknown, { fail, describe }: Reader): ContainerOptions["restart"] {
  const match = typeof value === "string" ? restartPolicy.exec(value) : null;
  if (!match || (match[2] !== undefined && match[1] !== "on-failure")) {
    return fail(
      "restart",
      'expected "no", "always", "unless-stopped", "on-failure" or "on-failure:<max retries>", got ' + describe(value),
    );
  }
  const policy = match[1] as "no" | "always" | "unless-stopped" | "on-failure";
  if (policy === "no") return undefined;
  return match[2] !== undefined ? { policy, maxRetries: Number(match[2]) } : { policy };
}

function readSize(value: unknown, field: string, { fail, describe }: Reader, minimum: number): number {
  const bytes = parseByteSize(value);
  if (bytes === undefined)
    return fail(field, 'expected bytes or a size such as "512m" or "1g", got ' + describe(value));
  if (bytes < minimum)
    return fail(field, `${describe(value)} is too small: the engine needs at least ${minimum} bytes`);
  return bytes;
}

function readBoolean(value: unknown, field: string, { fail, describe }: Reader): boolean {
  return typeof value === "boolean" ? value : fail(field, "expected true or false, got " + describe(value));
}

function readAbsolutePath(value: unknown, field: string, { fail, describe }: Reader): string {
  return typeof value === "string" && value.startsWith("/")
    ? value
    : fail(field, "expected an absolute path inside the container, got " + describe(value));
}

function readHostname(value: unknown, field: string, { fail, describe }: Reader): string {
  if (typeof value === "string" && value.length <= 253 && value.split(".").every((l) => hostnameLabel.test(l)))
    return value;
  return fail(field, "expected a host name (letters, digits, '-' and '.'), got " + describe(value));
}

function readStrings(value: unknown, field: string, example: string, { fail, describe }: Reader): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    return fail(field, `expected an array of strings such as ${example}, got ${describe(value)}`);
  return value.map((item, i): string =>
    typeof item === "string" && item.trim() !== ""
      ? item
      : fail(`${field}[${i}]`, "expected a non-empty string, got " + describe(item)),
  );
}

/** Objects of `name: value`, as labels and sysctls take them: values are strings, numbers or booleans. */
function readStringRecord(value: unknown, field: string, example: string, { fail, describe }: Reader) {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value))
    return fail(field, `expected an object such as ${example}, got ${describe(value)}`);
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) =>
      typeof v === "string" || typeof v === "number" || typeof v === "boolean"
        ? [key, String(v)]
        : fail(`${field}.${key}`, "expected a string or a number, got " + describe(v)),
    ),
  ) as Record<string, string>;
}

function readExtraHosts(value: unknown, reader: Reader): string[] {
  const { fail, describe } = reader;
  const example = '{ "host.docker.internal": "host-gateway" } or ["db.local:10.0.0.5"]';
  const entries: Array<[string, unknown, string]> = Array.isArray(value)
    ? value.map((item, i) => {
        const text = typeof item === "string" ? item : "";
        const at = text.search(/[:=]/);
        if (at <= 0) fail(`extraHosts[${i}]`, `expected "name:address", got ${describe(item)}`);
        return [text.slice(0, at), text.slice(at + 1), `extraHosts[${i}]`];
      })
    : Object.entries(readStringRecord(value, "extraHosts", example, reader)).map(([k, v]) => [k, v, `extraHosts.${k}`]);
  return entries.map(([name, address, field]) => {
    if (!name.split(".").every((l) => hostnameLabel.test(l))) fail(field, `"${name}" is not a host name`);
    if (address !== "host-gateway" && (typeof address !== "string" || isIP(address) === 0))
      fail(field, `expected an IP address or "host-gateway", got ${describe(address)}`);
    return `${name}:${String(address)}`;
  });
}

function readTmpfs(value: unknown, reader: Reader): Record<string, string> {
  const { fail, describe } = reader;
  const entries: Array<[string, string, string]> = Array.isArray(value)
    ? (value as unknown[]).map((item, i): [string, string, string] => {
        if (typeof item !== "string")
          return fail(`tmpfs[${i}]`, 'expected "/path" or "/path:options", got ' + describe(item));
        const at = item.indexOf(":");
        return at < 0 ? [item, "", `tmpfs[${i}]`] : [item.slice(0, at), item.slice(at + 1), `tmpfs[${i}]`];
      })
    : Object.entries(readStringRecord(value, "tmpfs", '{ "/run": "size=64m" }', reader)).map(([k, v]) => [
        k,
        v,
        `tmpfs.${k}`,
      ]);
  return Object.fromEntries(
    entries.map(([path, options, field]) => {
      if (!path.startsWith("/")) fail(field, `expected an absolute path inside the container, got "${path}"`);
      if (/\s/.test(options)) fail(field, `mount options are comma-separated without spaces, got "${options}"`);
      return [path, options];
    }),
  );
}

function readUlimits(value: unknown, { fail, describe }: Reader): Record<string, { soft: number; hard: number }> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value))
    return fail("ulimits", "expected an object such as { nofile: { soft: 1024, hard: 4096 } }, got " + describe(value));
  const isLimit = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= -1;
  return Object.fromEntries(
    Object.entries(value).map(([name, limit]) => {
      const field = `ulimits.${name}`;
      if (!knownUlimits.has(name)) fail(field, `unknown limit; known: ${[...knownUlimits].join(", ")}`);
      const pair = isLimit(limit) ? { soft: limit, hard: limit } : ((limit ?? {}) as Record<string, unknown>);
      const { soft, hard } = pair;
      if (!isLimit(soft) || !isLimit(hard))
        return fail(field, "expected an integer, or { soft, hard } integers (-1: unlimited), got " + describe(limit));
      if (hard !== -1 && (soft === -1 || soft > hard)) fail(field, `soft limit ${soft} is above hard limit ${hard}`);
      return [name, { soft, hard }];
    }),
  );
}

function readLabels(value: unknown, reader: Reader): Record<string, string> {
  const labels = readStringRecord(value, "labels", '{ "com.example.team": "shop" }', reader);
  for (const key of Object.keys(labels)) {
    if (key.trim() === "") reader.fail("labels", "a label name cannot be empty");
    if (key.startsWith("boss.")) reader.fail(`labels.${key}`, "labels under boss. are boss's own; use another prefix");
  }
  return labels;
}

function readAliases(value: unknown, reader: Reader): string[] {
  return readStrings(value, "aliases", '["db", "primary.db"]', reader).map((alias, i) =>
    readHostname(alias, `aliases[${i}]`, reader),
  );
}

function readSysctls(value: unknown, reader: Reader): Record<string, string> {
  const sysctls = readStringRecord(value, "sysctls", '{ "net.core.somaxconn": 1024 }', reader);
  for (const key of Object.keys(sysctls)) {
    if (!/^[a-z0-9_]+(\.[a-zA-Z0-9_*-]+)+$/.test(key))
      reader.fail(`sysctls.${key}`, "expected a kernel parameter name such as net.core.somaxconn");
  }
  return sysctls;
}

function readDevices(value: unknown, reader: Reader): NonNullable<ContainerOptions["devices"]> {
  return readStrings(value, "devices", '["/dev/fuse"]', reader).map((device, i) => {
    const [host = "", container = host, permissions = "rwm", ...rest] = device.split(":");
    if (!host.startsWith("/") || !container.startsWith("/") || !/^[rwm]+$/.test(permissions) || rest.length > 0) {
      reader.fail(`devices[${i}]`, `expected "/dev/host[:/dev/container[:rwm]]", got "${device}"`);
    }
    return { host, container, permissions };
  });
}

/** Only a plain JSON object (it is hashed with the rest); Engine API keys are capitalised, so a lower-case one is a slip. */
function readRawCreateOptions(value: unknown, { fail, describe }: Reader): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value) || !isJsonValue(value))
    return fail(
      "rawCreateOptions",
      "expected an object of Engine API create fields (JSON values), got " + describe(value),
    );
  const lowerCase = Object.keys(value).find((key) => !/^[A-Z]/.test(key));
  if (lowerCase)
    fail(
      `rawCreateOptions.${lowerCase}`,
      "Engine API fields start with a capital letter (HostConfig, Healthcheck, ...); see POST /containers/create",
    );
  return value as Record<string, unknown>;
}
