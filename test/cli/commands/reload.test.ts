import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { ExitCode } from "../../../src/errors.js";
import { FakeEngineFolder, jsonLines } from "../fake-engine-folder.js";

// site is built from ./site; proxy depends on it.
const services = `
import { Service, group } from "boss";
group("blog");
export class Site extends Service { name = "site"; image = "blog-site:dev"; buildFrom = "site"; }
export class Proxy extends Service { name = "proxy"; image = "busybox"; dependencies = [Site]; }
`;

let group: FakeEngineFolder;
beforeEach(async () => {
  group = new FakeEngineFolder(services);
  group.folder.write("site/Dockerfile", "FROM busybox\n");
  const start = await group.boss(["start"]);
  assert.equal(start.code, ExitCode.ok, start.stdout + start.stderr);
});
afterEach(() => group.remove());

describe("boss reload (in-process, fake engine)", () => {
  it("--json: builds, replaces the service, restarts its dependents, and ends with the result", async () => {
    const run = await group.boss(["reload", "site", "--json"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    const lines = jsonLines(run.stdout);
    assert.ok(lines.some((e) => e.type === "phase" && e.service === "site" && e.phase === "building"));
    assert.ok(
      lines.some((e) => e.type === "progress" && e.service === "site"),
      "the build's output",
    );
    const result = lines.at(-1);
    assert.equal(result?.type, "result");
    assert.equal(result?.command, "reload");
    assert.equal(result?.service, "site");
    assert.deepEqual(result?.dependents, ["proxy"]);
    assert.deepEqual(result?.failed, []);
  });

  it("exits 1 when the build fails, and stops nothing", async () => {
    group.client.buildFailure = "COPY failed: no such file";
    const run = await group.boss(["reload", "site", "--plain"]);
    assert.equal(run.code, ExitCode.serviceFailed);
    assert.match(run.stdout + run.stderr, /COPY failed: no such file/);
    assert.deepEqual(group.client.callsOf("stop"), []);
  });
});
