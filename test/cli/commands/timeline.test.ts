import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, it } from "node:test";
import { ExitCode } from "../../../src/errors.js";
import { FakeEngineFolder, jsonLines } from "../fake-engine-folder.js";

const chain = `
import { Service, group } from "boss";
group("shop");
export class Db extends Service { name = "db"; image = "busybox"; async ping() { await new Promise((r) => setTimeout(r, 300)); return true; } }
export class Api extends Service { name = "api"; image = "busybox"; dependencies = ["db"]; }
export class Docs extends Service { name = "docs"; image = "busybox"; }
`;

let group: FakeEngineFolder | undefined;
afterEach(() => group?.remove());

describe("boss timeline (in-process, fake engine)", () => {
  it("says there is nothing to show before a start", async () => {
    group = new FakeEngineFolder(chain);
    const run = await group.boss(["timeline"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.match(run.stdout, /no start recorded for this group yet/);
  });

  it("draws the last start, a row per service, the critical path starred and named", async () => {
    group = new FakeEngineFolder(chain);
    assert.equal((await group.boss(["start"])).code, ExitCode.ok);
    const run = await group.boss(["timeline", "--plain"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.match(run.stdout, /^last start \(.*\): \d+\.\d s; \* the critical path$/m);
    assert.match(run.stdout, /^\* db +\|[ ·CS=]+\| ready at/m);
    assert.match(run.stdout, /^\* api +\|/m);
    assert.match(run.stdout, /^ {2}docs +\|/m, "not on the path");
    assert.match(run.stdout, /^critical path \d+\.\d s: db \(.*ping 0\.[34] s.*\) → api/m);
  });

  it("--json gives the phases and the path; --svg writes a picture", async () => {
    group = new FakeEngineFolder(chain);
    assert.equal((await group.boss(["start"])).code, ExitCode.ok);
    const [document] = jsonLines((await group.boss(["timeline", "--json"])).stdout) as Array<{
      timeline: { command: string; services: Array<{ name: string; phases: Array<{ phase: string }> }> };
      criticalPath: { services: Array<{ name: string }> };
    }>;
    assert.equal(document?.timeline.command, "start");
    assert.deepEqual(
      document?.criticalPath.services.map((s) => s.name),
      ["db", "api"],
    );
    assert.ok(document?.timeline.services.find((s) => s.name === "db")?.phases.some((p) => p.phase === "pinging"));
    const svg = await group.boss(["timeline", "--svg", "start.svg"]);
    assert.equal(svg.code, ExitCode.ok, svg.stderr);
    const picture = readFileSync(join(group.folder.path, "start.svg"), "utf8");
    assert.match(picture, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(picture, /font-weight="bold">db \*<\/text>/);
  });
});
