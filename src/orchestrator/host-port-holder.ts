/**
 * Which program on this machine listens on a host port, read from Linux's
 * /proc (the socket's inode in /proc/net/tcp*, then the process whose fd is
 * that socket). Best effort: undefined when /proc is not there or not
 * readable (another user's process, another machine's engine).
 */
import { readdir, readFile, readlink } from "node:fs/promises";

export interface HostProcess {
  pid: number;
  /** Its command name (`/proc/<pid>/comm`). */
  command: string;
}

const listening = "0A"; // TCP_LISTEN in /proc/net/tcp

export async function hostPortHolder(
  port: number,
  protocol: "tcp" | "udp",
  proc = "/proc",
): Promise<HostProcess | undefined> {
  const inodes = new Set<string>();
  for (const table of [`${proc}/net/${protocol}`, `${proc}/net/${protocol}6`]) {
    const text = await readFile(table, "utf8").catch(() => "");
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [, local = "", , state = "", , , , , , inode = "0"] = fields;
      const localPort = Number.parseInt(local.split(":").pop() ?? "", 16);
      if (localPort === port && (protocol === "udp" || state === listening) && inode !== "0") inodes.add(inode);
    }
  }
  if (inodes.size === 0) return undefined;
  const pids = (await readdir(proc).catch(() => [])).filter((name) => /^\d+$/.test(name));
  for (const pid of pids) {
    const fds = await readdir(`${proc}/${pid}/fd`).catch(() => []);
    for (const fd of fds) {
      const link = await readlink(`${proc}/${pid}/fd/${fd}`).catch(() => "");
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (inode && inodes.has(inode)) {
        const command = (await readFile(`${proc}/${pid}/comm`, "utf8").catch(() => "")).trim();
        return { pid: Number(pid), command: command || "?" };
      }
    }
  }
  return undefined;
}
