// Where a start's time went, on the real engine: a chain with a deliberately
// slow ping is reported as the critical path, and the ping's time it reports
// matches the time the ping itself measured within 5 %.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { engineUnavailable, makeProject, removeGroup, runBoss, servicesFilePreamble, uniqueGroup } from "./harness.js";

const skip = await engineUnavailable();

describe("the critical path of a start", { skip }, () => {
  const group = uniqueGroup("timeline");
  let dir = "";

  before(async () => {
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(group) +
        `
import { writeFileSync } from "node:fs";
const serve = ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.1; done"];
let firstPing = 0;
export class Slow extends Service {
  name = "slow"; image = busybox; cmd = serve;
  async ping() {
    firstPing ||= Date.now();
    if (Date.now() - firstPing < 2000) return false;
    writeFileSync("ping-measured.json", JSON.stringify({ ms: Date.now() - firstPing }));
    return true;
  }
}
export class Mid extends Service { name = "mid"; image = busybox; cmd = serve; dependencies = ["slow"]; }
export class Quick extends Service { name = "quick"; image = busybox; cmd = serve; }
`,
    });
  });
  after(() => removeGroup(group, dir));

  it("boss start names the slow chain as the critical path", async () => {
    const start = await runBoss(dir, ["start"]);
    assert.equal(start.code, 0, start.output);
    assert.match(start.stdout, /^critical path \d+\.\d s: slow \(.*ping 2\.\d s.*\) → mid( \(.*\))?$/m);
  });

  it("boss timeline reports the ping's time within 5 % of what the ping measured", async () => {
    const run = await runBoss(dir, ["timeline", "--json"]);
    assert.equal(run.code, 0, run.output);
    const { criticalPath } = JSON.parse(run.stdout) as {
      criticalPath: {
        totalMs: number;
        services: Array<{ name: string; phases: Array<{ phase: string; ms: number }> }>;
      };
    };
    assert.deepEqual(
      criticalPath.services.map((s) => s.name),
      ["slow", "mid"],
    );
    const reported = criticalPath.services[0]?.phases.find((p) => p.phase === "pinging")?.ms ?? 0;
    const measured = (JSON.parse(await readFile(join(dir, "ping-measured.json"), "utf8")) as { ms: number }).ms;
    assert.ok(
      Math.abs(reported - measured) <= 0.05 * measured,
      `reported ${reported} ms, the ping measured ${measured} ms`,
    );
    const timeline = await runBoss(dir, ["timeline"]);
    assert.match(timeline.stdout, /^\* slow +\|.*=+.*\| ready at/m);
    assert.match(timeline.stdout, /^ {2}quick +\|/m);
  });
});
