import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { ExitCode } from "../../../src/errors.js";
import { FakeEngineFolder, jsonLines } from "../fake-engine-folder.js";

// migrate is a job built from ./migrate; web needs it; a seeder (another job) needs web.
const services = `
import { Service, group } from "boss";
group("shop");
export class Migrate extends Service { name = "migrate"; image = "shop-migrate:dev"; buildFrom = "migrate"; job = true; }
export class Web extends Service { name = "web"; image = "busybox"; dependencies = [Migrate]; }
`;

let group: FakeEngineFolder;
beforeEach(() => {
  group = new FakeEngineFolder(services);
  group.folder.write("migrate/Dockerfile", "FROM busybox\n");
  group.client.crashOnStart.set("migrate", { exitCode: 0, logs: "migrated 3 tables\n" });
});
afterEach(() => group.remove());

const lines = (text: string) => text.trimEnd().split("\n");

describe("jobs (in-process, fake engine)", () => {
  it("start --plain: the job completes, then its dependent starts; the next start says it is not run again", async () => {
    const first = await group.boss(["start", "--plain"]);
    assert.equal(first.code, ExitCode.ok, first.stdout + first.stderr);
    const out = lines(first.stdout);
    assert.ok(
      out.some((l) => /^migrate: completed — exit 0 \(\d+\.\d s\)$/.test(l)),
      first.stdout,
    );
    assert.ok(out.indexOf("web: starting") > out.findIndex((l) => l.startsWith("migrate: completed")), first.stdout);
    assert.ok(out.includes("jobs completed: migrate"), first.stdout);

    const second = await group.boss(["start", "--plain"]);
    assert.equal(second.code, ExitCode.ok, second.stdout + second.stderr);
    assert.ok(lines(second.stdout).includes("migrate: completed earlier (exit 0), not run again"), second.stdout);
    assert.ok(lines(second.stdout).includes("jobs completed earlier, not run again: migrate"), second.stdout);
    assert.equal(group.client.callsOf("create").filter((c) => c === "migrate").length, 1);
  });

  it("start --json: completed and completed-earlier phases and actions", async () => {
    const first = jsonLines((await group.boss(["start", "--json"])).stdout);
    assert.ok(first.some((e) => e.service === "migrate" && e.phase === "completed" && e.detail === "exit 0"));
    assert.deepEqual(first.at(-1)?.started, [
      { name: "migrate", action: "completed" },
      { name: "web", action: "created" },
    ]);
    const second = jsonLines((await group.boss(["start", "--json"])).stdout);
    assert.ok(second.some((e) => e.service === "migrate" && e.phase === "completed-earlier"));
    assert.deepEqual(second.at(-1)?.started, [
      { name: "migrate", action: "completed-earlier" },
      { name: "web", action: "kept" },
    ]);
  });

  it("start --rerun-jobs runs a completed job again", async () => {
    await group.boss(["start"]);
    const run = await group.boss(["start", "--rerun-jobs", "--plain"]);
    assert.equal(run.code, ExitCode.ok, run.stdout + run.stderr);
    assert.ok(lines(run.stdout).includes("migrate: recreating — --rerun-jobs: running the job again"), run.stdout);
    assert.equal(group.client.callsOf("create").filter((c) => c === "migrate").length, 2);
  });

  it("a failing job: exit 1, its code and last log line in the output, its dependent not started", async () => {
    group.client.crashOnStart.set("migrate", { exitCode: 3, logs: "applying 0001\nrelation users exists\n" });
    const run = await group.boss(["start", "--plain"]);
    assert.equal(run.code, ExitCode.serviceFailed, run.stdout + run.stderr);
    assert.ok(
      lines(run.stdout).includes(
        "web: not started — because migrate failed (the job exited with code 3; its last log line: relation users exists)",
      ),
      run.stdout,
    );
    assert.match(run.stdout, /^failed: migrate — job exited with code 3; last 20 log lines:\napplying 0001\n/m);
    const status = await group.boss(["status"]);
    assert.match(status.stdout, /^migrate +failed \(exit 3\)/m);
  });

  it("status shows a completed job as completed with its exit code, in text and JSON", async () => {
    await group.boss(["start"]);
    const text = await group.boss(["status"]);
    assert.match(text.stdout, /^migrate +completed \(exit 0\) +- +c\d+ /m);
    const [document] = jsonLines((await group.boss(["status", "--json"])).stdout);
    const migrate = (document?.services as Array<Record<string, unknown>>).find((s) => s.name === "migrate");
    assert.deepEqual([migrate?.state, migrate?.exitCode, migrate?.job], ["completed", 0, true]);
  });

  it("logs shows the job's output", async () => {
    await group.boss(["start"]);
    const run = await group.boss(["logs", "migrate"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.match(run.stdout, /migrated 3 tables/);
  });

  it("reload migrate runs it again and restarts its dependents", async () => {
    await group.boss(["start"]);
    group.client.calls.length = 0;
    const run = await group.boss(["reload", "migrate", "--json"]);
    assert.equal(run.code, ExitCode.ok, run.stdout + run.stderr);
    const result = jsonLines(run.stdout).at(-1);
    assert.deepEqual(result?.dependents, ["web"]);
    assert.deepEqual(result?.started, [
      { name: "migrate", action: "completed" },
      { name: "web", action: "restarted" },
    ]);
    const calls = group.client.calls;
    assert.ok(calls.indexOf("start:migrate") < calls.indexOf("start:web"), calls.join(" "));
  });

  it("reload of a dependent accepts its completed job as a running dependency", async () => {
    const built = `
import { Service, group } from "boss";
group("shop");
export class Migrate extends Service { name = "migrate"; image = "busybox"; job = true; }
export class Web extends Service { name = "web"; image = "shop-web:dev"; buildFrom = "web"; dependencies = [Migrate]; }
`;
    group.folder.write("boss.ts", built);
    group.folder.write("web/Dockerfile", "FROM busybox\n");
    await group.boss(["start"]);
    const run = await group.boss(["reload", "web", "--plain"]);
    assert.equal(run.code, ExitCode.ok, run.stdout + run.stderr);
    assert.equal(group.client.callsOf("create").filter((c) => c === "migrate").length, 1, "not run again");
  });
});
