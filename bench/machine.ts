// The machine a run was made on, for the report's heading.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  docker: string;
  node: string;
  os: string;
}

export async function describeMachine(): Promise<Machine> {
  const docker = await run("docker", ["version", "--format", "{{.Server.Version}} (API {{.Server.APIVersion}})"])
    .then((r) => r.stdout.trim())
    .catch(() => "unknown");
  const os = await readFile("/etc/os-release", "utf8")
    .then((text) => /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text)?.[1] ?? "")
    .catch(() => "");
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    docker,
    node: process.version,
    os: os || process.platform,
  };
}
