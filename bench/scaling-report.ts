// The report's section on how cost grows with the number of services: a
// table per graph shape, the least-squares slope per service of boss, of the
// engine, of boss − engine and of what boss adds in its own run (and of boss's
// peak RSS), and where the engine itself stops scaling on this machine.
import { scaleCommands, shapes, type ScaleCommand, type ScaleFigures, type ScaleRun, type Shape } from "./scaling.js";
import { duration, median, slope } from "./stats.js";
import { verdict, within, type Target } from "./target.js";

export interface ScaleReportInput {
  scale: ScaleFigures;
  sizes: number[];
  runs: number;
}

/** Goals of issue 12: what boss may add over the engine per service, and how much its memory may grow. */
const maxMsPerService = 5;
const maxMbPerService = 0.5;
/** The engine "stops scaling" where its time per service exceeds its lowest at a smaller n by this much. */
const scalingTolerance = 1.25;

const shapeTitles: Record<Shape, string> = {
  wide: "wide: n independent services, started at once",
  chain: "chain: each service depends on the one before, so n layers",
};

interface Medians {
  boss: number;
  engine: number;
  /** The median of boss − engine over the runs, each run's pair measured one right after the other. */
  overhead: number;
  bossOwn: number;
  engineOwn: number;
  /** The median of boss's own time − the reference's, over the same pairs of runs: what boss adds. */
  adds: number;
  rssMb: number;
}

interface Slopes {
  boss: number;
  engine: number;
  overhead: number;
  adds: number;
  rssMb: number;
}

