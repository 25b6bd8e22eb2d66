// config.yaml: the only per-image settings besides the adapter. Parsed and
// validated once at start-up; anything unknown or mistyped stops the core with
// one line naming the key (see ConfigError).
import { closeSync, openSync, readSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse } from "yaml";
import { ConfigError } from "./config-error.js";
import { ConfigReader } from "./reader.js";

/** Where a class (or a static method of it) lives: a module file beside config.yaml and an export. */
export interface ExportRef {
  /** What the user wrote, for messages. */
  spec: string;
  /** The module as written: a stem (`my_adapter`) or a relative path (`./my-adapter.js`). */
  module: string;
  /** The exported class name. */
  exportName: string;
  /** For command_factory: the static method name. */
  method?: string;
}

export interface CoreConfig {
  /** The folder of config.yaml; adapter modules are resolved from here. */
  baseDir: string;
  adapter: { ref: ExportRef; primaryPayloadKey: string; runAsUser: string | null };
  processManagement: {
    enabled: boolean;
    command: string[] | null;
    commandFactory: ExportRef | null;
    stopTimeoutSeconds: number;
  };
  metrics: {
    networkMonitoring: { enabled: boolean; interface: string };
    processMonitoring: { enabled: boolean };
  };
  trafficControl: {
    enabled: boolean;
    interface: string;
    bandwidthMbpsKey: string;
    defaultBandwidthMbps: number | null;
    latencyMsKey: string;
    defaultLatencyMs: number | null;
  };
  privilegedCommands: { preStart: string[][]; postStop: string[][] };
}

/** The largest values accepted for traffic shaping (also used to validate payloads). */
export const MAX_BANDWIDTH_MBPS = 100_000;
export const MAX_LATENCY_MS = 60_000;

/** Parses `module.Class` / `./file.js#Class` (and a trailing `.method` when `withMethod`). */
export function parseExportRef(spec: string, key: string, withMethod: boolean): ExportRef {
  const expected = withMethod
    ? "module.Class.method or ./file.js#Class.method"
    : "module.Class (a file beside config.yaml and its exported class) or ./file.js#Class";
  const ident = /^[A-Za-z_$][\w$]*$/;
  let module: string;
  let rest: string[];
  if (spec.includes("#")) {
    const [file = "", names = ""] = spec.split("#", 2);
    module = file;
    rest = names.split(".");
  } else {
    const parts = spec.split(".");
    const take = withMethod ? 2 : 1;
    if (parts.length <= take) throw new ConfigError(key, expected, JSON.stringify(spec));
    module = parts.slice(0, -take).join(".");
    rest = parts.slice(-take);
  }
  const wanted = withMethod ? 2 : 1;
  if (!module || rest.length !== wanted || !rest.every((name) => ident.test(name))) {
    throw new ConfigError(key, expected, JSON.stringify(spec));
  }
  return { spec, module, exportName: rest[0]!, ...(withMethod ? { method: rest[1]! } : {}) };
}

