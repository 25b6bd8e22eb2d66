// Traffic shaping with tc (iproute2): bandwidth with tbf, latency with netem.
// Every way it can be missing (no tc, no CAP_NET_ADMIN, no netem in the kernel,
// no such interface) is detected and reported by name, never silently ignored.
import { readFileSync } from "node:fs";
import type { Payload } from "./adapter.js";
import { MAX_BANDWIDTH_MBPS, MAX_LATENCY_MS, type CoreConfig } from "./config/config.js";
import { BadRequestError } from "./errors.js";
import type { Logger } from "./logger.js";
import { CommandError, runCommand, type CommandResult } from "./process/command-runner.js";

/** What to shape; null means "not shaped" (a latency of 0 adds no netem at all). */
export interface ShapingValues {
  bandwidthMbps: number | null;
  latencyMs: number | null;
}

export class TrafficControlError extends Error {
  override readonly name = "TrafficControlError";
}

export type CommandRunner = (argv: readonly string[]) => Promise<CommandResult>;

const CAP_NET_ADMIN_BIT = 12n;

/** True when this process holds CAP_NET_ADMIN (bit 12 of CapEff), null when it cannot tell. */
export function hasNetAdmin(statusText?: string): boolean | null {
  let text = statusText;
  try {
    text ??= readFileSync("/proc/self/status", "utf8");
  } catch {
    return null;
  }
  const hex = /^CapEff:\s*([0-9a-f]+)$/im.exec(text)?.[1];
  if (!hex) return null;
  return ((BigInt(`0x${hex}`) >> CAP_NET_ADMIN_BIT) & 1n) === 1n;
}

function readValue(payload: Payload, key: string, fallback: number | null, max: number, unit: string): number | null {
  if (!Object.hasOwn(payload, key) || payload[key] === null) return fallback;
  const raw = payload[key];
  const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > max) {
    throw new BadRequestError(
      `payload key "${key}" must be a number of ${unit} from 0 to ${max}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

export class TrafficControl {
  private applied: ShapingValues | null = null;

  constructor(
    private readonly config: CoreConfig["trafficControl"],
    private readonly logger: Logger,
    private readonly run: CommandRunner = (argv) => runCommand(argv, { logger, tag: "tc" }),
    private readonly netAdmin: () => boolean | null = () => hasNetAdmin(),
  ) {}

  get enabled(): boolean {
    return this.config.enabled;
  }

  get current(): ShapingValues | null {
    return this.applied;
  }

  /** The payload keys this service owns (the rest of an update goes to the adapter). */
  get keys(): string[] {
    return [this.config.bandwidthMbpsKey, this.config.latencyMsKey];
  }

  /** Validated values from a start payload (keys absent: the configured defaults). Throws BadRequestError. */
  valuesFrom(payload: Payload, base: ShapingValues | null = null): ShapingValues {
    const c = this.config;
    const bandwidth = readValue(
      payload,
      c.bandwidthMbpsKey,
      base ? base.bandwidthMbps : c.defaultBandwidthMbps,
      MAX_BANDWIDTH_MBPS,
      "Mbit/s",
    );
    const latency = readValue(
      payload,
      c.latencyMsKey,
      base ? base.latencyMs : c.defaultLatencyMs,
      MAX_LATENCY_MS,
      "ms",
    );
    return { bandwidthMbps: bandwidth || null, latencyMs: latency || null };
  }

  /** Replaces whatever shaping is on the interface with `values`. */
  async apply(values: ShapingValues): Promise<void> {
    if (this.netAdmin() === false) {
      throw new TrafficControlError(
        `traffic control on ${this.config.interface} needs the CAP_NET_ADMIN capability, which the core lacks (run the container with --cap-add NET_ADMIN)`,
      );
    }
    await this.clear();
    const dev = this.config.interface;
    const steps: string[][] = [];
    let parent = ["root", "handle", "1:"];
    if (values.latencyMs) {
      steps.push(["tc", "qdisc", "add", "dev", dev, ...parent, "netem", "delay", `${values.latencyMs}ms`]);
      parent = ["parent", "1:1", "handle", "10:"];
    }
    if (values.bandwidthMbps) {
      const bytesPerSecond = (values.bandwidthMbps * 1_000_000) / 8;
      // burst: at least 10 ms of traffic and several full frames, or tbf cannot reach its rate.
      const burst = Math.max(Math.ceil(bytesPerSecond / 100), 32 * 1024);
      steps.push([
        "tc",
        "qdisc",
        "add",
        "dev",
        dev,
        ...parent,
        "tbf",
        "rate",
        `${Math.round(values.bandwidthMbps * 1000)}kbit`,
        "burst",
        String(burst),
        "latency",
        "100ms",
      ]);
    }
    try {
      for (const argv of steps) await this.run(argv);
    } catch (error) {
      await this.clear().catch(() => undefined);
      throw this.explain(error, values);
    }
    this.applied = { ...values };
    this.logger.info(
      `traffic control on ${dev}: bandwidth ${values.bandwidthMbps ?? "unlimited"} Mbit/s, latency ${values.latencyMs ?? 0} ms`,
    );
  }

  /** Removes the root qdisc (back to the kernel default). Absent shaping is not an error. */
  async clear(): Promise<void> {
    try {
      await this.run(["tc", "qdisc", "del", "dev", this.config.interface, "root"]);
    } catch (error) {
      const said = error instanceof CommandError ? `${error.result?.stderr ?? ""}` : "";
      // "No such file or directory" / "Cannot delete qdisc with handle of zero": nothing was shaped.
      if (!/No such file|handle of zero|Invalid handle/i.test(said)) throw this.explain(error, null);
    }
    this.applied = null;
  }

  private explain(error: unknown, values: ShapingValues | null): TrafficControlError {
    const message = error instanceof Error ? error.message : String(error);
    const dev = this.config.interface;
    if (error instanceof CommandError && error.spawnCode === "ENOENT") {
      return new TrafficControlError(
        `traffic control needs the tc command (iproute2), which is not installed in this image: ${message}`,
      );
    }
    if (/Specified qdisc kind is unknown|qdisc kind is unknown/i.test(message) && values?.latencyMs) {
      return new TrafficControlError(
        `latency shaping (${values.latencyMs} ms) needs the netem qdisc, which this kernel does not have (tc said "Specified qdisc kind is unknown"; load the sch_netem module on the host): ${message}`,
      );
    }
    if (/Operation not permitted/i.test(message)) {
      return new TrafficControlError(
        `traffic control on ${dev} needs the CAP_NET_ADMIN capability (--cap-add NET_ADMIN): ${message}`,
      );
    }
    if (/Cannot find device|does not exist/i.test(message)) {
      return new TrafficControlError(`traffic control: no network interface ${dev} in this container: ${message}`);
    }
    return new TrafficControlError(`traffic control on ${dev} failed: ${message}`);
  }
}
