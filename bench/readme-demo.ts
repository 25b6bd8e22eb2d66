// The README demo — Postgres and the todo app built from sample-apps/todo —
// copied the way the integration tests copy it (its own folder, group, ports
// and todo image tag): its no-op start, one of issue 12's rows, beside
// `node -e 0` and the engine calls it needs. Started once untimed (which
// builds the todo image), then `boss start` again and again.
import { engineCallsOf, runBoss, bossBin } from "./boss-project.js";
import type { CommandFigures } from "./command-figures.js";
import { nodeRound } from "./cli-commands.js";
import type { EngineReference } from "./engine-reference.js";
import { timeProcess } from "./process-timer.js";
import { removeGroup } from "../integration-tests/harness.js";
import { copyReadmeDemo, demoImagesMissing, postgresImage } from "../integration-tests/readme-demo-copy.js";

/** The figures' name of the row. */
export const readmeDemoNoop = "no-op boss start (README demo)";

export interface ReadmeDemoOptions {
  reference: EngineReference;
  figures: CommandFigures;
  count: number;
  log: (line: string) => void;
  cleanups: Array<() => Promise<void>>;
}

/** Measures the row, or says why it cannot (no base images: outside CI only, where demoImagesMissing does not throw). */
export async function measureReadmeDemo({ reference, figures, count, log, cleanups }: ReadmeDemoOptions) {
  const missing = await demoImagesMissing();
  if (missing) {
    log(`README demo: not measured (${missing})`);
    return;
  }
  const demo = await copyReadmeDemo("bench-demo");
  // Its containers, network, volume and the todo image it built (labelled with the group), and its folder.
  const remove = () => removeGroup(demo.group, demo.root);
  cleanups.push(remove); // also after a failure or Ctrl-C
  try {
    const project = { dir: demo.dir };
    log("README demo: first start (builds the todo image)…");
    await runBoss(project, ["start"], { env: demo.env, timeoutMs: 600_000 });
    const images = [postgresImage, demo.todoImage];
    log(`README demo: no-op start × ${count}…`);
    for (let i = 0; i < count; i++) {
      await nodeRound(figures, demo.dir, [readmeDemoNoop]);
      const env = { NO_COLOR: "1", ...demo.env };
      figures.addProcess(readmeDemoNoop, await timeProcess([process.execPath, bossBin, "start"], demo.dir, env));
      figures.addEngine(readmeDemoNoop, await reference.noopStart(demo.group, `boss-${demo.group}`, images));
    }
    figures.setCalls(readmeDemoNoop, await engineCallsOf(project, ["start"], demo.env));
  } finally {
    await remove(); // nothing of it runs beside the scaling graphs
  }
}