/** Validates a parsed YAML document. */
export function buildConfig(document: unknown, baseDir: string): CoreConfig {
  const root = ConfigReader.root(document);
  root.allowOnly(["adapter", "process_management", "metrics", "traffic_control", "privileged_commands"]);

  const adapter = root.section("adapter");
  if (!adapter) throw new ConfigError("adapter", "a mapping with class and primary_payload_key", "nothing");
  adapter.allowOnly(["class", "primary_payload_key", "run_as_user"]);

  const pm = root.section("process_management");
  pm?.allowOnly(["enabled", "command", "command_factory", "stop_timeout_seconds"]);
  const pmEnabled = pm?.boolean("enabled", true) ?? false;
  let command: string[] | null = null;
  let commandFactory: ExportRef | null = null;
  if (pm && pmEnabled) {
    if (pm.has("command") === pm.has("command_factory")) {
      throw new ConfigError("process_management", "exactly one of command or command_factory", "both or neither");
    }
    if (pm.has("command")) command = pm.command("command");
    else commandFactory = parseExportRef(pm.string("command_factory"), "process_management.command_factory", true);
  }

  const metrics = root.section("metrics");
  metrics?.allowOnly(["network_monitoring", "process_monitoring"]);
  const net = metrics?.section("network_monitoring");
  net?.allowOnly(["enabled", "interface"]);
  const proc = metrics?.section("process_monitoring");
  proc?.allowOnly(["enabled"]);

  const tc = root.section("traffic_control");
  tc?.allowOnly([
    "enabled",
    "interface",
    "bandwidth_mbps_key",
    "default_bandwidth_mbps",
    "latency_ms_key",
    "default_latency_ms",
  ]);

  const priv = root.section("privileged_commands");
  priv?.allowOnly(["pre_start", "post_stop"]);

  return {
    baseDir,
    adapter: {
      ref: parseExportRef(adapter.string("class"), "adapter.class", false),
      primaryPayloadKey: adapter.string("primary_payload_key"),
      runAsUser: adapter.optionalString("run_as_user"),
    },
    processManagement: {
      enabled: pmEnabled,
      command,
      commandFactory,
      stopTimeoutSeconds: pm?.number("stop_timeout_seconds", 10, 0, 3600) ?? 10,
    },
    metrics: {
      networkMonitoring: {
        enabled: net?.boolean("enabled", true) ?? true,
        interface: net?.string("interface", "eth0") ?? "eth0",
      },
      processMonitoring: { enabled: proc?.boolean("enabled", true) ?? true },
    },
    trafficControl: {
      enabled: tc?.boolean("enabled", true) ?? false,
      interface: tc?.string("interface", "eth0") ?? "eth0",
      bandwidthMbpsKey: tc?.string("bandwidth_mbps_key", "bandwidth_mbps") ?? "bandwidth_mbps",
      defaultBandwidthMbps: tc?.number("default_bandwidth_mbps", null, 0, MAX_BANDWIDTH_MBPS) ?? null,
      latencyMsKey: tc?.string("latency_ms_key", "latency_ms") ?? "latency_ms",
      defaultLatencyMs: tc?.number("default_latency_ms", null, 0, MAX_LATENCY_MS) ?? null,
    },
    privilegedCommands: {
      preStart: priv?.commands("pre_start") ?? [],
      postStop: priv?.commands("post_stop") ?? [],
    },
  };
}

/** Parses YAML text; a syntax error becomes a one-line ConfigError. */
export function parseConfigText(text: string, baseDir: string): CoreConfig {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
    throw new ConfigError("(syntax)", "valid YAML", first);
  }
  return buildConfig(document, baseDir);
}

/**
 * The largest config file read. A real one is a few hundred bytes; parsing
 * YAML costs far more memory and time than its size (30 MB took 22 s and 2 GB).
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** Reads at most `max + 1` bytes, so neither a huge file nor an endless one (/dev/zero) is read whole. */
function readBounded(file: string, max: number): Buffer {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(max + 1);
    let length = 0;
    while (length <= max) {
      const read = readSync(fd, buffer, length, max + 1 - length, null);
      if (read === 0) break;
      length += read;
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** Reads config.yaml from the working directory, or the file named by CCC_CONFIG_FILE. */
export function loadConfigFile(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): CoreConfig {
  const file = resolve(cwd, env.CCC_CONFIG_FILE ?? "config.yaml");
  let bytes: Buffer;
  try {
    bytes = readBounded(file, MAX_CONFIG_BYTES);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    throw new ConfigError("(file)", `a readable config file at ${file} (set CCC_CONFIG_FILE to change)`, code);
  }
  if (bytes.length > MAX_CONFIG_BYTES) {
    throw new ConfigError("(file)", `a config file of at most ${MAX_CONFIG_BYTES} bytes at ${file}`, "a larger file");
  }
  return parseConfigText(bytes.toString("utf8"), dirname(file));
}
