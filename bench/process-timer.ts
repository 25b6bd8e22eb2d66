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

/** Runs `argv` in `cwd`, output discarded; fails on a non-zero exit. */
export async function timeProcess(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<TimedProcess> {
  const dir = await mkdtemp(join(tmpdir(), "boss-bench-time-"));
  const rssFile = join(dir, "rss");
  const full = canMeasureRss ? [gnuTime, "-f", "%M", "-o", rssFile, ...argv] : argv;
  const [command = "", ...args] = full;
  try {
    const began = performance.now();
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: "ignore" });
      child.on("error", reject);
      child.on("close", resolve);
    });
    const ms = since(began);
    if (code !== 0) throw new Error(`${argv.join(" ")} exited with ${code}`);
    if (!canMeasureRss) return { ms };
    const kb = Number((await readFile(rssFile, "utf8")).trim().split("\n").pop());
    return { ms, peakRssMb: kb / 1024 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
