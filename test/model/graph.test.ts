import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ServiceGraph } from "../../src/model/graph.js";
import { defineService, fixtureFile, graphOf } from "../helpers/definitions.js";
import { expectUserError } from "../helpers/user-error.js";

// web and worker need api; api needs appdb and cache; admin needs appdb. docs stands alone.
const shop = () =>
  graphOf({
    web: ["api"],
    worker: ["api"],
    api: ["appdb", "cache"],
    admin: ["appdb"],
    appdb: [],
    cache: [],
    docs: [],
  });

function assertBefore(order: string[], first: string, then: string): void {
  assert.ok(order.indexOf(first) < order.indexOf(then), `${first} should come before ${then} in ${order.join(", ")}`);
}

describe("ServiceGraph", () => {
  it("orders every dependency before its dependents", () => {
    const graph = shop();
    const order = graph.startOrder();
    assert.deepEqual([...order].sort(), [...graph.names].sort());
    for (const name of graph.names) {
      for (const dep of graph.dependenciesOf(name)) assertBefore(order, dep, name);
    }
  });

  it("orders a diamond: the shared dependency first, the join last", () => {
    const order = graphOf({ top: ["left", "right"], left: ["base"], right: ["base"], base: [] }).startOrder();
    assert.equal(order[0], "base");
    assert.equal(order[3], "top");
  });

  it("lists direct and transitive dependents", () => {
    const graph = shop();
    assert.deepEqual([...graph.dependentsOf("appdb")].sort(), ["admin", "api"]);
    assert.deepEqual([...graph.transitiveDependentsOf("appdb")].sort(), ["admin", "api", "web", "worker"]);
    assert.deepEqual([...graph.transitiveDependentsOf("cache")].sort(), ["api", "web", "worker"]);
    assert.deepEqual([...graph.transitiveDependentsOf("web")], []);
    assert.deepEqual([...graph.transitiveDependentsOf("docs")], []);
  });

  it("refuses an unknown dependency, naming the file, class and field", async () => {
    await expectUserError(
      () => graphOf({ web: ["api"], db: [] }),
      [`${fixtureFile}: Web: dependencies[0]: unknown service "api"; known services: web, db`],
    );
  });

  it("prints a cycle as a -> b -> c -> a", async () => {
    await expectUserError(
      () => graphOf({ a: ["b"], b: ["c"], c: ["a"] }),
      [`${fixtureFile}: A: dependencies: dependency cycle: a -> b -> c -> a`],
    );
  });

  it("prints a cycle that does not start at the first service", async () => {
    await expectUserError(
      () => graphOf({ entry: ["x"], x: ["y"], y: ["x"] }),
      [`${fixtureFile}: X: dependencies: dependency cycle: x -> y -> x`],
    );
  });

  it("refuses a service that depends on itself", async () => {
    await expectUserError(() => graphOf({ loop: ["loop"] }), ["dependency cycle: loop -> loop"]);
  });

  describe("checkKnown", () => {
    it("returns the names as a set when all exist", () => {
      assert.deepEqual(shop().checkKnown(["web", "docs"]), new Set(["web", "docs"]));
    });

    it("refuses an unknown name, listing the known ones", async () => {
      await expectUserError(
        () => shop().checkKnown(["web", "wbe"]),
        ['--exclude: unknown service "wbe"; known services: web, worker, api, admin, appdb, cache, docs'],
      );
    });

    it("names the flag or command it checks for", async () => {
      await expectUserError(() => shop().checkKnown(["nope"], "reload"), ['reload: unknown service "nope"']);
    });
  });

  describe("checkStartExclusion", () => {
    it("allows excluding a service that nothing started depends on", () => {
      shop().checkStartExclusion(new Set(["web"]));
      shop().checkStartExclusion(new Set(["docs"]));
    });

    it("allows excluding a service together with all its dependents", () => {
      shop().checkStartExclusion(new Set(["api", "web", "worker"]));
      shop().checkStartExclusion(new Set(["appdb", "admin", "api", "web", "worker"]));
    });

    it("refuses excluding a dependency of a started service, naming both", async () => {
      await expectUserError(
        () => shop().checkStartExclusion(new Set(["cache"])),
        [
          'cannot exclude "cache": "api", "web", "worker" depend on it and would start without it ' +
            "(exclude them too: --exclude api,web,worker)",
        ],
      );
    });

    it("names a single dependent as before", async () => {
      await expectUserError(
        () => shop().checkStartExclusion(new Set(["api", "web"])),
        ['cannot exclude "api": "worker" depends on it and would start without it (exclude "worker" too)'],
      );
    });

    it("names every problem at once, for each excluded service", async () => {
      await expectUserError(
        () => shop().checkStartExclusion(new Set(["appdb", "cache", "web"])),
        [
          'cannot exclude "appdb": "admin", "api", "worker" depend on it',
          '; cannot exclude "cache": "api", "worker" depend on it',
        ],
      );
    });

    it("looks only at the services that will start when given them", () => {
      shop().checkStartExclusion(new Set(["cache"]), new Set(["appdb", "admin"]));
    });

    it("refuses when only some of the dependents are excluded too", async () => {
      await expectUserError(
        () => shop().checkStartExclusion(new Set(["api", "web"])),
        ['cannot exclude "api": "worker" depends on it'],
      );
    });
  });

  describe("checkStopExclusion", () => {
    it("allows keeping a dependency running while its dependents stop", () => {
      shop().checkStopExclusion(new Set(["appdb"]));
      shop().checkStopExclusion(new Set(["appdb", "cache", "api"]));
    });

    it("allows keeping a service without dependencies running", () => {
      shop().checkStopExclusion(new Set(["docs"]));
    });

    it("refuses keeping a service running whose dependency would stop, naming both", async () => {
      await expectUserError(
        () => shop().checkStopExclusion(new Set(["web"])),
        [
          'cannot exclude "web": it depends on "appdb", "cache", "api", all of which would be stopped under it ' +
            "(exclude them too: --exclude appdb,cache,api)",
        ],
      );
    });

    it("names a single dependency as before", async () => {
      await expectUserError(
        () => shop().checkStopExclusion(new Set(["admin"])),
        ['cannot exclude "admin": it depends on "appdb", which would be stopped under it (exclude "appdb" too)'],
      );
    });

    it("looks only at the services that will stop when given them", () => {
      shop().checkStopExclusion(new Set(["web"]), new Set(["worker"]));
    });

    it("refuses when a dependency further down would stop", async () => {
      await expectUserError(
        () => shop().checkStopExclusion(new Set(["web", "api", "appdb"])),
        ['cannot exclude "api": it depends on "cache"'],
      );
    });
  });

  it("looks services up by name", () => {
    const db = defineService({ name: "appdb", image: "postgres:16" });
    const graph = new ServiceGraph([db], fixtureFile);
    assert.equal(graph.get("appdb"), db);
    assert.equal(graph.has("appdb"), true);
    assert.equal(graph.has("db"), false);
  });
});
