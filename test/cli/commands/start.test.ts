import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { stripVTControlCharacters } from "node:util";
import { ExitCode } from "../../../src/errors.js";
import { FakeEngineFolder, jsonLines } from "../fake-engine-folder.js";

let group: FakeEngineFolder;
beforeEach(() => (group = new FakeEngineFolder()));
afterEach(() => group.remove());

describe("boss start (in-process, fake engine)", () => {
  it("--json: one event per line as it happens, then the result, all on stdout", async () => {
    const run = await group.boss(["start", "--json"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.equal(run.stderr, "");
    const lines = jsonLines(run.stdout);
    const { criticalPath, ...result } = lines.at(-1) ?? {};
    assert.ok(criticalPath, "the result carries the critical path");
    assert.deepEqual(result, {
      type: "result",
      command: "start",
      started: [
        { name: "db", action: "created" },
        { name: "docs", action: "created" },
        { name: "web", action: "created" },
      ],
      failed: [],
      skipped: [],
      cancelled: [],
      hookFailures: [],
      interrupted: false,
    });
    const events = lines.slice(0, -1);
    assert.ok(
      events.every((e) => e.type === "phase" && typeof e.time === "string" && !Number.isNaN(Date.parse(e.time))),
    );
    const phasesOf = (service: string) => events.filter((e) => e.service === service).map((e) => e.phase);
    assert.deepEqual(phasesOf("web"), ["waiting", "creating", "starting", "pinging", "ready"]);
    assert.deepEqual(phasesOf("db"), ["creating", "starting", "post-start", "ready"]);
    const ready = events.find((e) => e.service === "db" && e.phase === "ready");
    assert.equal(typeof ready?.elapsedMs, "number");
  });

  it("--plain: one line per event, then the summary, without escape codes", async () => {
    const run = await group.boss(["start", "--plain"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    const lines = run.stdout.trimEnd().split("\n");
    assert.equal(lines[0], "web: waiting — on db");
    assert.ok(lines.includes("db: post-start — postStart()"), run.stdout);
    assert.ok(
      lines.some((l) => /^web: ready \(\d+\.\d s\)$/.test(l)),
      run.stdout,
    );
    assert.equal(lines.at(-1), "started: db, docs, web");
    assert.ok(!run.stdout.includes("\x1b["), "no escape codes");
  });

  it("says a second start keeps what runs", async () => {
    await group.boss(["start"]);
    const again = await group.boss(["start"]);
    assert.equal(again.code, ExitCode.ok);
    assert.match(again.stdout, /^db: kept — already running, same definition/m);
    assert.match(again.stdout, /^already running: db, docs, web$/m);
  });

  it("on a terminal: a live view under a spinner, the services' final lines and the summary in colour", async () => {
    const run = await group.boss(["start"], { terminal: true });
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.ok(run.stdout.includes("\x1b[32m✔\x1b[39m \x1b[1mweb\x1b[22m \x1b[32mready"), "web's line, bold and green");
    assert.ok(run.stdout.endsWith("\x1b[32mstarted: db, docs, web\x1b[39m\n"), "the summary, green");
    // The spinner's frames are redrawn in place (cursor codes, gone here); the final lines stay.
    const shown = stripVTControlCharacters(run.stdout);
    assert.match(shown, /0\/1 done\n {2}… web waiting — on db/, "the spinner's first frame");
    for (const service of ["db", "docs", "web"]) {
      assert.match(shown, new RegExp(`  ✔ ${service} ready \\(\\d+\\.\\d s\\)\n`));
    }
  });

  it("exits 1 when a service's container crashes, names it, and starts nothing that needs it", async () => {
    group.client.crashOnStart.set("db", { exitCode: 3, logs: "FATAL: no data directory\n" });
    const run = await group.boss(["start", "--json"]);
    assert.equal(run.code, ExitCode.serviceFailed);
    const result = jsonLines(run.stdout).at(-1) as {
      failed: Array<{ name: string; message: string }>;
      skipped: unknown[];
    };
    assert.deepEqual(
      result.failed.map((f) => f.name),
      ["db"],
    );
    assert.match(result.failed[0]?.message ?? "", /exit(ed)? .*3/);
    assert.match(result.failed[0]?.message ?? "", /FATAL: no data directory/);
    assert.deepEqual(result.skipped, [{ name: "web", because: "db" }]);
    assert.deepEqual(group.client.callsOf("start"), ["db", "docs"]);
  });

  it("says the failure in the plain summary too, with the same exit code", async () => {
    group.client.crashOnStart.set("db", { exitCode: 3, logs: "" });
    const run = await group.boss(["start", "--plain"]);
    assert.equal(run.code, ExitCode.serviceFailed);
    assert.match(run.stdout, /^failed: db — /m);
    assert.match(run.stdout, /^not started: web \(because db failed\)$/m);
  });

  it("leaves out an excluded service", async () => {
    const run = await group.boss(["start", "--exclude", "docs", "--plain"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.deepEqual(group.client.callsOf("create"), ["db", "web"]);
  });
});
