import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { resetOutsideGroupState } from "../../src/model/group-state.js";
import { serviceStatuses } from "../../src/orchestrator/status.js";
import { startServices } from "../../src/orchestrator/start.js";
import { stopServices } from "../../src/orchestrator/stop.js";
import type { ServiceFields } from "../helpers/definitions.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";
import { FakeClock } from "../fakes/fake-clock.js";
import { FakeContainerClient } from "../fakes/fake-container-client.js";
import { fakeProject } from "../fakes/fake-project.js";

let folder: TempDir;
let postStarts: string[];

beforeEach(() => {
  resetOutsideGroupState();
  folder = makeTempDir();
  postStarts = [];
});
afterEach(() => folder.remove());

/** migrate (a job) ← web; the job's container exits with `exitCode` as soon as it starts. */
function migrateAndWeb(
  client = new FakeContainerClient(),
  migrate: Partial<ServiceFields> = {},
  exitCode = 0,
  logs = "migrated\n",
) {
  client.crashOnStart.set("migrate", { exitCode, logs });
  return fakeProject(
    [
      { name: "migrate", job: true, postStart: () => postStarts.push("migrate"), ...migrate },
      { name: "web", dependencies: ["migrate"], ping: () => true },
    ],
    folder.path,
    client,
  );
}

const actions = (summary: { started: Array<{ name: string; action: string }> }) =>
  summary.started.map((s) => `${s.name}:${s.action}`);

