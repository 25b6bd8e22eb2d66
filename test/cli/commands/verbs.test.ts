import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { ExitCode } from "../../../src/errors.js";
import { FakeEngineFolder, jsonLines, shopServices } from "../fake-engine-folder.js";

// The shop: db ← web, and docs on its own.
let group: FakeEngineFolder;
beforeEach(() => {
  group = new FakeEngineFolder();
});
afterEach(() => group.remove());

async function startAll(): Promise<void> {
  const start = await group.boss(["start"]);
  assert.equal(start.code, ExitCode.ok, start.stderr);
  group.client.calls.length = 0;
}

describe("verbs by service name (in-process, fake engine)", () => {
  it("start web starts web and db only", async () => {
    const run = await group.boss(["start", "web", "--plain"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.deepEqual(group.client.callsOf("start"), ["db", "web"]);
    assert.deepEqual(group.client.containersOf("docs"), []);
    assert.match(run.stdout, /^started: db, web$/m);
  });

  it("an unknown name exits 2 listing the known services, and touches nothing", async () => {
    for (const verb of ["start", "stop", "restart"]) {
      const run = await group.boss([verb, "wbe"]);
      assert.equal(run.code, ExitCode.userError, `${verb}: ${run.stdout}${run.stderr}`);
      assert.equal(run.stderr, `boss: ${verb}: unknown service "wbe"; known services: db, docs, web\n`);
    }
    assert.deepEqual(group.client.calls, []);
  });

  it("a service both named and excluded exits 2", async () => {
    const run = await group.boss(["start", "web", "--exclude", "web"]);
    assert.equal(run.code, ExitCode.userError);
    assert.equal(run.stderr, 'boss: start: "web" is both named and excluded; drop one\n');
  });

  it("stop db stops web first, then db; docs keeps running", async () => {
    await startAll();
    const run = await group.boss(["stop", "db", "--plain"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.deepEqual(group.client.callsOf("stop"), ["web", "db"]);
    assert.equal(group.client.containersOf("docs")[0]?.status, "running");
    assert.match(run.stdout, /^stopped: db, web$/m);
  });

  it("restart --json: the events, then a result naming the services and dependents", async () => {
    await startAll();
    const run = await group.boss(["restart", "db", "--json"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    const lines = jsonLines(run.stdout);
    assert.ok(lines.some((e) => e.type === "phase" && e.service === "web" && e.phase === "stopped"));
    const { criticalPath, ...result } = lines.at(-1) ?? {};
    assert.ok(criticalPath, "the result carries the critical path");
    assert.deepEqual(result, {
      type: "result",
      command: "restart",
      started: [
        { name: "db", action: "restarted" },
        { name: "web", action: "restarted" },
      ],
      failed: [],
      skipped: [],
      cancelled: [],
      hookFailures: [],
      interrupted: false,
      services: ["db"],
      dependents: ["web"],
    });
    assert.deepEqual(group.client.callsOf("create"), []);
  });

  it("restart needs a name", async () => {
    const run = await group.boss(["restart"]);
    assert.equal(run.code, ExitCode.userError);
  });

  it("start after db changed restarts web, and the plain output says why", async () => {
    await startAll();
    group.folder.write("boss.ts", shopServices.replace('ROLE: "primary"', 'ROLE: "replica"'));
    const run = await group.boss(["start", "--plain"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.match(run.stdout, /^db: recreating — env\.ROLE changed$/m);
    assert.match(run.stdout, /^web: stopping — to restart it: db was recreated$/m);
    assert.match(run.stdout, /^web: ready — restarted: db was recreated/m);
    assert.match(run.stdout, /^restarted: web \(db was recreated\)$/m);
  });

  it("start --json after db changed: web's result says why it was restarted", async () => {
    await startAll();
    group.folder.write("boss.ts", shopServices.replace('ROLE: "primary"', 'ROLE: "replica"'));
    const run = await group.boss(["start", "--json"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    const result = jsonLines(run.stdout).at(-1);
    assert.deepEqual(
      (result?.started as Array<{ name: string }>).slice().sort((a, b) => a.name.localeCompare(b.name)),
      [
        { name: "db", action: "created" },
        { name: "docs", action: "kept" },
        { name: "web", action: "restarted", because: "db was recreated" },
      ],
    );
  });
});
