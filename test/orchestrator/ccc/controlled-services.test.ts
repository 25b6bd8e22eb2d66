import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { ServiceFailedError } from "../../../src/errors.js";
import { Context } from "../../../src/model/context.js";
import { resetOutsideGroupState } from "../../../src/model/group-state.js";
import { runningCore, updateService } from "../../../src/orchestrator/ccc/core-commands.js";
import { startServices } from "../../../src/orchestrator/start.js";
import { serviceStatuses } from "../../../src/orchestrator/status.js";
import { stopServices } from "../../../src/orchestrator/stop.js";
import { fakeProject, type FakeProject } from "../../fakes/fake-project.js";
import { makeTempDir, type TempDir } from "../../helpers/temp-dir.js";
import { expectUserError } from "../../helpers/user-error.js";
import { CoreFakeClient, FakeCore } from "./fake-core.js";

let folder: TempDir;
let client: CoreFakeClient;
let core: FakeCore;
let fake: FakeProject;

/** The token the group's controlled container was given, which its core checks (as the real one does). */
const containerToken = () => client.containersOf("api")[0]?.spec.env.CCC_TOKEN;
const savedToken = () =>
  (JSON.parse(readFileSync(join(folder.path, ".boss-context"), "utf8")) as Record<string, string>)["boss.ccc-token"];
/** Forgets everything in memory, as a new boss command would start. */
const newCommand = () => resetOutsideGroupState();

beforeEach(async () => {
  resetOutsideGroupState();
  folder = makeTempDir();
  client = new CoreFakeClient();
  core = new FakeCore(containerToken, client.calls);
  client.corePort = await core.listen();
  // api embeds the core; its payload uses a value its own preStart sets. web depends on it; docs stands alone.
  fake = fakeProject(
    [
      {
        name: "api",
        control: { payload: { owner: "{owner_id}", bandwidth_limit: 20 } },
        preStart: () => Context.set("owner_id", "owner-1"),
      },
      { name: "web", dependencies: ["api"] },
      { name: "docs" },
    ],
    folder.path,
    client,
  );
});

afterEach(async () => {
  await core.close();
  folder.remove();
});

describe("a controlled service over a fake engine and a fake core", () => {
  it("start posts the interpolated payload with the group's token once the core answers, before dependents start", async () => {
    const summary = await startServices(fake.project, { exclude: ["docs"] });
    assert.deepEqual(summary.failed, []);
    const token = savedToken();
    assert.ok(token && token.length >= 32);
    const [api] = client.containersOf("api");
    assert.equal(api?.spec.env.CCC_TOKEN, token);
    assert.deepEqual(api?.spec.ports, [{ containerPort: 8080, protocol: "tcp", hostIp: "127.0.0.1" }]);
    assert.equal(client.containersOf("web")[0]?.spec.env.CCC_TOKEN, undefined, "only controlled containers get it");

    const start = core.calls.find((c) => c.path === "/api/start");
    assert.deepEqual(start?.body, { owner: "owner-1", bandwidth_limit: 20 });
    assert.equal(start?.authorization, `Bearer ${token}`);
    const order = (call: string) => client.calls.indexOf(call);
    assert.ok(order("start:api") < order("core:GET /api/health"), client.calls.join(", "));
    assert.ok(order("core:GET /api/health") < order("core:POST /api/start"), client.calls.join(", "));
    assert.ok(order("core:POST /api/start") < order("start:web"), client.calls.join(", "));
  });

  it("a start the core refuses fails the service with the core's words, and its dependents with it", async () => {
    core.startError = 'payload key "owner" is required (primary_payload_key)';
    const summary = await startServices(fake.project, { exclude: ["docs"] });
    assert.equal(summary.failed[0]?.name, "api");
    assert.match(
      summary.failed[0]?.message ?? "",
      /the core refused to start the workload: \/api\/start answered 400: payload key "owner" is required/,
    );
    assert.deepEqual(summary.skipped, [{ name: "web", because: "api" }]);
    assert.deepEqual(
      client.containersOf("api").map((c) => c.status),
      ["exited"],
      "the container that never became ready is kept, stopped, for its logs",
    );
  });

  it("status reads the token from .boss-context and reports every service, the core's figures included", async () => {
    await startServices(fake.project, { exclude: ["docs"] });
    client.exit("web", 3);
    await client.addRunning("shop", "old");
    newCommand();
    const { group, services } = await serviceStatuses(fake.project);
    assert.equal(group, "shop");
    const rows = Object.fromEntries(services.map((s) => [s.name, s]));
    assert.deepEqual(Object.keys(rows), ["api", "web", "docs", "old"]);
    assert.deepEqual(rows.api?.workload, { state: "running", cpuPercent: 12.5, memoryBytes: 1_048_576 });
    assert.equal(rows.api?.state, "running");
    assert.equal(rows.api?.ready, true);
    assert.deepEqual(
      [rows.web?.state, rows.web?.exitCode, rows.web?.ready, rows.web?.workload],
      ["exited", 3, null, null],
    );
    assert.deepEqual([rows.docs?.state, rows.docs?.containerId], ["missing", null]);
    assert.deepEqual([rows.old?.state, rows.old?.orphan], ["running", true]);
  });

  it("status says why the core refused when boss has no token (the context file is gone)", async () => {
    await startServices(fake.project, { exclude: ["docs"] });
    newCommand();
    rmSync(join(folder.path, ".boss-context"));
    const api = (await serviceStatuses(fake.project)).services.find((s) => s.name === "api");
    assert.equal(api?.workload?.state, "unknown");
    assert.match(api?.workload?.error ?? "", /answered 401: .*boss has no token for this group/);
    assert.equal(api?.ready, false);
  });

  it("stop posts /api/stop with the token before stopping the container, after its dependents", async () => {
    await startServices(fake.project, { exclude: ["docs"] });
    client.calls.length = 0;
    newCommand();
    const summary = await stopServices(fake.project);
    assert.deepEqual([...summary.stopped].sort(), ["api", "web"]);
    assert.deepEqual(client.calls, ["stop:web", "core:POST /api/stop", "stop:api"]);
    assert.equal(core.calls.at(-1)?.authorization, `Bearer ${containerToken()}`);
    assert.equal(core.state, "stopped");
  });

  it("update: applied, unsupported (409), refused while not running (400), and not for a service without control", async () => {
    await startServices(fake.project, { exclude: ["docs"] });
    newCommand();
    const applied = await updateService(fake.project, "api", { bandwidth_limit: 5 });
    assert.equal(applied.applied, true);
    assert.deepEqual(core.calls.at(-1)?.body, { bandwidth_limit: 5 });

    assert.deepEqual(await updateService(fake.project, "api", { color: "blue" }), {
      applied: false,
      message: "the adapter does not support this update (keys: color)",
    });

    core.state = "stopped";
    await assert.rejects(updateService(fake.project, "api", { bandwidth_limit: 5 }), (error: unknown) => {
      assert.ok(error instanceof ServiceFailedError);
      assert.match(
        error.message,
        /^api: the core refused the update: \/api\/update answered 400: the workload is not running/,
      );
      return true;
    });
    await expectUserError(() => updateService(fake.project, "web", { x: 1 }), ["Web", "control", "is not set"]);
  });

  it("a controlled service without a running container is reported as not running", async () => {
    await assert.rejects(
      runningCore(fake.project, "api"),
      /^ServiceFailedError: api: not running \(run boss start first\)$/,
    );
  });
});
