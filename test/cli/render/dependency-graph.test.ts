import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dependencyDot, dependencyTree } from "../../../src/cli/render/dependency-graph.js";
import { graphOf } from "../../helpers/definitions.js";

// web → api → db, web → cache, api → cache; worker → db; lone
const graph = graphOf({ db: [], cache: [], api: ["db", "cache"], web: ["api", "cache"], worker: ["db"], lone: [] });

describe("dependencyTree", () => {
  it("nests each top service's dependencies and marks a subtree shown before", () => {
    assert.deepEqual(dependencyTree(graph), [
      "web",
      "├── api",
      "│   ├── db",
      "│   └── cache",
      "└── cache",
      "worker",
      "└── db",
      "lone",
    ]);
  });

  it("says (see above) for a repeated service that has dependencies of its own", () => {
    const diamond = graphOf({ db: [], api: ["db"], a: ["api"], b: ["api"] });
    assert.deepEqual(dependencyTree(diamond), ["a", "└── api", "    └── db", "b", "└── api (see above)"]);
  });
});

describe("dependencyDot", () => {
  it("declares every service and draws an edge to each dependency, quoting names", () => {
    const lines = dependencyDot('my "group"', graphOf({ db: [], api: ["db"] }));
    assert.deepEqual(lines, [
      'digraph "my \\"group\\"" {',
      "  rankdir=LR;",
      "  node [shape=box];",
      '  "db";',
      '  "api";',
      '  "api" -> "db";',
      "}",
    ]);
  });
});
