// Issue 10, "Stops and failures that keep what matters": a failed service's container is kept for its logs,
// and the failure is reported the moment it happens.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { busybox, containersOf, engineUnavailable, runBoss, uniqueGroup, removeGroup } from "../harness.js";
import { runBossWatched } from "./fault-harness.js";
import { makeTempDir } from "../../test/helpers/temp-dir.js";

const skip = await engineUnavailable();

describe("a failed service keeps its container, so boss logs shows why", { skip, timeout: 120_000 }, () => {
  const group = uniqueGroup("failkeep");
  let dir = "";

  before(async () => {
    dir = makeTempDir("boss-fault-").path;
    await writeFile(
      join(dir, "boss.ts"),
      `import { Service, group } from "boss";
group(${JSON.stringify(group)});
export class Broken extends Service {
  name = "broken";
  image = ${JSON.stringify(busybox)};
  cmd = ["sh", "-c", "echo broken-because-of-42 >&2; exit 3"];
  async ping() { return false; }
}
// Ready 8 s after its first ping: broken's failure must be reported long before.
let firstPing = 0;
export class Slow extends Service {
  name = "slow";
  image = ${JSON.stringify(busybox)};
  cmd = ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 0.1; done"];
  async ping() { firstPing ||= Date.now(); return Date.now() - firstPing > 8000; }
}
`,
    );
  });
  after(() => removeGroup(group, dir));

  let failedId = "";

  it("start exits 1; the failure is reported when it happens; the container is kept (exited) and boss logs shows its output", async () => {
    const start = await runBossWatched(dir, ["start", "--json"], { timeoutMs: 60_000 });
    assert.equal(start.code, 1, start.output);
    const at = (service: string, phase: string) =>
      start.events.findIndex((e) => e.type === "phase" && e.service === service && e.phase === phase);
    assert.ok(at("broken", "failed") >= 0, start.stdout);
    assert.ok(
      at("broken", "failed") < at("slow", "ready"),
      `broken's failure was reported only after slow was ready: ${start.stdout}`,
    );
    const found = await containersOf(group, "broken");
    assert.equal(found.length, 1, "the failed container was removed");
    assert.equal(found[0]?.State, "exited");
    failedId = found[0]?.Id ?? "";
    const logs = await runBoss(dir, ["logs", "broken"]);
    assert.equal(logs.code, 0, logs.output);
    assert.match(logs.output, /broken-because-of-42/);
  });

  it("the next start replaces it: still one container", async () => {
    const start = await runBoss(dir, ["start"], { timeoutMs: 60_000 });
    assert.equal(start.code, 1, start.output);
    const found = await containersOf(group, "broken");
    assert.equal(found.length, 1, `${found.length} containers`);
    assert.notEqual(found[0]?.Id, failedId, "the failed container was reused");
  });
});
