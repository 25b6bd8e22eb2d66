import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { DockerUnavailableError, EngineError } from "../../src/errors.js";
import { Label } from "../../src/engine/labels.js";
import { stopSummaryLines, texts } from "../../src/report/summary-lines.js";
import { onStopServices } from "../../src/model/collection-hooks.js";
import { resetOutsideGroupState } from "../../src/model/group-state.js";
import { startServices } from "../../src/orchestrator/start.js";
import { stopServices } from "../../src/orchestrator/stop.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";
import { expectUserError } from "../helpers/user-error.js";
import { fakeProject, type FakeProject } from "../fakes/fake-project.js";

let folder: TempDir;

beforeEach(() => {
  resetOutsideGroupState();
  folder = makeTempDir();
});
afterEach(() => folder.remove());

/** db ← api ← web, db ← admin, and docs on its own; all started. */
async function startedShop(): Promise<FakeProject> {
  const fake = fakeProject(
    [
      { name: "db" },
      { name: "api", dependencies: ["db"] },
      { name: "web", dependencies: ["api"] },
      { name: "admin", dependencies: ["db"] },
      { name: "docs" },
    ],
    folder.path,
  );
  await startServices(fake.project);
  fake.client.calls.length = 0;
  return fake;
}

function assertStoppedBefore(calls: string[], first: string, then: string): void {
  const a = calls.indexOf(`stop:${first}`);
  const b = calls.indexOf(`stop:${then}`);
  assert.ok(a >= 0 && b >= 0 && a < b, `${first} should stop before ${then}: ${calls.join(", ")}`);
}

