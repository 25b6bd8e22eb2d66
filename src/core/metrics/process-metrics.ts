// Figures of the managed workload from /proc: the process and its descendants
// (a workload that is a shell or forks workers counts as a whole).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { monotonicMs } from "../timestamp.js";
import { CpuRate } from "./cpu-rate.js";
import { round } from "./container-metrics.js";

/** Clock ticks per second of /proc/<pid>/stat times; 100 on every Linux Docker runs on. */
const CLOCK_TICKS = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  state: string;
  cpuTicks: number;
  threads: number;
}

function readProcStat(procRoot: string, pid: number): ProcStat | null {
  try {
    const text = readFileSync(join(procRoot, String(pid), "stat"), "utf8");
    // The command name (field 2) may hold spaces and parentheses: split after the last ')'.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    // fields[0] is field 3 (state); utime = field 14, stime = 15, num_threads = 20.
    return {
      pid,
      state: fields[0] ?? "?",
      ppid: Number(fields[1]),
      cpuTicks: Number(fields[11]) + Number(fields[12]),
      threads: Number(fields[17]),
    };
  } catch {
    return null;
  }
}

function readRssBytes(procRoot: string, pid: number): number {
  try {
    const status = readFileSync(join(procRoot, String(pid), "status"), "utf8");
    const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    return kb * 1024;
  } catch {
    return 0;
  }
}

function allProcesses(procRoot: string): ProcStat[] {
  let entries: string[];
  try {
    entries = readdirSync(procRoot).filter((e) => /^\d+$/.test(e));
  } catch {
    return [];
  }
  return entries.map((e) => readProcStat(procRoot, Number(e))).filter((s): s is ProcStat => s !== null);
}

/** The process and all its descendants. */
export function processTree(procRoot: string, rootPid: number): ProcStat[] {
  const all = allProcesses(procRoot);
  const tree = all.filter((p) => p.pid === rootPid);
  for (let i = 0; i < tree.length; i++) {
    const parent = tree[i]!.pid;
    for (const p of all) if (p.ppid === parent && !tree.includes(p)) tree.push(p);
  }
  return tree;
}

/** Zombie processes whose parent is this process: in a container where the core is PID 1, orphans it could not reap. */
export function countZombieChildren(procRoot = "/proc", parentPid = process.pid): number {
  return allProcesses(procRoot).filter((p) => p.ppid === parentPid && p.state === "Z").length;
}

export interface ProcessFigures {
  cpu_percent: number;
  rss_bytes: number;
  threads: number;
  process_count: number;
}

export class ProcessMetricsReader {
  private readonly cpu = new CpuRate();
  private pid: number | null = null;

  constructor(private readonly procRoot = "/proc") {}

  /** Figures for `pid` and its descendants, or null when it is gone. */
  read(pid: number): ProcessFigures | null {
    if (pid !== this.pid) {
      this.cpu.reset();
      this.pid = pid;
    }
    const tree = processTree(this.procRoot, pid);
    if (tree.length === 0) return null;
    const ticks = tree.reduce((sum, p) => sum + p.cpuTicks, 0);
    return {
      cpu_percent: round(this.cpu.update(ticks / CLOCK_TICKS, monotonicMs())),
      rss_bytes: tree.reduce((sum, p) => sum + readRssBytes(this.procRoot, p.pid), 0),
      threads: tree.reduce((sum, p) => sum + p.threads, 0),
      process_count: tree.length,
    };
  }
}
