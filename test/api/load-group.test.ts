import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { after, describe, it } from "node:test";
import { setImmediate as nextTurn } from "node:timers/promises";
import { StartFailedError } from "../../src/api/group-errors.js";
import { loadGroup } from "../../src/api/load-group.js";
import { ExitCode, isBossError, ServiceFailedError } from "../../src/errors.js";
import type { OrchestratorEvent } from "../../src/orchestrator/events.js";
import { FakeContainerClient } from "../fakes/fake-container-client.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";
import { expectUserError } from "../helpers/user-error.js";

const folders: TempDir[] = [];
after(() => folders.forEach((f) => f.remove()));

/**
 * A folder with a services file for group `group`: db (its postStart stores
 * `db_id` = `id`) ← api, and an onStartServices hook that appends to
 * hooks.log. Returns the folder.
 */
function project(group: string, id: string, extra = ""): TempDir {
  const folder = makeTempDir();
  folders.push(folder);
  folder.write(
    "boss.ts",
    `import { appendFileSync } from "node:fs";
import { Context, Service, group, onStartServices } from "boss";
group(${JSON.stringify(group)});
export class Db extends Service {
  name = "db";
  image = "busybox";
  ping() { return true; }
  postStart() { Context.set("db_id", ${JSON.stringify(id)}); }
}
export class Api extends Service {
  name = "api";
  image = "busybox";
  dependencies = [Db];
  env = { DB_ID: "{db_id}" };
}
onStartServices((names) => appendFileSync(${JSON.stringify(join(folder.path, "hooks.log"))}, names.join(",") + "\\n"));
${extra}`,
  );
  return folder;
}

