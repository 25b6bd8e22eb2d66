import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { ServiceFailedError } from "../../src/errors.js";
import { onReloadService } from "../../src/model/collection-hooks.js";
import { Context } from "../../src/model/context.js";
import { resetOutsideGroupState } from "../../src/model/group-state.js";
import { reloadService } from "../../src/orchestrator/reload.js";
import { startServices } from "../../src/orchestrator/start.js";
import type { ServiceFields } from "../helpers/definitions.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";
import { expectUserError } from "../helpers/user-error.js";
import { FakeContainerClient } from "../fakes/fake-container-client.js";
import { fakeProject, type FakeProject } from "../fakes/fake-project.js";

let folder: TempDir;
let hookLog: string[];

beforeEach(() => {
  resetOutsideGroupState();
  folder = makeTempDir();
  hookLog = [];
});
afterEach(() => folder.remove());

function logged(name: string, fields: Partial<ServiceFields> = {}): ServiceFields {
  return {
    name,
    preStart: () => {
      hookLog.push(`${name}.preStart`);
    },
    ping: () => hookLog.push(`${name}.ping`) > 0,
    postStart: () => {
      hookLog.push(`${name}.postStart`);
    },
    ...fields,
  };
}

/** db ← app ← web, db ← admin; app is built from ./app; all but admin started. */
async function startedShop(): Promise<FakeProject> {
  const fake = fakeProject(
    [
      logged("db"),
      logged("app", { image: "shop-app:dev", buildFrom: "app", dependencies: ["db"] }),
      logged("web", { dependencies: ["app"] }),
      logged("admin", { dependencies: ["app"] }),
    ],
    folder.path,
    new FakeContainerClient(["busybox", "shop-app:dev"]),
  );
  await startServices(fake.project, { exclude: ["admin"] });
  fake.client.calls.length = 0;
  hookLog.length = 0;
  return fake;
}

describe("reloadService", () => {
  it("refuses a service without buildFrom, naming the file, class and field, before touching the engine", async () => {
    const { project, client } = await startedShop();
    await expectUserError(() => reloadService(project, "web"), [`${project.file.file}: Web: buildFrom: is not set`]);
    assert.deepEqual(client.calls, []);
  });

  it("refuses an unknown service", async () => {
    const { project } = await startedShop();
    await expectUserError(() => reloadService(project, "nope"), ['reload: unknown service "nope"']);
  });

  it("builds first, stops the service and its running dependents, then starts them again", async () => {
    const { project, client } = await startedShop();
    const [oldApp] = client.containersOf("app");
    const [oldWeb] = client.containersOf("web");
    const summary = await reloadService(project, "app");

    assert.equal(client.calls[0], "build:shop-app:dev");
    assert.ok(client.calls.indexOf("stop:web") < client.calls.indexOf("stop:app"), client.calls.join(", "));
    assert.deepEqual(summary.dependents, ["web"], "admin was not running and stays so");
    assert.deepEqual(client.containersOf("admin"), []);
    assert.deepEqual(
      summary.started.map((s) => `${s.name}:${s.action}`),
      ["app:created", "web:restarted"],
    );
    const [newApp] = client.containersOf("app");
    assert.equal(client.containersOf("app").length, 1, "the old container is removed");
    assert.notEqual(newApp?.id, oldApp?.id);
    assert.equal(newApp?.status, "running");
    assert.equal(client.containersOf("web")[0]?.id, oldWeb?.id, "the dependent keeps its container");
    assert.deepEqual(hookLog, ["app.preStart", "app.ping", "app.postStart", "web.ping"]);
    assert.equal(client.containersOf("db")[0]?.status, "running");
    assert.ok(!client.calls.includes("stop:db"));
  });

  it("recreates the dependents with remove", async () => {
    const { project, client } = await startedShop();
    const [oldWeb] = client.containersOf("web");
    const summary = await reloadService(project, "app", { remove: true });
    assert.deepEqual(
      summary.started.map((s) => `${s.name}:${s.action}`),
      ["app:created", "web:created"],
    );
    assert.notEqual(client.containersOf("web")[0]?.id, oldWeb?.id);
    assert.equal(client.containersOf("web").length, 1);
  });

  it("stops nothing when the build fails, and says why", async () => {
    const { project, client } = await startedShop();
    client.buildFailure = "Step 3/5 : RUN npm ci\nnpm ERR! missing package-lock.json";
    const error = await reloadService(project, "app").then(
      () => assert.fail("expected the reload to fail"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ServiceFailedError);
    assert.equal(error.message, "app: Step 3/5 : RUN npm ci\nnpm ERR! missing package-lock.json");
    assert.deepEqual(client.calls, ["build:shop-app:dev"]);
    for (const container of client.containers.values()) assert.equal(container.status, "running");
    assert.deepEqual(hookLog, []);
  });

  it("starts the service with the saved context, then calls onReloadService", async () => {
    const { project, client } = await startedShop();
    Context.set("release", "r7");
    await startServices(project, { exclude: ["admin"] }); // saves .boss-context
    resetOutsideGroupState(); // as in a new process: the Context is empty until the file is loaded
    const reloaded: string[] = [];
    onReloadService((name) => {
      reloaded.push(name);
    });
    const withEnv = fakeProject(
      [
        logged("db"),
        logged("app", { image: "shop-app:dev", buildFrom: "app", dependencies: ["db"], env: { RELEASE: "{release}" } }),
        logged("web", { dependencies: ["app"] }),
        logged("admin", { dependencies: ["app"] }),
      ],
      folder.path,
      client,
    );
    const summary = await reloadService(withEnv.project, "app");
    assert.deepEqual(summary.failed, []);
    assert.equal(client.containersOf("app")[0]?.spec.env.RELEASE, "r7");
    assert.deepEqual(reloaded, ["app"]);
  });

  it("refuses when a dependency of the service is not running", async () => {
    const { project, client } = await startedShop();
    client.exit("db");
    await expectUserError(
      () => reloadService(project, "app"),
      ['cannot reload "app": its dependency "db" is not running'],
    );
    assert.deepEqual(client.callsOf("build"), []);
  });

  it("removes the untagged image a build cut short left behind, before building again", async () => {
    const { project, client } = await startedShop();
    // As if boss had been killed mid-build: .boss-context still names the last step's image.
    const path = join(folder.path, ".boss-context");
    const saved = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    writeFileSync(path, JSON.stringify({ ...saved, "boss.building": { app: "sha256:cut-short" } }));
    const summary = await reloadService(project, "app");
    assert.deepEqual(summary.failed, []);
    assert.deepEqual(client.removedImages, ["sha256:cut-short"]);
    const after = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    assert.equal(after["boss.building"], undefined, "a finished build leaves no record");
  });
});
