import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { ExitCode } from "../../../src/errors.js";
import { FakeEngineFolder, jsonLines } from "../fake-engine-folder.js";

let group: FakeEngineFolder;
beforeEach(() => (group = new FakeEngineFolder()));
afterEach(() => group.remove());

describe("boss graph (in-process)", () => {
  it("prints the tree, and never asks for an engine", async () => {
    const run = await group.boss(["graph"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.equal(run.stdout, "docs\nweb\n└── db\n");
    assert.equal(group.engineRequests, 0);
  });

  it("--dot: Graphviz", async () => {
    const run = await group.boss(["graph", "--dot"]);
    assert.match(run.stdout, /^digraph "shop" \{\n/);
    assert.match(run.stdout, /^ {2}"web" -> "db";$/m);
  });

  it("--json: the group and each service's dependencies, in start order, one line", async () => {
    const run = await group.boss(["graph", "--json"]);
    assert.deepEqual(jsonLines(run.stdout), [
      {
        group: "shop",
        services: [
          { name: "db", dependencies: [], profiles: [] },
          { name: "docs", dependencies: [], profiles: [] },
          { name: "web", dependencies: ["db"], profiles: [] },
        ],
      },
    ]);
  });

  it("help asks for no engine either", async () => {
    const run = await group.boss(["--help"]);
    assert.equal(run.code, ExitCode.ok);
    assert.equal(group.engineRequests, 0);
  });
});
