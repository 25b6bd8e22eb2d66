import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { resetOutsideGroupState } from "../../src/model/group-state.js";
import type { OrchestratorEvent } from "../../src/orchestrator/events.js";
import { reloadService } from "../../src/orchestrator/reload.js";
import { restartServices } from "../../src/orchestrator/restart.js";
import { startServices } from "../../src/orchestrator/start.js";
import { stopServices } from "../../src/orchestrator/stop.js";
import type { ServiceFields } from "../helpers/definitions.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";
import { expectUserError } from "../helpers/user-error.js";
import { FakeContainerClient } from "../fakes/fake-container-client.js";
import { fakeProject, type FakeProject } from "../fakes/fake-project.js";

let folder: TempDir;
let postStarts: string[];

beforeEach(() => {
  resetOutsideGroupState();
  folder = makeTempDir();
  // The build contexts of api and web: a start rebuilds an image whose context it cannot hash.
  folder.write("api/Dockerfile", "FROM busybox\n");
  folder.write("web/Dockerfile", "FROM busybox\n");
  postStarts = [];
});
afterEach(() => folder.remove());

/** db ← api ← web, api ← worker, and docs on its own; api and web are built. `db` holds `fields` (to change it). */
function shop(db: Partial<ServiceFields> = {}, client = new FakeContainerClient(["busybox", "api:dev", "web:dev"])) {
  const service = (name: string, fields: Partial<ServiceFields> = {}): ServiceFields => ({
    name,
    postStart: () => {
      postStarts.push(name);
    },
    ...fields,
  });
  return fakeProject(
    [
      service("db", db),
      service("api", { dependencies: ["db"], image: "api:dev", buildFrom: "api" }),
      service("web", { dependencies: ["api"], image: "web:dev", buildFrom: "web" }),
      service("worker", { dependencies: ["api"] }),
      service("docs"),
    ],
    folder.path,
    client,
  );
}

const actions = (summary: { started: Array<{ name: string; action: string }> }) =>
  summary.started.map((s) => `${s.name}:${s.action}`).sort();

/** service → status of its one container. */
function statuses(fake: FakeProject): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of fake.project.graph.names) {
    const containers = fake.client.containersOf(name);
    if (containers.length > 0) result[name] = containers.map((c) => c.status).join(",");
  }
  return result;
}

function savedContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(folder.path, ".boss-context"), "utf8")) as Record<string, unknown>;
}

async function started(): Promise<FakeProject> {
  const fake = shop();
  await startServices(fake.project);
  fake.client.calls.length = 0;
  fake.events.length = 0;
  postStarts.length = 0;
  return fake;
}

describe("start with names", () => {
  it("starts the named services and their dependencies only, in order", async () => {
    const fake = shop();
    const summary = await startServices(fake.project, { services: ["web"] });
    assert.deepEqual(actions(summary), ["api:created", "db:created", "web:created"]);
    assert.deepEqual(statuses(fake), { db: "running", api: "running", web: "running" });
    assert.deepEqual(fake.client.callsOf("start"), ["db", "api", "web"]);
  });

  it("refuses an unknown name before touching the engine", async () => {
    const fake = shop();
    await expectUserError(
      () => startServices(fake.project, { services: ["web", "wbe"] }),
      ['start: unknown service "wbe"; known services: db, api, web, worker, docs'],
    );
    assert.deepEqual(fake.client.calls, []);
  });
});

describe("stop with names", () => {
  it("stops the named service and its dependents, dependents first; the rest keep running", async () => {
    const fake = await started();
    const summary = await stopServices(fake.project, { services: ["api"] });
    assert.deepEqual([...summary.stopped].sort(), ["api", "web", "worker"]);
    assert.deepEqual(statuses(fake), {
      db: "running",
      api: "exited",
      web: "exited",
      worker: "exited",
      docs: "running",
    });
    const calls = fake.client.callsOf("stop");
    assert.ok(calls.indexOf("web") < calls.indexOf("api") && calls.indexOf("worker") < calls.indexOf("api"));
  });

  it("with remove, removes only those containers: the network and context stay for the rest", async () => {
    const fake = await started();
    const summary = await stopServices(fake.project, { services: ["web"], remove: true });
    assert.deepEqual(summary.stopped, ["web"]);
    assert.deepEqual(fake.client.containersOf("web"), []);
    assert.equal(summary.removedNetwork, false);
    assert.deepEqual(fake.client.callsOf("removeGroupNetworks"), []);
  });
});

