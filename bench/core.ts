// The core's part of the benchmark alone (`npm run build && npx tsx bench/core.ts`):
// the `boss ccc init` image idle and under load, printed as in the full report.
// Settings as in run.ts: BENCH_RPS (200), BENCH_CORE_SECONDS (10), and
// BENCH_CORE_IDLE_RUNS (3), the containers whose idle figures give the medians.
import { benchCore } from "./core-bench.js";
import { removeLabelled } from "./engine.js";
import { coreSection } from "./report.js";

const setting = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
};

const label = `boss.bench=core${process.pid.toString(36)}`;
try {
  const figures = await benchCore({
    label,
    rps: setting("BENCH_RPS", 200),
    seconds: setting("BENCH_CORE_SECONDS", 10),
    idleRuns: setting("BENCH_CORE_IDLE_RUNS", 3),
    log: (line) => process.stderr.write(`bench: ${line}\n`),
  });
  process.stdout.write(`${coreSection(figures).join("\n")}\n`);
} finally {
  await removeLabelled(label);
}
