import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { ExitCode } from "../../../src/errors.js";
import { FakeEngineFolder, jsonLines } from "../fake-engine-folder.js";

let group: FakeEngineFolder;
beforeEach(async () => {
  group = new FakeEngineFolder();
  const start = await group.boss(["start"]);
  assert.equal(start.code, ExitCode.ok, start.stderr);
});
afterEach(() => group.remove());

describe("boss stop (in-process, fake engine)", () => {
  it("stops dependents first and says what it stopped", async () => {
    const run = await group.boss(["stop"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    const stops = group.client.callsOf("stop");
    assert.ok(stops.indexOf("web") < stops.indexOf("db"), stops.join(" "));
    assert.match(run.stdout, /^db: waiting — on web to stop$/m);
    assert.equal(run.stdout.trimEnd().split("\n").at(-1), "stopped: db, docs, web");
  });

  it("--remove --json: the events, then a result naming what went", async () => {
    const run = await group.boss(["stop", "--remove", "--json"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    const lines = jsonLines(run.stdout);
    assert.ok(lines.slice(0, -1).every((e) => e.type === "phase"));
    assert.deepEqual(lines.at(-1), {
      type: "result",
      command: "stop",
      stopped: ["db", "docs", "web"],
      orphans: [],
      failed: [],
      notStopped: [],
      removedNetwork: true,
      removedContext: true,
      removedAnonymousVolumes: [],
      removedVolumes: [],
      keptVolumes: ["uploads"],
      hookFailures: [],
      interrupted: false,
    });
    assert.equal(group.client.containers.size, 0);
    assert.equal(existsSync(join(group.folder.path, ".boss-context")), false);
  });

  it("--remove hints that named volumes were kept; --remove --volumes does not", async () => {
    const kept = await group.boss(["stop", "--remove", "--plain"]);
    assert.equal(kept.code, ExitCode.ok, kept.stderr);
    assert.match(kept.stdout, /^named volumes kept: uploads \(boss stop --remove --volumes removes them\)$/m);
    assert.equal((await group.boss(["start"])).code, ExitCode.ok);
    const removed = await group.boss(["stop", "--remove", "--volumes", "--plain"]);
    assert.equal(removed.code, ExitCode.ok, removed.stderr);
    assert.doesNotMatch(removed.stdout, /named volumes kept/);
  });

  it("exits 1 when a container will not stop, and leaves what it needs running", async () => {
    group.client.stopFailure.set("web", new Error("device busy"));
    const run = await group.boss(["stop", "--plain"]);
    assert.equal(run.code, ExitCode.serviceFailed);
    assert.match(run.stdout, /^failed: web — .*device busy/m);
    assert.match(run.stdout, /^not stopped: db \(because web failed to stop\)$/m);
  });

  it("refuses --volumes without --remove with exit 2", async () => {
    const run = await group.boss(["stop", "--volumes"]);
    assert.equal(run.code, ExitCode.userError);
    assert.match(run.stderr, /^boss: --volumes removes the group's named volumes and needs --remove/);
  });
});
