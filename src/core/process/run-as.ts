// Running a command as run_as_user with its uid, gid AND supplementary groups.
//
// Node's spawn({ uid, gid }) clears the supplementary groups (libuv calls
// setgroups(0) before setgid/setuid) and process.setgroups() changes the core
// itself, not one child. So the command is wrapped:
//   1. with util-linux `setpriv --reuid --regid --groups` when it is installed
//      (Debian images have it): setpriv sets the ids and execs, so the
//      workload keeps the pid the core spawned;
//   2. otherwise with this very file in helper mode (`--ccc-run-as`): a small
//      Node process that calls setgroups/setgid/setuid on itself, spawns the
//      command (which inherits all three) and relays signals and the exit status.
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import type { UserIdentity } from "../users.js";

export const RUN_AS_FLAG = "--ccc-run-as";

/** Finds an executable on PATH, or null. */
export function findOnPath(name: string, path = process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin"): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export interface RunAsOptions {
  /** Path of setpriv, or null to use the helper. */
  setpriv: string | null;
  /** How to start this core in helper mode: [node, path of the core file]. */
  selfCommand: readonly string[];
}

/** Returns the `ensureUser` function handed to adapters and used for the managed workload. */
export function createEnsureUser(
  identity: UserIdentity | null,
  options: RunAsOptions,
): (argv: readonly string[]) => string[] {
  return (argv) => {
    if (!Array.isArray(argv) || argv.length === 0 || !argv.every((a) => typeof a === "string")) {
      throw new TypeError("ensureUser(argv): argv must be a non-empty array of strings");
    }
    if (!identity) return [...argv];
    const groups = identity.groups.join(",");
    if (options.setpriv) {
      return [
        options.setpriv,
        `--reuid=${identity.uid}`,
        `--regid=${identity.gid}`,
        `--groups=${groups}`,
        "--",
        ...argv,
      ];
    }
    return [...options.selfCommand, RUN_AS_FLAG, `${identity.uid}:${identity.gid}:${groups}`, "--", ...argv];
  };
}

/** The environment a workload running as `identity` should see. */
export function userEnv(base: NodeJS.ProcessEnv, identity: UserIdentity | null): NodeJS.ProcessEnv {
  if (!identity) return { ...base };
  return { ...base, HOME: identity.home, USER: identity.name, LOGNAME: identity.name };
}

const RELAYED_SIGNALS: NodeJS.Signals[] = ["SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2"];

/** Helper mode: `node ccc-core.cjs --ccc-run-as UID:GID:G1,G2 -- command args…`. */
export function runAsHelper(args: readonly string[]): void {
  const [spec = "", separator, command, ...rest] = args;
  const match = /^(\d+):(\d+):([\d,]*)$/.exec(spec);
  if (!match || separator !== "--" || !command) {
    process.stderr.write(`usage: ${RUN_AS_FLAG} UID:GID:G1,G2 -- command [args…]\n`);
    process.exit(2);
  }
  const groups = (match[3] ?? "").split(",").filter(Boolean).map(Number);
  // Order matters: groups and gid can only be changed while still root.
  if (!process.setgroups || !process.setgid || !process.setuid) throw new Error("run-as needs a POSIX system");
  process.setgroups(groups);
  process.setgid(Number(match[2]));
  process.setuid(Number(match[1]));
  const child = spawn(command, rest, { stdio: "inherit" });
  for (const signal of RELAYED_SIGNALS) process.on(signal, () => child.kill(signal));
  child.on("error", (error) => {
    process.stderr.write(`ccc run-as: cannot run ${command}: ${error.message}\n`);
    process.exit(127);
  });
  child.on("exit", (code, signal) => {
    if (signal) {
      // Die of the same signal so the core sees what the workload saw.
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    }
    process.exit(code ?? 1);
  });
}
