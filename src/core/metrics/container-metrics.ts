// Container-wide figures from the cgroup (v1 or v2) and the network interface.
// /proc/meminfo and /proc/stat show the host, so they are only a fallback for
// an unlimited memory limit (as `docker stats` shows the host's memory then).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { monotonicMs } from "../timestamp.js";
import { CpuRate } from "./cpu-rate.js";

export interface ContainerMetrics {
  cgroup_version: 1 | 2 | null;
  cpu_percent: number | null;
  cpu_usage_seconds_total: number | null;
  memory_usage_bytes: number | null;
  memory_limit_bytes: number | null;
  network_interface: string | null;
  network_rx_bytes: number | null;
  network_tx_bytes: number | null;
  network_rx_packets: number | null;
  network_tx_packets: number | null;
}

function readNumber(file: string): number | null {
  try {
    const value = Number(readFileSync(file, "utf8").trim());
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

function readStat(file: string, key: string): number | null {
  try {
    const line = readFileSync(file, "utf8")
      .split("\n")
      .find((l) => l.startsWith(`${key} `));
    const value = Number(line?.split(/\s+/)[1]);
    return line && Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

/** Unlimited v1 limits are a huge page-rounded number; anything above 2^60 means "no limit". */
const UNLIMITED = 2 ** 60;

export class ContainerMetricsReader {
  private readonly cpu = new CpuRate();

  constructor(
    private readonly network: { enabled: boolean; interface: string },
    private readonly cgroupRoot = "/sys/fs/cgroup",
    private readonly netRoot = "/sys/class/net",
    private readonly procRoot = "/proc",
  ) {}

  private hostMemory(): number | null {
    const kb = readStat(join(this.procRoot, "meminfo"), "MemTotal:");
    return kb === null ? null : kb * 1024;
  }

  read(): ContainerMetrics {
    const root = this.cgroupRoot;
    const v2 = existsSync(join(root, "cgroup.controllers"));
    let version: 1 | 2 | null = null;
    let cpuSeconds: number | null = null;
    let usage: number | null = null;
    let limit: number | null = null;
    if (v2) {
      version = 2;
      const usec = readStat(join(root, "cpu.stat"), "usage_usec");
      cpuSeconds = usec === null ? null : usec / 1e6;
      const current = readNumber(join(root, "memory.current"));
      const inactive = readStat(join(root, "memory.stat"), "inactive_file") ?? 0;
      usage = current === null ? null : Math.max(0, current - inactive);
      limit = readNumber(join(root, "memory.max")); // "max" reads as null
    } else if (existsSync(join(root, "memory")) || existsSync(join(root, "cpuacct"))) {
      version = 1;
      const ns =
        readNumber(join(root, "cpuacct", "cpuacct.usage")) ?? readNumber(join(root, "cpu,cpuacct", "cpuacct.usage"));
      cpuSeconds = ns === null ? null : ns / 1e9;
      const current = readNumber(join(root, "memory", "memory.usage_in_bytes"));
      const inactive = readStat(join(root, "memory", "memory.stat"), "total_inactive_file") ?? 0;
      usage = current === null ? null : Math.max(0, current - inactive);
      limit = readNumber(join(root, "memory", "memory.limit_in_bytes"));
    }
    if (version !== null && (limit === null || limit >= UNLIMITED)) limit = this.hostMemory();
    const net = (name: string): number | null =>
      this.network.enabled ? readNumber(join(this.netRoot, this.network.interface, "statistics", name)) : null;
    return {
      cgroup_version: version,
      cpu_percent: cpuSeconds === null ? null : round(this.cpu.update(cpuSeconds, monotonicMs())),
      cpu_usage_seconds_total: cpuSeconds,
      memory_usage_bytes: usage,
      memory_limit_bytes: limit,
      network_interface: this.network.enabled ? this.network.interface : null,
      network_rx_bytes: net("rx_bytes"),
      network_tx_bytes: net("tx_bytes"),
      network_rx_packets: net("rx_packets"),
      network_tx_packets: net("tx_packets"),
    };
  }
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