describe("loadGroup", () => {
  it("starts, reports and stops the services of a file, with the context the hooks made", async () => {
    const folder = project("shop", "db-1");
    const client = new FakeContainerClient();
    const events: OrchestratorEvent[] = [];
    const group = await loadGroup(join(folder.path, "boss.ts"), { client, onEvent: (e) => events.push(e) });
    assert.equal(group.name, "shop");
    assert.deepEqual(group.serviceNames, ["db", "api"]);

    const summary = await group.start();
    assert.deepEqual(
      summary.started.map((s) => [s.name, s.action]),
      [
        ["db", "created"],
        ["api", "created"],
      ],
    );
    assert.deepEqual(group.context, { db_id: "db-1" });
    assert.equal(client.containersOf("api")[0]?.spec.env.DB_ID, "db-1");
    assert.equal(readFileSync(join(folder.path, "hooks.log"), "utf8"), "db,api\n");
    const { "boss.timeline": timeline, ...saved } = JSON.parse(
      readFileSync(join(folder.path, ".boss-context"), "utf8"),
    ) as Record<string, unknown>;
    assert.ok(timeline, "the start's timeline is kept");
    assert.deepEqual(saved, {
      db_id: "db-1",
      "boss.ready": { db: client.containersOf("db")[0]?.id, api: client.containersOf("api")[0]?.id },
    });
    assert.ok(events.some((e) => e.type === "phase" && e.service === "db" && e.phase === "ready"));

    const services = await group.services();
    assert.deepEqual(
      services.map((s) => [s.name, s.state, s.ready]),
      [
        ["db", "running", true],
        ["api", "running", true],
      ],
    );

    const stopped = await group.stop({ remove: true });
    assert.deepEqual(stopped.stopped, ["api", "db"]);
    assert.equal(client.containers.size, 0);
    assert.equal(existsSync(join(folder.path, ".boss-context")), false);
  });

  it("leaves out excluded services and what depends on them", async () => {
    const folder = project("shop", "db-1");
    const client = new FakeContainerClient();
    const group = await loadGroup(join(folder.path, "boss.ts"), { client });
    await expectUserError(() => group.start({ exclude: ["db"] }), ['"api"', '"db"']);
    const summary = await group.start({ exclude: ["api"] });
    assert.deepEqual(
      summary.started.map((s) => s.name),
      ["db"],
    );
    assert.deepEqual(client.containersOf("api"), []);
  });

  it("starts, stops and restarts services by name", async () => {
    const folder = project("shop", "db-1");
    const client = new FakeContainerClient();
    const group = await loadGroup(join(folder.path, "boss.ts"), { client });
    const started = await group.start({ services: ["db"] });
    assert.deepEqual(
      started.started.map((s) => s.name),
      ["db"],
    );
    await group.start();
    const stopped = await group.stop({ services: ["api"] });
    assert.deepEqual(stopped.stopped, ["api"]);
    assert.equal(client.containersOf("db")[0]?.status, "running");
    await group.start();
    const [db] = client.containersOf("db");
    const restarted = await group.restart("db");
    assert.deepEqual(restarted.dependents, ["api"]);
    assert.deepEqual(
      restarted.started.map((s) => `${s.name}:${s.action}`),
      ["db:restarted", "api:restarted"],
    );
    assert.equal(client.containersOf("db")[0]?.id, db?.id);
    await expectUserError(() => group.restart(["nope"]), ['restart: unknown service "nope"; known services: api, db']);
  });

  it("rejects with a StartFailedError that carries the summary when a service fails", async () => {
    const folder = project("shop", "db-1");
    const client = new FakeContainerClient();
    client.crashOnStart.set("db", { exitCode: 3, logs: "initdb: out of disk\n" });
    const group = await loadGroup(folder.path, { client });

    const error = await group.start().then(
      () => assert.fail("start resolved although db failed"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof StartFailedError);
    assert.ok(error instanceof ServiceFailedError);
    assert.ok(isBossError(error));
    assert.equal(error.exitCode, ExitCode.serviceFailed);
    assert.deepEqual(
      error.summary.failed.map((f) => f.name),
      ["db"],
    );
    assert.deepEqual(error.summary.skipped, [{ name: "api", because: "db" }]);
    assert.match(error.message, /^shop: failed: db — .*exit(ed)? .*3/);
    assert.match(error.message, /not started: api \(because db failed\)/);
  });

  it("writes nothing unless asked, and plain event lines to `output`", async () => {
    const folder = project("shop", "db-1");
    const output = new PassThrough();
    let written = "";
    output.on("data", (chunk: Buffer) => (written += chunk.toString()));
    const group = await loadGroup(folder.path, { client: new FakeContainerClient(), output });
    await group.start();
    assert.match(written, /^db: ready/m);
    assert.match(written, /^api: ready/m);
    assert.ok(!written.includes("\u001b["), "no escape codes");
  });

  it("keeps the hooks and context of two groups in one process apart", async () => {
    const first = project("first", "one");
    const second = project("second", "two");
    const client = new FakeContainerClient();
    const a = await loadGroup(first.path, { client });
    const b = await loadGroup(second.path, { client });
    await Promise.all([a.start(), b.start()]);

    assert.deepEqual(a.context, { db_id: "one" });
    assert.deepEqual(b.context, { db_id: "two" });
    assert.equal(readFileSync(join(first.path, "hooks.log"), "utf8"), "db,api\n");
    assert.equal(readFileSync(join(second.path, "hooks.log"), "utf8"), "db,api\n");
    const envs = client.containersOf("api").map((c) => [c.spec.labels["boss.group"], c.spec.env.DB_ID]);
    assert.deepEqual(envs.sort(), [
      ["first", "one"],
      ["second", "two"],
    ]);
  });

  it("drives two groups at the same time: each one's hooks see its own Context", async () => {
    // Each db is ready only once both are pinging: if the groups took turns, the first would time out.
    const barrier = (group: string) => {
      const folder = makeTempDir();
      folders.push(folder);
      folder.write(
        "boss.ts",
        `import { Context, Service, group } from "boss";
group(${JSON.stringify(group)});
const seen = ((globalThis as Record<string, unknown>).__pinging ??= new Set<string>()) as Set<string>;
export class Db extends Service {
  name = "db";
  image = "busybox";
  ping() { seen.add(${JSON.stringify(group)}); Context.set("pinged_by", ${JSON.stringify(group)}); return seen.size === 2; }
  postStart() { Context.set("owner", ${JSON.stringify(group)} + "-" + Context.get("pinged_by")); }
}
`,
      );
      return folder;
    };
    const client = new FakeContainerClient();
    const [a, b] = await Promise.all([
      loadGroup(barrier("left").path, { client }),
      loadGroup(barrier("right").path, { client }),
    ]);
    await Promise.all([a.start({ timeoutSeconds: 5 }), b.start({ timeoutSeconds: 5 })]);
    assert.deepEqual(a.context, { pinged_by: "left", owner: "left-left" });
    assert.deepEqual(b.context, { pinged_by: "right", owner: "right-right" });
  });

  it("shows the context an earlier start saved as soon as it is loaded", async () => {
    const folder = project("shop", "db-1");
    folder.write(".boss-context", JSON.stringify({ db_id: "saved", token: 7 }));
    const group = await loadGroup(folder.path, { client: new FakeContainerClient() });
    assert.deepEqual(group.context, { db_id: "saved", token: 7 });
  });

  it("loads a file that ends with cli() without running the CLI", async () => {
    const folder = project("shop", "db-1", `import { cli } from "boss";\ncli();\n`);
    const exitCode = process.exitCode;
    const group = await loadGroup(folder.path, { client: new FakeContainerClient() });
    await nextTurn(); // cli() defers its run by one turn
    await nextTurn();
    assert.equal(process.exitCode, exitCode);
    assert.deepEqual(group.serviceNames, ["db", "api"]);
  });

  it("names a missing file, and a folder without a services file", async () => {
    const folder = makeTempDir();
    folders.push(folder);
    await expectUserError(() => loadGroup(join(folder.path, "nope.ts")), ["services file not found", "nope.ts"]);
    await expectUserError(() => loadGroup(folder.path), ["no services file in", folder.path]);
  });
});
