import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { ExitCode } from "../../../src/errors.js";
import { FakeEngineFolder, jsonLines } from "../fake-engine-folder.js";

let group: FakeEngineFolder;
beforeEach(async () => {
  group = new FakeEngineFolder();
  await group.boss(["start"]);
});
afterEach(() => group.remove());

describe("boss env (in-process, fake engine)", () => {
  it("prints the Context and the service's env as shell exports", async () => {
    const run = await group.boss(["env", "web"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.equal(run.stdout, "export DB_NAME='shop'\nexport DB_URL='postgres://db/shop'\n");
  });

  it("--json: the Context and the env with their keys as they are, one line", async () => {
    const run = await group.boss(["env", "web", "--json"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.deepEqual(jsonLines(run.stdout), [
      { context: { db_name: "shop" }, service: "web", env: { DB_URL: "postgres://db/shop" } },
    ]);
  });

  it("--json without a service: only the Context", async () => {
    const run = await group.boss(["env", "--json"]);
    assert.deepEqual(jsonLines(run.stdout), [{ context: { db_name: "shop" } }]);
  });

  it("refuses an unknown service with exit 2, as a JSON error line under --json", async () => {
    const run = await group.boss(["env", "cache", "--json"]);
    assert.equal(run.code, ExitCode.userError);
    const [error] = jsonLines(run.stdout);
    assert.equal(error?.type, "error");
    assert.match(String(error?.message), /cache/);
    assert.equal(run.stderr, `boss: ${String(error?.message)}\n`);
  });
});
