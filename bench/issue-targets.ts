// Issue 12's goals ("faster than the tools it replaces at every command"),
// each marked met, MISSED or NOT MEASURED from the figures of this run.
import { commandTargets } from "./cli-report.js";
import type { ReportInput } from "./report.js";
import { scaleTargets, type ScaleReportInput } from "./scaling-report.js";
import { readmeDemoNoop } from "./readme-demo.js";
import { scenarioNames } from "./scenarios.js";
import { median, ratio, seconds } from "./stats.js";
import { within, type Target } from "./target.js";

const coreIdleRssMb = 35;
const coreBundleKiB = 400;
/** Fresh start (b) within this many times the engine reference (each layer's containers created at once). */
const layerReferenceRatio = 1.1;

export function issueTargets(input: ReportInput, scale: ScaleReportInput): Target[] {
  const { samples, graphs } = input;
  const targets: Target[] = [...commandTargets(input)];
  if (input.figures.process(readmeDemoNoop).length === 0) {
    targets.push({
      text: "no-op `boss start` of the README demo",
      met: undefined,
      detail: "not measured: the demo's base images are missing (scripts/build-base-images.sh)",
    });
  }
  const a = graphs.find((g) => g.id === "a");
  if (a) {
    const names = scenarioNames(a);
    for (const scenario of [names.fresh, names.restart]) {
      const boss = median(samples.get(scenario, "boss"));
      const compose = median(samples.get(scenario, "compose"));
      targets.push({
        text: `${scenario} faster than docker compose`,
        met: Number.isFinite(compose) ? boss < compose : undefined,
        detail: `${seconds(boss)} vs ${seconds(compose)} (${ratio(boss, compose)})`,
      });
    }
  }
  const b = graphs.find((g) => g.id === "b");
  if (b) {
    const fresh = median(samples.get(scenarioNames(b).fresh, "boss"));
    const reference = median(input.layerMs) * b.layers;
    targets.push({
      text: `fresh start (b) within ${layerReferenceRatio}× of the engine reference (${input.layerWidth} containers at once per layer)`,
      met: within(fresh, layerReferenceRatio * reference),
      detail: `${seconds(fresh)} vs ${seconds(reference)} (${ratio(fresh, reference)})`,
    });
  }
  targets.push(...scaleTargets(scale));
  const core = input.core;
  targets.push({
    text: `core idle RSS ≤ ${coreIdleRssMb} MB`,
    met: core ? core.idleRssMb <= coreIdleRssMb : undefined,
    detail: core ? `${core.idleRssMb.toFixed(1)} MB` : "core not measured",
  });
  const kib = input.coreBundleBytes === undefined ? NaN : input.coreBundleBytes / 1024;
  targets.push({
    text: `core bundle ≤ ${coreBundleKiB} KiB`,
    met: within(kib, coreBundleKiB),
    detail: Number.isFinite(kib) ? `${kib.toFixed(1)} KiB (dist/ccc-core.cjs)` : "not built",
  });
  return targets;
}
