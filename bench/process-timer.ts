// A whole process timed from spawn to exit, with its peak RSS when GNU time
// is installed (apt-get install time): /usr/bin/time -f %M reports the
// child's maximum resident set in KB and adds about a millisecond.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { since } from "./stats.js";

const gnuTime = "/usr/bin/time";

export interface TimedProcess {
  ms: number;
  /** Undefined without GNU time. */
  peakRssMb?: number;
}

export const canMeasureRss = existsSync(gnuTime);

/** What a failed process said last, for the error. */
const keptOutput = 4000;
/** No command of the bench takes this long; one that does is stuck. */
const timeoutMs = 300_000;

/** Runs `argv` in `cwd`, its output read and dropped; fails on a non-zero exit, with the output's tail. */
export async function timeProcess(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<TimedProcess> {
  const dir = await mkdtemp(join(tmpdir(), "boss-bench-time-"));
  const rssFile = join(dir, "rss");
  const full = canMeasureRss ? [gnuTime, "-f", "%M", "-o", rssFile, ...argv] : argv;
  const [command = "", ...args] = full;
  try {
    const began = performance.now();
    let output = "";
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-keptOutput));
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.on("data", keep);
      child.stderr.on("data", keep);
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      child.on("error", reject);
      child.on("close", (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    const ms = since(began);
    if (code !== 0) throw new Error(`${argv.join(" ")} exited with ${code}:\n${output}`);
    if (!canMeasureRss) return { ms };
    const kb = Number((await readFile(rssFile, "utf8")).trim().split("\n").pop());
    return { ms, peakRssMb: kb / 1024 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
