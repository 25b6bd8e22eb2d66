import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  removeGroup,
  containersOf,
  engineUnavailable,
  makeProject,
  runBoss,
  servicesFilePreamble,
  uniqueGroup,
  type BossRun,
} from "./harness.js";

const skip = await engineUnavailable();

/** The names listed on the summary line that starts with `label:` (e.g. "started: a, b"). */
function summaryNames(run: BossRun, label: string): string[] {
  const line = run.stdout.split("\n").find((l) => l.startsWith(`${label}: `));
  return line ? line.slice(label.length + 2).split(", ") : [];
}

async function runningServices(group: string): Promise<string[]> {
  const containers = await containersOf(group);
  return containers
    .filter((c) => c.State === "running")
    .map((c) => c.Labels["boss.service"] ?? "")
    .sort();
}

describe("a failing service in a diamond", { skip }, () => {
  // base -> (broken, side); broken -> (left, right); side -> right; (left, right) -> top; lone stands alone.
  const group = uniqueGroup("fail");
  let dir = "";
  let run: BossRun;

  before(async () => {
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(group) +
        `
export class Base extends Service { name = "base"; image = busybox; cmd = httpd("base"); }
export class Broken extends Service {
  name = "broken"; image = busybox; dependencies = ["base"];
  cmd = ["sh", "-c", "echo broken-is-booting; sleep 0.3; echo broken-gives-up >&2; exit 4"];
  async ping() { return false; }
}
export class Side extends Service { name = "side"; image = busybox; cmd = httpd("side"); dependencies = ["base"]; }
export class Left extends Service { name = "left"; image = busybox; cmd = httpd("left"); dependencies = ["broken"]; }
export class Right extends Service { name = "right"; image = busybox; cmd = httpd("right"); dependencies = [Broken, Side]; }
export class Top extends Service { name = "top"; image = busybox; cmd = httpd("top"); dependencies = ["left", "right"]; }
export class Lone extends Service { name = "lone"; image = busybox; cmd = httpd("lone"); }
`,
    });
    run = await runBoss(dir, ["start", "--timeout", "60"]);
  });
  after(() => removeGroup(group, dir));

  it("exits with code 1", () => {
    assert.equal(run.code, 1, run.output);
  });

  it("starts the independent branches: their containers run", async () => {
    assert.deepEqual(await runningServices(group), ["base", "lone", "side"]);
    assert.deepEqual(summaryNames(run, "started").sort(), ["base", "lone", "side"]);
  });

  it("keeps the failed service's container, stopped, so that boss logs and status show why", async () => {
    const kept = await containersOf(group, "broken");
    assert.deepEqual(
      kept.map((c) => c.State),
      ["exited"],
    );
    const logs = await runBoss(dir, ["logs", "broken"]);
    assert.equal(logs.code, 0, logs.output);
    assert.match(logs.output, /broken-is-booting/);
    assert.match(logs.output, /broken-gives-up/);
  });

  it("reports the failure the moment it happens, not after the independent branches settled", () => {
    const lines = run.stdout.split("\n");
    const failedAt = lines.findIndex((l) => l.startsWith("broken: failed"));
    const loneReady = lines.findIndex((l) => l.startsWith("lone: ready"));
    assert.ok(failedAt >= 0, run.output);
    assert.ok(failedAt < lines.findIndex((l) => l.startsWith("started: ")), run.output);
    assert.ok(loneReady >= 0, run.output);
  });

  it("reports the failure with the exit code and the container's logs", () => {
    const failed = run.stdout.split("\n").filter((l) => l.startsWith("failed: "));
    assert.equal(failed.length, 1, run.output);
    assert.match(failed[0] ?? "", /^failed: broken — container exited with code 4/);
    assert.match(run.stdout, /broken-is-booting/);
    assert.match(run.stdout, /broken-gives-up/);
  });

  it("reports every transitive dependent as not started because of the root, and creates none of them", async () => {
    for (const name of ["left", "right", "top"]) {
      assert.ok(run.stdout.includes(`not started: ${name} (because broken failed)`), `${name}:\n${run.output}`);
      assert.deepEqual(await containersOf(group, name), [], `${name} has a container`);
    }
    const notStarted = run.stdout.split("\n").filter((l) => l.startsWith("not started: "));
    assert.equal(notStarted.length, 3, run.output);
  });
});

describe("a container that crashes while being pinged", { skip }, () => {
  const group = uniqueGroup("crash");
  let dir = "";
  let run: BossRun;
  let elapsedMs = 0;

  before(async () => {
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(group) +
        `
export class Crashy extends Service {
  name = "crashy"; image = busybox;
  cmd = ["sh", "-c", "echo booting; echo fatal-error >&2; exit 3"];
  async ping() { return false; }
}
export class NeedsCrashy extends Service { name = "needs-crashy"; image = busybox; cmd = httpd("x"); dependencies = ["crashy"]; }
`,
    });
    const began = Date.now();
    run = await runBoss(dir, ["start", "--timeout", "60"]);
    elapsedMs = Date.now() - began;
  });
  after(() => removeGroup(group, dir));

  it("fails fast instead of waiting for the 60 s timeout", () => {
    assert.equal(run.code, 1, run.output);
    assert.ok(elapsedMs < 15_000, `took ${elapsedMs} ms`);
    assert.doesNotMatch(run.output, /not ready after/);
  });

  it("shows the exit code and the last log lines", () => {
    assert.match(run.stdout, /failed: crashy — container exited with code 3 before it was ready/);
    const logs = run.stdout.slice(run.stdout.indexOf("last 20 log lines:"));
    assert.match(logs, /^booting$/m);
    assert.match(logs, /^fatal-error$/m);
  });

  it("keeps only its stopped container and starts nothing that depends on it", async () => {
    const containers = await containersOf(group);
    assert.deepEqual(
      containers.map((c) => [c.Labels["boss.service"], c.State]),
      [["crashy", "exited"]],
    );
    assert.ok(run.stdout.includes("not started: needs-crashy (because crashy failed)"), run.output);
  });

  it("replaces the failed container on the next start (and fails again, the same way)", async () => {
    const [before] = await containersOf(group, "crashy");
    const again = await runBoss(dir, ["start", "--timeout", "60"]);
    assert.equal(again.code, 1, again.output);
    assert.match(again.stdout, /crashy: recreating — its last container stopped before it was ready/);
    const after = await containersOf(group, "crashy");
    assert.equal(after.length, 1, "one container: the failed one was replaced");
    assert.notEqual(after[0]?.Id, before?.Id);
  });
});