describe("jobs (job = true)", () => {
  it("gate their dependents: the dependent starts only after the job exited 0 and its postStart ran", async () => {
    const { project, client, details } = migrateAndWeb();
    const summary = await startServices(project);
    assert.deepEqual(summary.failed, []);
    assert.deepEqual(actions(summary), ["migrate:completed", "web:created"]);
    assert.deepEqual(postStarts, ["migrate"]);
    assert.ok(client.calls.indexOf("start:migrate") < client.calls.indexOf("start:web"));
    assert.deepEqual(details("migrate", "completed"), ["exit 0"]);
    assert.deepEqual(details("migrate", "failed"), [], "its exit is not a failure");
    assert.equal(client.containersOf("migrate")[0]?.status, "exited", "kept, for boss logs");
  });

  it("are not run again by the next start when they completed with the same definition, and say so", async () => {
    const { project, client, events } = migrateAndWeb();
    await startServices(project);
    client.calls.length = 0;
    events.length = 0;
    const summary = await startServices(project);
    assert.deepEqual(actions(summary), ["migrate:completed-earlier", "web:kept"]);
    assert.deepEqual(client.calls, [], "nothing created, started or removed");
    assert.deepEqual(postStarts, ["migrate"], "postStart ran once");
    assert.ok(events.some((e) => e.type === "phase" && e.service === "migrate" && e.phase === "completed-earlier"));
  });

  it("run again with rerunJobs, in a new container, saying why", async () => {
    const { project, client, details } = migrateAndWeb();
    await startServices(project);
    const [first] = client.containersOf("migrate");
    const summary = await startServices(project, { rerunJobs: true });
    assert.deepEqual(actions(summary), ["migrate:completed", "web:kept"]);
    assert.deepEqual(postStarts, ["migrate", "migrate"]);
    const after = client.containersOf("migrate");
    assert.equal(after.length, 1, "the old run's container is removed");
    assert.notEqual(after[0]?.id, first?.id);
    assert.deepEqual(details("migrate", "recreating"), ["--rerun-jobs: running the job again"]);
  });

  it("run again with alwaysStartNew", async () => {
    const { project, details } = migrateAndWeb(undefined, { alwaysStartNew: true });
    await startServices(project);
    const summary = await startServices(project);
    assert.deepEqual(actions(summary), ["migrate:completed", "web:kept"]);
    assert.deepEqual(details("migrate", "recreating"), ["alwaysStartNew: running the job again"]);
  });

  it("run again when their definition changed", async () => {
    const client = new FakeContainerClient();
    await startServices(migrateAndWeb(client, { env: { VERSION: "1" } }).project);
    const changed = migrateAndWeb(client, { env: { VERSION: "2" } });
    const summary = await startServices(changed.project);
    assert.deepEqual(actions(summary), ["migrate:completed", "web:kept"]);
    assert.deepEqual(changed.details("migrate", "recreating"), ["env.VERSION changed"]);
  });

  it("fail on another exit code, with the code and last log lines; dependents are not started and say why", async () => {
    const { project, client, details } = migrateAndWeb(undefined, {}, 3, "step 1\nrelation users exists\n");
    const summary = await startServices(project);
    assert.deepEqual(actions(summary), []);
    assert.equal(summary.failed.length, 1);
    assert.match(
      summary.failed[0]?.message ?? "",
      /job exited with code 3; last 20 log lines:\nstep 1\nrelation users exists/,
    );
    assert.deepEqual(summary.skipped, [{ name: "web", because: "migrate" }]);
    assert.deepEqual(details("web", "skipped"), [
      "migrate failed (the job exited with code 3; its last log line: relation users exists)",
    ]);
    assert.deepEqual(client.containersOf("web"), [], "web never made");
    assert.deepEqual(postStarts, [], "no postStart after a failed run");
    assert.equal(client.containersOf("migrate")[0]?.status, "exited", "kept for its logs");
  });

  it("run again on the next start after they failed, saying so", async () => {
    const client = new FakeContainerClient();
    const failing = migrateAndWeb(client, {}, 3, "boom\n");
    await startServices(failing.project);
    client.crashOnStart.set("migrate", { exitCode: 0, logs: "ok\n" });
    const summary = await startServices(failing.project);
    assert.deepEqual(actions(summary), ["migrate:completed", "web:created"]);
    assert.deepEqual(failing.details("migrate", "recreating"), ["its last run failed (exit 3): running it again"]);
  });

  it("fail with the start timeout when they do not finish, and are stopped", async () => {
    const client = new FakeContainerClient();
    const { project } = migrateAndWeb(client);
    client.crashOnStart.delete("migrate"); // it runs, and runs
    const summary = await startServices(project, { timeoutSeconds: 2, clock: new FakeClock() });
    assert.match(summary.failed[0]?.message ?? "", /^job still running after 2 s \(the start timeout\); stopped/);
    assert.deepEqual(summary.skipped, [{ name: "web", because: "migrate" }]);
    assert.equal(client.containersOf("migrate")[0]?.status, "exited");
  });

  it("wait for a run an earlier boss started and left running, rather than run twice", async () => {
    const client = new FakeContainerClient();
    const { project, events } = migrateAndWeb(client);
    client.crashOnStart.delete("migrate"); // it runs until the test says it exited
    const interrupt = new AbortController();
    const emit = project.emit;
    project.emit = (event) => {
      emit(event);
      if (event.type !== "phase" || event.service !== "migrate") return;
      if (event.detail?.startsWith("running")) interrupt.abort();
      // The second boss waits for the run: now it ends.
      if (event.detail?.startsWith("waiting for the run")) client.exit("migrate", 0);
    };
    const first = await startServices(project, { signal: interrupt.signal });
    assert.equal(first.interrupted, true);
    const [running] = client.containersOf("migrate");
    assert.equal(running?.status, "running", "an interrupted boss leaves the run going");
    events.length = 0;
    const summary = await startServices(project);
    assert.deepEqual(actions(summary), ["migrate:completed", "web:created"]);
    assert.deepEqual(
      client.containersOf("migrate").map((c) => c.id),
      [running?.id],
      "the same run",
    );
    assert.deepEqual(postStarts, ["migrate"], "its postStart ran once, after it exited");
  });

  it("replace a running container when a service becomes a job", async () => {
    const client = new FakeContainerClient();
    const service = migrateAndWeb(client, { job: false });
    client.crashOnStart.delete("migrate"); // a long-running service
    await startServices(service.project);
    const changed = migrateAndWeb(client);
    const summary = await startServices(changed.project);
    assert.deepEqual(actions(summary), ["migrate:completed", "web:kept"]);
    assert.deepEqual(changed.details("migrate", "recreating"), ["job added"]);
  });

  it("are left alone by stop (nothing to stop) and removed by stop --remove", async () => {
    const { project, client } = migrateAndWeb();
    await startServices(project);
    client.calls.length = 0;
    const stopped = await stopServices(project);
    assert.deepEqual(stopped.stopped, ["web"]);
    assert.deepEqual(client.callsOf("stop"), ["web"]);
    const summary = await startServices(project);
    assert.deepEqual(actions(summary), ["migrate:completed-earlier", "web:restarted"], "stop did not undo the job");
    await stopServices(project, { remove: true });
    assert.deepEqual(client.containersOf("migrate"), []);
  });

  it("show as completed or failed in status, with their exit code, never as exited", async () => {
    const client = new FakeContainerClient();
    const { project } = migrateAndWeb(client);
    await startServices(project);
    const completed = (await serviceStatuses(project)).services.find((s) => s.name === "migrate");
    assert.equal(completed?.state, "completed");
    assert.equal(completed?.exitCode, 0);
    assert.equal(completed?.job, true);
    client.crashOnStart.set("migrate", { exitCode: 3, logs: "" });
    await startServices(project, { rerunJobs: true });
    const failed = (await serviceStatuses(project)).services.find((s) => s.name === "migrate");
    assert.equal(failed?.state, "failed");
    assert.equal(failed?.exitCode, 3);
  });
});
