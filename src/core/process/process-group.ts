// The workload runs in its own process group (spawned detached), so a stop
// reaches every process it started — `bash -c 'a & b & wait'` included — and
// not only the one the core spawned.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Sends a signal to every process of the group; false when none is left. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is empty
  }
}

/**
 * True while a live (not zombie) process is in the group. kill(-pgid, 0) alone
 * also counts zombies, and a core that runs as PID 1 without an init cannot
 * reap orphans: a stop would then wait out its whole timeout for processes
 * that are already dead. /proc tells them apart; without /proc, kill decides.
 */
export function groupAlive(pgid: number, procRoot = "/proc"): boolean {
  let entries: string[];
  try {
    entries = readdirSync(procRoot);
  } catch {
    return signalGroup(pgid, 0);
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(join(procRoot, entry, "stat"), "utf8");
    } catch {
      continue; // exited while we looked
    }
    // Fields after the command name (which may hold spaces and parentheses): state ppid pgrp …
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(pgrp) === pgid && state !== "Z" && state !== "X") return true;
  }
  return false;
}
