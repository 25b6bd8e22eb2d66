import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { selectServices, startTargets, stopTargets } from "../../src/model/selection.js";
import { graphOf } from "../helpers/definitions.js";
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

const starting = (names: string[], exclude: string[] = []) =>
  startTargets(shop(), selectServices(shop(), "start", names, exclude));
const stopping = (names: string[], exclude: string[] = []) =>
  stopTargets(shop(), selectServices(shop(), "stop", names, exclude));

describe("selectServices", () => {
  it("refuses an unknown name, naming the verb and the known services", async () => {
    await expectUserError(
      () => selectServices(shop(), "stop", ["web", "wbe"]),
      ['stop: unknown service "wbe"; known services: web, worker, api, admin, appdb, cache, docs'],
    );
  });

  it("refuses a service both named and excluded", async () => {
    await expectUserError(
      () => selectServices(shop(), "start", ["web", "admin"], ["admin"]),
      ['start: "admin" is both named and excluded; drop one'],
    );
  });

  it("refuses an unknown --exclude", async () => {
    await expectUserError(
      () => selectServices(shop(), "start", ["web"], ["nope"]),
      ['--exclude: unknown service "nope"'],
    );
  });
});

describe("startTargets", () => {
  it("is every service in start order without names", () => {
    assert.deepEqual(starting([]), shop().startOrder());
  });

  it("is the named services and everything they depend on, dependencies first", () => {
    const targets = starting(["web"]);
    assert.deepEqual([...targets].sort(), ["api", "appdb", "cache", "web"]);
    assert.equal(targets.at(-1), "web");
    assert.deepEqual([...starting(["admin", "docs"])].sort(), ["admin", "appdb", "docs"]);
  });

  it("ignores an excluded service the names do not reach", () => {
    assert.deepEqual([...starting(["admin"], ["web", "cache"])].sort(), ["admin", "appdb"]);
  });

  it("refuses to exclude a dependency of a named service, naming every service that needs it", async () => {
    await expectUserError(
      () => starting(["web", "admin"], ["appdb"]),
      ['cannot exclude "appdb": "admin", "api", "web" depend on it and would start without it'],
    );
  });
});

describe("stopTargets", () => {
  it("is every service without names", () => {
    assert.deepEqual(stopping([]), shop().names);
  });

  it("is the named services and everything that depends on them", () => {
    assert.deepEqual([...stopping(["api"])].sort(), ["api", "web", "worker"]);
    assert.deepEqual([...stopping(["appdb"])].sort(), ["admin", "api", "appdb", "web", "worker"]);
    assert.deepEqual(stopping(["docs"]), ["docs"]);
  });

  it("ignores an excluded service the names do not reach", () => {
    assert.deepEqual([...stopping(["api"], ["docs", "admin"])].sort(), ["api", "web", "worker"]);
  });

  it("refuses to keep running a dependent of a named service, naming what would stop under it", async () => {
    await expectUserError(
      () => stopping(["api"], ["web"]),
      ['cannot exclude "web": it depends on "api", which would be stopped under it (exclude "api" too)'],
    );
  });
});
