// What the data fault tests share: reading files and mounts in a container, and where to signal boss.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { docker } from "../harness.js";
import type { BossEvent } from "./fault-harness.js";

export const run = promisify(execFile);

/** The n-th (0-based) phase event `phase` of store. */
export interface KillAt {
  phase: string;
  occurrence: number;
}

export function at(point: KillAt): (event: BossEvent) => boolean {
  let seen = 0;
  return (e) => e.type === "phase" && e.service === "store" && e.phase === point.phase && seen++ === point.occurrence;
}

/** Runs `script` with sh in the container and returns what it printed. */
export async function sh(containerId: string, script: string): Promise<string> {
  const exec = await docker
    .getContainer(containerId)
    .exec({ Cmd: ["sh", "-c", script], AttachStdout: true, AttachStderr: true, Tty: true });
  const stream = await exec.start({ hijack: true, stdin: false, Tty: true });
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
  await new Promise((resolve) => stream.on("end", resolve));
  return text.replace(/\r\n/g, "\n");
}

export interface Mount {
  type: string;
  name: string;
}

export async function mountsOf(containerId: string): Promise<Record<string, Mount>> {
  const info = await docker.getContainer(containerId).inspect();
  const mounts = (info.Mounts ?? []) as Array<{ Destination: string; Type: string; Name?: string }>;
  return Object.fromEntries(mounts.map((m) => [m.Destination, { type: m.Type, name: m.Name ?? "" }]));
}

/** What /data/f, /anon/f and /cache/f hold ("" when missing). */
export async function readFiles(id: string): Promise<Record<string, string>> {
  const text = await sh(id, 'for f in /data/f /anon/f /cache/f; do echo "$f=$(cat $f 2>/dev/null)"; done');
  return Object.fromEntries(
    text
      .trim()
      .split("\n")
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}

export async function volumeExists(name: string): Promise<boolean> {
  return docker
    .getVolume(name)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}