describe("stopServices", () => {
  it("stops every service after the services that depend on it", async () => {
    const { project, client } = await startedShop();
    const summary = await stopServices(project);
    assert.deepEqual([...summary.stopped].sort(), ["admin", "api", "db", "docs", "web"]);
    assertStoppedBefore(client.calls, "web", "api");
    assertStoppedBefore(client.calls, "api", "db");
    assertStoppedBefore(client.calls, "admin", "db");
    for (const container of client.containers.values()) assert.equal(container.status, "exited");
    assert.equal(client.containers.size, 5, "without --remove the containers stay");
    assert.deepEqual(client.callsOf("removeGroupNetworks"), []);
    assert.ok(existsSync(join(folder.path, ".boss-context")));
  });

  it("with remove, removes the containers, the group's networks and the context file", async () => {
    const { project, client } = await startedShop();
    const summary = await stopServices(project, { remove: true });
    assert.equal(client.containers.size, 0);
    assert.deepEqual([...client.callsOf("remove+volumes")].sort(), ["admin", "api", "db", "docs", "web"]);
    assert.deepEqual(client.callsOf("removeGroupNetworks"), ["shop"]);
    assert.equal(client.networks.size, 0);
    assert.equal(existsSync(join(folder.path, ".boss-context")), false);
    assert.equal(summary.removedNetwork, true);
    assert.equal(summary.removedContext, true);
  });

  it("with remove, a network the engine will not let go (a stale endpoint) is said and kept, the rest removed", async () => {
    const fake = await startedShop();
    const [network] = [...fake.client.networks.keys()];
    assert.ok(network);
    fake.client.staleEndpointNetworks.add(network);
    const summary = await stopServices(fake.project, { remove: true });
    assert.equal(summary.removedNetwork, false);
    assert.equal(summary.removedContext, true);
    assert.equal(fake.client.containers.size, 0);
    const notices = fake.events.flatMap((e) => (e.type === "notice" ? [e.message] : []));
    assert.ok(
      notices.some((m) => m.includes(`the network ${network} stays`) && m.includes("moby/moby#42119")),
      notices.join("\n"),
    );
    assert.ok(!texts(stopSummaryLines(summary, true)).some((l) => /removed containers, network/.test(l)));
  });

  it("keeps excluded services running when nothing stopped is under them", async () => {
    const { project, client } = await startedShop();
    const summary = await stopServices(project, { exclude: ["db"], remove: true });
    assert.deepEqual([...summary.stopped].sort(), ["admin", "api", "docs", "web"]);
    assert.equal(client.containersOf("db")[0]?.status, "running");
    assert.deepEqual(client.callsOf("removeGroupNetworks"), [], "the network stays while db uses it");
    assert.ok(existsSync(join(folder.path, ".boss-context")));
    assert.equal(summary.removedNetwork, false);
  });

  it("refuses excluding a service whose dependency would stop, naming both, and stops nothing", async () => {
    const { project, client } = await startedShop();
    await expectUserError(
      () => stopServices(project, { exclude: ["web"] }),
      ['cannot exclude "web": it depends on "db", "api", all of which would be stopped under it'],
    );
    assert.deepEqual(client.calls, []);
  });

  it("only counts services that were running as stopped", async () => {
    const { project, client } = await startedShop();
    client.exit("docs");
    const summary = await stopServices(project);
    assert.deepEqual([...summary.stopped].sort(), ["admin", "api", "db", "web"]);
    assert.deepEqual(client.callsOf("stop").includes("docs"), false);
  });

  it("stops containers of services no longer in the file when stopping everything", async () => {
    const { project, client } = await startedShop();
    const old = await client.addRunning("shop", "legacy");
    const summary = await stopServices(project);
    assert.deepEqual(summary.orphans, ["legacy"]);
    assert.equal(client.containers.get(old)?.status, "exited");
  });

  it("leaves other groups' containers alone", async () => {
    const { project, client } = await startedShop();
    const other = fakeProject([{ name: "db" }], folder.path, client, "appshop");
    await startServices(other.project);
    await stopServices(project, { remove: true });
    assert.deepEqual(
      [...client.containers.values()].map((c) => [c.spec.labels[Label.group], c.status]),
      [["appshop", "running"]],
    );
  });

  it("calls onStopServices with the stopped services", async () => {
    const { project } = await startedShop();
    const calls: string[][] = [];
    onStopServices((names) => {
      calls.push([...names].sort());
    });
    const summary = await stopServices(project, { exclude: ["db", "docs"] });
    assert.deepEqual(calls, [["admin", "api", "web"]]);
    assert.deepEqual(summary.hookFailures, []);
  });

  it("reports a throwing onStopServices hook without undoing the stop", async () => {
    const { project, client } = await startedShop();
    onStopServices(function archiveLogs() {
      throw new Error("disk full");
    });
    const summary = await stopServices(project);
    assert.deepEqual(summary.hookFailures, [{ hook: "onStopServices(archiveLogs)", message: "disk full" }]);
    for (const container of client.containers.values()) assert.equal(container.status, "exited");
  });

  it("leaves the context file alone without remove, whatever it holds", async () => {
    const { project } = await startedShop();
    const path = join(folder.path, ".boss-context");
    writeFileSync(path, "not json");
    await stopServices(project);
    assert.ok(existsSync(path));
  });

  it("leaves a service's dependencies running when it fails to stop, and says so", async () => {
    const { project, client } = await startedShop();
    client.stopFailure.set(
      "api",
      new EngineError("the Docker engine could not stop container c2: busy (HTTP 500)", 500),
    );
    const summary = await stopServices(project);
    assert.deepEqual(
      summary.failed.map((f) => f.name),
      ["api"],
    );
    assert.deepEqual(summary.notStopped, [{ name: "db", because: "api" }]);
    assert.equal(client.containersOf("db")[0]?.status, "running");
    assert.deepEqual(
      texts(stopSummaryLines(summary, false)).filter((l) => !l.startsWith("stopped: ")),
      [
        "failed: api — the Docker engine could not stop container c2: busy (HTTP 500)",
        "not stopped: db (because api failed to stop)",
      ],
    );
  });

  it("--remove names the named volumes it keeps, and says nothing of volumes when the group declares none", async () => {
    const withVolume = fakeProject([{ name: "db", volumes: ["data:/var/lib/data"] }], folder.path);
    await startServices(withVolume.project);
    const kept = await stopServices(withVolume.project, { remove: true });
    assert.deepEqual(kept.keptVolumes, ["data"]);
    assert.ok(
      texts(stopSummaryLines(kept, true)).includes(
        "named volumes kept: data (boss stop --remove --volumes removes them)",
      ),
    );

    resetOutsideGroupState();
    const none = fakeProject([{ name: "web" }], folder.path);
    await startServices(none.project);
    const summary = await stopServices(none.project, { remove: true });
    assert.deepEqual(summary.keptVolumes, []);
    assert.ok(!texts(stopSummaryLines(summary, true)).some((l) => l.includes("volumes")));
  });

  it("says a service waits only on running dependents: not on one that has exited (a finished job)", async () => {
    const fake = await startedShop();
    fake.client.exit("web");
    fake.events.length = 0;
    await stopServices(fake.project);
    const waits = fake.events.flatMap((e) =>
      e.type === "phase" && e.phase === "waiting" ? [`${e.service} ${e.detail}`] : [],
    );
    assert.deepEqual(waits.sort(), ["db on api, admin to stop"]);
  });

  it("ends with the engine's error (exit 3) when the engine goes away while stopping", async () => {
    const { project, client } = await startedShop();
    client.stopFailure.set("web", new DockerUnavailableError("lost the Docker engine (fake) while trying to stop web"));
    await assert.rejects(stopServices(project), DockerUnavailableError);
  });

  describe("once a dependent's process is gone, before the engine has cleaned up behind it", () => {
    /** web's stop call held until `release` is called, as the engine holds it while it tears down ports. */
    function holdWebsStop(client: FakeProject["client"]): () => void {
      let release: () => void = () => undefined;
      client.stopCleanup.set("web", new Promise<void>((resolve) => (release = resolve)));
      return release;
    }

    it("stops what web depends on as soon as web died, and returns only once web's stop call has", async () => {
      const { project, client } = await startedShop();
      const release = holdWebsStop(client);
      let returned = false;
      const stopping = stopServices(project).then((summary) => ((returned = true), summary));
      await until(() => client.calls.includes("stop:db"));
      assertStoppedBefore(client.calls, "web", "api");
      assert.equal(returned, false, "stop returned before web's stop call did");
      release();
      const summary = await stopping;
      assert.deepEqual([...summary.stopped].sort(), ["admin", "api", "db", "docs", "web"]);
    });

    it("keeps web marked as being stopped until its stop call returns, though it moved on at the die", async () => {
      const { project, client } = await startedShop();
      const release = holdWebsStop(client);
      const stopping = stopServices(project);
      await until(() => client.calls.includes("stop:db"));
      const saved = () =>
        JSON.parse(readFileSync(join(folder.path, ".boss-context"), "utf8")) as { "boss.stopping"?: string[] };
      // A boss killed now leaves the next start to finish web's stop, not to keep what the engine may still list.
      assert.ok(saved()["boss.stopping"]?.includes("web"), JSON.stringify(saved()));
      release();
      await stopping;
      assert.equal(saved()["boss.stopping"], undefined);
    });

    it("without the engine's event stream, waits for each stop call, and still stops everything", async () => {
      const { project, client } = await startedShop();
      client.eventsFailure = new EngineError("the Docker engine could not follow events (HTTP 500)", 500);
      const release = holdWebsStop(client);
      const stopping = stopServices(project);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(client.calls.includes("stop:api"), false, `api stopped before web's stop call returned`);
      release();
      const summary = await stopping;
      assert.deepEqual([...summary.stopped].sort(), ["admin", "api", "db", "docs", "web"]);
    });

    it("reports a stop call that fails after the process died as a failure to stop", async () => {
      const { project, client } = await startedShop();
      const release = holdWebsStop(client);
      client.stopFailure.set("web", new EngineError("the Docker engine could not stop container web (HTTP 500)", 500));
      const stopping = stopServices(project);
      await until(() => client.calls.includes("stop:db"));
      release();
      const summary = await stopping;
      assert.deepEqual(
        summary.failed.map((f) => f.name),
        ["web"],
      );
      assert.equal(summary.stopped.includes("web"), false);
    });
  });
});

/** Polls `condition` on the event loop (the fake engine answers in microtasks) until it holds, or fails after 2 s. */
async function until(condition: () => boolean): Promise<void> {
  for (const end = Date.now() + 2000; !condition();) {
    if (Date.now() > end) throw new Error("the condition never held");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