describe("restartServices", () => {
  it("stops the service and its running dependents, then starts them again in the same containers", async () => {
    const fake = await started();
    fake.client.exit("worker");
    const ids = Object.fromEntries(fake.project.graph.names.map((n) => [n, fake.client.containersOf(n)[0]?.id]));
    const summary = await restartServices(fake.project, ["api"]);
    assert.deepEqual(summary.dependents, ["web"], "worker was not running and stays so");
    assert.deepEqual(actions(summary), ["api:restarted", "db:kept", "web:restarted"]);
    assert.deepEqual(fake.client.callsOf("stop"), ["web", "api"]);
    assert.deepEqual(fake.client.callsOf("start"), ["api", "web"]);
    assert.deepEqual(fake.client.callsOf("create"), []);
    for (const name of fake.project.graph.names) assert.equal(fake.client.containersOf(name)[0]?.id, ids[name]);
    assert.equal(fake.client.containersOf("worker")[0]?.status, "exited");
    assert.deepEqual(postStarts, [], "postStart runs once per container");
  });

  it("recreates a service whose definition changed", async () => {
    const fake = await started();
    const changed = shop({ env: { RELEASE: "2" } }, fake.client);
    const summary = await restartServices(changed.project, ["db"]);
    assert.deepEqual(actions(summary), ["api:restarted", "db:created", "web:restarted", "worker:restarted"]);
    assert.equal(fake.client.containersOf("db")[0]?.spec.env.RELEASE, "2");
  });

  it("restarts a dependent shared by two named services once", async () => {
    const fake = await started();
    const summary = await restartServices(fake.project, ["db", "api"]);
    assert.deepEqual(summary.dependents, ["web", "worker"]);
    assert.deepEqual(fake.client.callsOf("start").sort(), ["api", "db", "web", "worker"]);
  });

  it("starts a named service's dependency that is not running", async () => {
    const fake = await started();
    await stopServices(fake.project, { services: ["db"] });
    const summary = await restartServices(fake.project, ["web"]);
    assert.deepEqual(actions(summary), ["api:restarted", "db:restarted", "web:restarted"]);
  });

  it("refuses no name or an unknown one", async () => {
    const fake = await started();
    await expectUserError(() => restartServices(fake.project, []), ["restart: name a service; known services: db"]);
    await expectUserError(() => restartServices(fake.project, ["nope"]), ['restart: unknown service "nope"']);
    assert.deepEqual(fake.client.calls, []);
  });
});

describe("dependents follow their dependencies at start", () => {
  it("restarts the running dependents of a recreated service after it, saying why, once each", async () => {
    const fake = await started();
    const changed = shop({ env: { RELEASE: "2" } }, fake.client);
    const summary = await startServices(changed.project);
    assert.deepEqual(actions(summary), [
      "api:restarted",
      "db:created",
      "docs:kept",
      "web:restarted",
      "worker:restarted",
    ]);
    assert.deepEqual(changed.details("api", "ready"), ["restarted: db was recreated"]);
    assert.deepEqual(changed.details("web", "ready"), ["restarted: api was restarted"]);
    assert.deepEqual(changed.details("api", "stopping"), ["to restart it: db was recreated"]);
    assert.equal(summary.started.find((s) => s.name === "api")?.because, "db was recreated");
    assert.deepEqual(fake.client.callsOf("stop").sort(), ["api", "db", "web", "worker"]);
    assert.ok(fake.client.calls.indexOf("start:db") < fake.client.calls.indexOf("stop:api"), "after db is ready");
  });

  it("restarts the running dependents of a service whose exited container was restarted", async () => {
    const fake = await started();
    fake.client.exit("api");
    const summary = await startServices(fake.project);
    assert.deepEqual(actions(summary), ["api:restarted", "db:kept", "docs:kept", "web:restarted", "worker:restarted"]);
    assert.deepEqual(fake.details("web", "ready"), ["restarted: api was restarted"]);
  });

  it("keeps everything when nothing moved", async () => {
    const fake = await started();
    const summary = await startServices(fake.project);
    assert.ok(summary.started.every((s) => s.action === "kept"));
    assert.deepEqual(fake.client.callsOf("stop"), []);
  });

  it("converges after a boss stopped between the dependency's move and its dependents' restart", async () => {
    const fake = await started();
    const changed = shop({ env: { RELEASE: "2" } }, fake.client);
    // As if boss were killed the moment db is ready: api has not begun, so it is not restarted now.
    const interrupt = new AbortController();
    const project = {
      ...changed.project,
      emit: (event: OrchestratorEvent) => {
        if (event.type === "phase" && event.service === "db" && event.phase === "ready") interrupt.abort();
      },
    };
    const cut = await startServices(project, { signal: interrupt.signal });
    assert.ok(cut.cancelled.includes("api"));
    assert.deepEqual(savedContext()["boss.following"], { api: "db was recreated" });
    const [api] = fake.client.containersOf("api");
    assert.equal(api?.status, "running");

    const summary = await startServices(changed.project);
    assert.deepEqual(actions(summary), ["api:restarted", "db:kept", "docs:kept", "web:restarted", "worker:restarted"]);
    assert.deepEqual(changed.details("api", "ready"), ["restarted: db was recreated"]);
    assert.equal(fake.client.containersOf("api")[0]?.id, api?.id);
    assert.equal(savedContext()["boss.following"], undefined, "cleared once they restarted");
  });

  it("leaves dependents outside the named services alone", async () => {
    const fake = await started();
    const changed = shop({ env: { RELEASE: "2" } }, fake.client);
    const summary = await startServices(changed.project, { services: ["db"] });
    assert.deepEqual(actions(summary), ["db:created"]);
    assert.deepEqual(fake.client.callsOf("stop"), ["db"]);
  });
});

describe("reload of several services", () => {
  it("builds each, then restarts them and their running dependents, a shared dependent once", async () => {
    const fake = await started();
    const summary = await reloadService(fake.project, ["api", "web"]);
    assert.deepEqual(fake.client.callsOf("build"), ["api:dev", "web:dev"]);
    assert.deepEqual(summary.services, ["api", "web"]);
    assert.equal(summary.service, "api");
    assert.deepEqual(summary.dependents, ["worker"]);
    assert.deepEqual(actions(summary), ["api:created", "web:created", "worker:restarted"]);
    assert.deepEqual(
      fake.client.callsOf("start").filter((n) => n === "worker"),
      ["worker"],
    );
  });

  it("refuses when one of them has no buildFrom, before building any", async () => {
    const fake = await started();
    await expectUserError(
      () => reloadService(fake.project, ["api", "worker"]),
      [`${fake.project.file.file}: Worker: buildFrom: is not set`],
    );
    assert.deepEqual(fake.client.calls, []);
  });
});
