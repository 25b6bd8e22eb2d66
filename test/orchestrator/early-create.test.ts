import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { Context } from "../../src/model/context.js";
import { resetOutsideGroupState } from "../../src/model/group-state.js";
import { startServices } from "../../src/orchestrator/start.js";
import { EarlyCreation } from "../../src/orchestrator/early-create.js";
import type { ServiceFields } from "../helpers/definitions.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";
import { FakeContainerClient } from "../fakes/fake-container-client.js";
import { fakeProject } from "../fakes/fake-project.js";

let folder: TempDir;

beforeEach(() => {
  resetOutsideGroupState();
  folder = makeTempDir();
});
afterEach(() => folder.remove());

/** db ← api ← web, each ready at once; `fields` adds to each by name. */
function chain(client = new FakeContainerClient(), fields: Record<string, Partial<ServiceFields>> = {}) {
  return fakeProject(
    [
      { name: "db", ping: () => true, ...fields.db },
      { name: "api", dependencies: ["db"], ping: () => true, ...fields.api },
      { name: "web", dependencies: ["api"], ping: () => true, ...fields.web },
    ],
    folder.path,
    client,
  );
}

const at = (client: FakeContainerClient, call: string) => {
  const index = client.calls.indexOf(call);
  assert.ok(index >= 0, `${call} in ${client.calls.join(", ")}`);
  return index;
};

describe("containers created while their service waits on its dependencies", () => {
  it("are created once their dependencies have begun, before those are ready, and started only after", async () => {
    const client = new FakeContainerClient();
    let callsWhenApiReady = -1;
    const { project } = chain(client, {
      api: {
        ping: async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          callsWhenApiReady = client.calls.length;
          return true;
        },
      },
    });
    const summary = await startServices(project);
    assert.deepEqual(summary.failed, []);
    assert.ok(at(client, "create:web") < callsWhenApiReady, client.calls.join(", "));
    // One layer ahead: web's dependency api begins only once db is ready.
    assert.ok(at(client, "start:db") < at(client, "create:web"), client.calls.join(", "));
    assert.ok(at(client, "start:db") < at(client, "start:api"));
    assert.ok(at(client, "start:api") < at(client, "start:web"));
    assert.equal(client.calls.filter((c) => c.startsWith("create:")).length, 3, "one container each");
    assert.deepEqual(
      summary.started.map((s) => `${s.name}:${s.action}`),
      ["db:created", "api:created", "web:created"],
    );
  });

  it("are started at their turn without listing their service's containers again", async () => {
    const { project, client } = chain();
    await startServices(project);
    assert.deepEqual(client.lists, ["*"], "the group once; no service had a container, so none is listed again");
    assert.deepEqual(client.callsOf("start"), ["db", "api", "web"]);
    client.lists.length = 0;
    await startServices(project);
    assert.deepEqual(client.lists, ["*", "db", "api", "web"], "each found with containers is listed at its turn");
  });

  it("are not, when the env reads a Context value a dependency's postStart sets", async () => {
    const { project, client } = chain(undefined, {
      api: { postStart: () => Context.set("api_url", "http://api:8080") },
      web: { env: { API: "{api_url}" } },
    });
    await startServices(project);
    assert.ok(at(client, "start:api") < at(client, "create:web"), client.calls.join(", "));
    assert.equal(client.containersOf("web")[0]?.spec.env.API, "http://api:8080");
  });

  it("are not, when the service has a preStart", async () => {
    const { project, client } = chain(undefined, { web: { preStart: () => undefined } });
    await startServices(project);
    assert.ok(at(client, "start:api") < at(client, "create:web"), client.calls.join(", "));
  });

  it("are removed when a dependency fails, so nothing is left that never ran", async () => {
    const client = new FakeContainerClient();
    client.crashOnStart.set("db", { exitCode: 1, logs: "no\n" });
    const { project } = chain(client);
    const summary = await startServices(project);
    assert.deepEqual(
      summary.skipped.map((s) => s.name),
      ["api", "web"],
    );
    assert.deepEqual(client.containersOf("web"), []);
    assert.deepEqual(client.containersOf("api"), []);
  });

  it("left created by a boss killed before starting it, are started, not replaced", async () => {
    const { project, client } = chain();
    await startServices(project);
    const web = client.containersOf("web")[0]!;
    web.status = "created"; // as a boss killed between create and start leaves it
    client.calls.length = 0;
    const summary = await startServices(project);
    assert.deepEqual(summary.failed, []);
    assert.deepEqual(client.calls, ["start:web"]);
    assert.equal(client.containersOf("web")[0]?.id, web.id);
  });
});

describe("EarlyCreation", () => {
  /** a ← b ← c, and d needs a and c: what is created early as starts begin. */
  const graph = {
    dependenciesOf: (name: string) => ({ a: [], b: ["a"], c: ["b"], d: ["a", "c"] })[name] ?? [],
    dependentsOf: (name: string) => ({ a: ["b", "d"], b: ["c"], c: ["d"], d: [] })[name] ?? [],
  };

  it("creates a waiting service once all its dependencies have begun, one layer ahead", () => {
    const created: string[] = [];
    const early = new EarlyCreation(graph, ["a", "b", "c", "d"], (name) => created.push(name));
    for (const name of ["b", "c", "d"]) early.waiting(name);
    assert.deepEqual(created, []);
    early.begun("a");
    assert.deepEqual(created, ["b"], "d still waits on c, which has not begun");
    early.begun("b");
    early.begun("c");
    assert.deepEqual(created, ["b", "c", "d"]);
  });

  it("takes a dependency outside this start as begun, and creates each service once", () => {
    const created: string[] = [];
    const early = new EarlyCreation(graph, ["c", "d"], (name) => created.push(name));
    early.waiting("d");
    early.begun("c");
    early.begun("c");
    assert.deepEqual(created, ["d"]);
  });
});