export function scaleSection(input: ScaleReportInput): string[] {
  const { sizes } = input;
  if (sizes.length === 0) return [];
  const lines = [
    "## How cost grows with the number of services",
    "",
    "Services: busybox idling from the moment it runs (no port, no ping: ready once started), out at once on SIGTERM. " +
      "Engine = the same containers through raw Engine API calls: fresh start = the network, then create + start of " +
      "each layer at once (all n for wide, one at a time for the chain); no-op start = list + network + image; " +
      "status = list + an inspect per container; stop = list + stop by layer in reverse. " +
      `Medians of ${input.runs} run${input.runs > 1 ? "s" : ""}, boss and the engine alternating who goes first; ` +
      "boss − engine is the median of each run's difference (boss's run and the engine's came one after the other); " +
      "boss's peak RSS by GNU time.",
    "",
    "Both talk to the engine through a recording pass-through (bench/engine-recorder.ts) that notes when each call " +
      "reached it and when its answer ended. A run's own time is its wall time minus the time the engine was at " +
      "one or more calls of the kinds the reference makes for the command; every other call boss makes (the ping, " +
      "an inspect, a list before creating) counts as boss's own. What boss adds = boss's own time − the " +
      "reference's own time (the way through the pass-through, paid by both for each call one after another), " +
      "pair by pair. It is read within each run, so the engine's own spread between runs (on a chain of 100, " +
      "seconds from one run to the next) does not enter it, as it enters boss − engine.",
  ];
  for (const shape of shapes) {
    lines.push(
      "",
      `### ${shapeTitles[shape]}`,
      "",
      "| command | n | boss | engine | boss − engine | boss's own time | engine reference's own time | what boss adds | engine per service | boss peak RSS |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    );
    for (const command of scaleCommands) {
      for (const n of sizes) {
        const m = mediansOf(input.scale, shape, n, command);
        lines.push(
          `| ${command} | ${n} | ${duration(m.boss)} | ${duration(m.engine)} | ${duration(m.overhead)} | ` +
            `${duration(m.bossOwn)} | ${duration(m.engineOwn)} | ${duration(m.adds)} | ` +
            `${perService(m.engine / n)} | ${mb(m.rssMb)} |`,
        );
      }
    }
  }
  lines.push(
    "",
    `Per-service slopes: least squares over n = ${sizes.join(", ")}, fitted to the medians (boss − engine and ` +
      "what boss adds: to the medians of the paired differences). " +
      `Goals: boss adds ≤ ${maxMsPerService} ms per service over the engine (judged on what boss adds in its own ` +
      `runs; boss − engine beside it); memory grows ≤ ${maxMbPerService} MB per service.`,
    "",
    "| graph | command | boss per service | engine per service | boss − engine per service | what boss adds per service | goal | | peak RSS per service | goal | |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const shape of shapes) {
    for (const command of scaleCommands) {
      const s = slopesOf(input, shape, command);
      lines.push(
        `| ${shape} | ${command} | ${perService(s.boss)} | ${perService(s.engine)} | ${perService(s.overhead)} | ` +
          `${perService(s.adds)} | ≤ ${maxMsPerService} ms | ${verdict(within(s.adds, maxMsPerService))} | ` +
          `${mbPerService(s.rssMb)} | ≤ ${maxMbPerService} MB | ${verdict(within(s.rssMb, maxMbPerService))} |`,
      );
    }
  }
  lines.push("", "Where the engine itself stops scaling (its own time per service, by n):", "");
  for (const shape of shapes) {
    for (const command of ["fresh start", "status", "stop"] as const)
      lines.push(`- ${engineScaling(input, shape, command)}`);
  }
  const wideFresh = sizes.map((n) => mediansOf(input.scale, "wide", n, "fresh start").engine / n);
  const chainFresh = sizes.map((n) => mediansOf(input.scale, "chain", n, "fresh start").engine / n);
  const last = sizes.length - 1;
  lines.push(
    `- Starting containers at once rather than one after another: ${perService(wideFresh[last] ?? NaN)} ` +
      `instead of ${perService(chainFresh[last] ?? NaN)} per container at n = ${sizes[last]} ` +
      `(at once, the engine starts ${((chainFresh[last] ?? NaN) / (wideFresh[last] ?? NaN)).toFixed(2)}× as many ` +
      "containers per second as one by one, on this machine's cores).",
  );
  return lines;
}

/** Issue 12's scaling goals: the worst row of each. */
export function scaleTargets(input: ScaleReportInput): Target[] {
  if (input.sizes.length < 2) {
    const why = input.sizes.length === 0 ? "scaling not run" : "one size: no slope";
    return [
      { text: `boss adds ≤ ${maxMsPerService} ms per service over the engine`, met: undefined, detail: why },
      { text: `memory grows ≤ ${maxMbPerService} MB per service`, met: undefined, detail: why },
    ];
  }
  const all = shapes.flatMap((shape) =>
    scaleCommands.map((command) => ({ shape, command, ...slopesOf(input, shape, command) })),
  );
  const worstBy = (pick: (s: Slopes) => number) =>
    all.reduce((worst, s) => (pick(s) > pick(worst) || !Number.isFinite(pick(worst)) ? s : worst));
  const time = worstBy((s) => s.adds);
  const wholeRuns = worstBy((s) => s.overhead);
  const memory = worstBy((s) => s.rssMb);
  return [
    {
      text: `boss adds ≤ ${maxMsPerService} ms per service over the engine, on every scaling row`,
      met: all.every((s) => Number.isFinite(s.adds)) ? all.every((s) => s.adds <= maxMsPerService) : undefined,
      detail:
        `worst ${perService(time.adds)} (${time.shape}, ${time.command}), read within each run; ` +
        `boss − engine over whole runs: worst ${perService(wholeRuns.overhead)} (${wholeRuns.shape}, ${wholeRuns.command})`,
    },
    {
      text: `no boss command's memory grows by more than ${maxMbPerService} MB per service`,
      met: all.every((s) => Number.isFinite(s.rssMb)) ? all.every((s) => s.rssMb <= maxMbPerService) : undefined,
      detail: `worst ${mbPerService(memory.rssMb)} (${memory.shape}, ${memory.command})`,
    },
  ];
}

function mediansOf(scale: ScaleFigures, shape: Shape, n: number, command: ScaleCommand): Medians {
  const boss = scale.boss(shape, n, command);
  const engine = scale.engine(shape, n, command);
  // Run i of boss and of the engine came one right after the other: their difference leaves out how the
  // engine's own speed drifts over the minutes of the bench (its time per container moves by 10 % and more).
  const paired = (pick: (run: ScaleRun) => number) =>
    median(boss.map((b, i) => pick(b) - (engine[i] ? pick(engine[i]) : NaN)));
  return {
    boss: median(boss.map((b) => b.ms)),
    engine: median(engine.map((e) => e.ms)),
    overhead: paired((run) => run.ms),
    bossOwn: median(boss.map((b) => b.ownMs)),
    engineOwn: median(engine.map((e) => e.ownMs)),
    adds: paired((run) => run.ownMs),
    rssMb: median(boss.map((b) => b.peakRssMb ?? NaN)),
  };
}

function slopesOf({ scale, sizes }: ScaleReportInput, shape: Shape, command: ScaleCommand): Slopes {
  const medians = sizes.map((n) => [n, mediansOf(scale, shape, n, command)] as const);
  const fit = (pick: (m: Medians) => number) => slope(medians.map(([n, m]) => [n, pick(m)] as const));
  return {
    boss: fit((m) => m.boss),
    engine: fit((m) => m.engine),
    overhead: fit((m) => m.overhead),
    adds: fit((m) => m.adds),
    rssMb: fit((m) => m.rssMb),
  };
}

/**
 * "wide, fresh start: 190, 185, 240, 300 ms per service at n = 5, 20, 50, 100 —
 * rising from n = 50 (1.30× its lowest before)". Flat within the tolerance: it scales.
 */
function engineScaling({ scale, sizes }: ScaleReportInput, shape: Shape, command: ScaleCommand): string {
  const per = sizes.map((n) => median(scale.engine(shape, n, command).map((e) => e.ms)) / n);
  const series = `${per.map((p) => (Number.isFinite(p) ? p.toFixed(1) : "–")).join(", ")} ms per service at n = ${sizes.join(", ")}`;
  let verdictText = sizes.length < 2 ? "one size only" : `linear up to n = ${sizes[sizes.length - 1]}`;
  for (let i = 1; i < per.length; i++) {
    const lowest = Math.min(...per.slice(0, i));
    const now = per[i] ?? NaN;
    if (now > scalingTolerance * lowest) {
      verdictText = `**stops scaling at n = ${sizes[i]}**: ${(now / lowest).toFixed(2)}× its lowest per-service time before`;
      break;
    }
  }
  return `${shape}, ${command}: ${series} — ${verdictText}`;
}

function perService(ms: number): string {
  return Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : "–";
}

function mbPerService(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)} MB` : "–";
}

function mb(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(1)} MB` : "–";
}
