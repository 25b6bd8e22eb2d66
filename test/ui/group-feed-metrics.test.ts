import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { resetOutsideGroupState } from "../../src/model/group-state.js";
import { startServices } from "../../src/orchestrator/start.js";
import { GroupFeed } from "../../src/ui/group-feed.js";
import type { WireMetricsSample } from "../../src/ui/page/wire.js";
import { SavedContext } from "../../src/ui/saved-context.js";
import { SseChannel } from "../../src/ui/sse-channel.js";
import { fakeProject, type FakeProject } from "../fakes/fake-project.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";
import { CoreFakeClient, FakeCore } from "../orchestrator/ccc/fake-core.js";

/** A channel that keeps what it is asked to send, and counts as one listening page. */
class RecordingChannel extends SseChannel {
  readonly sent: Array<{ event: string; data: unknown }> = [];
  override get size(): number {
    return 1;
  }
  override send(event: string, data: unknown): void {
    this.sent.push({ event, data });
  }
}

describe("the ui's feed: the cores' metrics for the charts", () => {
  let folder: TempDir;
  let client: CoreFakeClient;
  let core: FakeCore;
  let fake: FakeProject;
  let feed: GroupFeed | undefined;

  beforeEach(async () => {
    resetOutsideGroupState();
    folder = makeTempDir("boss-ui-");
    client = new CoreFakeClient();
    core = new FakeCore(() => client.containersOf("feed")[0]?.spec.env.CCC_TOKEN, client.calls);
    client.corePort = await core.listen();
    fake = fakeProject([{ name: "feed", control: { payload: {} } }, { name: "plain" }], folder.path, client);
    assert.deepEqual((await startServices(fake.project)).failed, []);
  });

  afterEach(async () => {
    await feed?.stop();
    await core.close();
    folder.remove();
  });

  it("samples each running controlled service's core, with the group's token, while a page listens", async () => {
    const channel = new RecordingChannel();
    feed = new GroupFeed(fake.project, channel, new SavedContext(fake.project), {
      settleMs: 10,
      refreshMs: 60_000,
      metricsMs: 50,
    });
    await feed.start();
    for (let i = 0; i < 100 && !channel.sent.some((e) => e.event === "metrics"); i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const sample = channel.sent.find((e) => e.event === "metrics")?.data as WireMetricsSample[] | undefined;
    assert.ok(sample, "a metrics event");
    assert.deepEqual(
      sample.map(({ at: _at, ...rest }) => rest),
      [{ service: "feed", state: "running", cpuPercent: 12.5, memoryBytes: 1_048_576 }],
      "only the controlled service, as its core answered",
    );
    assert.ok(core.calls.some((c) => c.path === "/api/metrics" && c.authorization?.startsWith("Bearer ")));
  });

  it("asks no core while no page listens", async () => {
    const channel = new RecordingChannel();
    Object.defineProperty(channel, "size", { get: () => 0 });
    feed = new GroupFeed(fake.project, channel, new SavedContext(fake.project), {
      settleMs: 10,
      refreshMs: 60_000,
      metricsMs: 20,
    });
    const metricsCalls = () => core.calls.filter((c) => c.path === "/api/metrics").length;
    await feed.start();
    // Reading the state asked once, as boss status does (the workload's state); nothing since.
    const afterState = metricsCalls();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(metricsCalls(), afterState);
    assert.ok(!channel.sent.some((e) => e.event === "metrics"));
  });
});

describe("the ui's feed when the engine's event stream breaks", () => {
  let folder: TempDir;
  let feed: GroupFeed | undefined;
  afterEach(async () => {
    await feed?.stop();
    folder.remove();
  });

  it("says so, follows the stream again, and still hears the next change", async () => {
    folder = makeTempDir("boss-ui-");
    const client = new CoreFakeClient();
    let broken = 1;
    const original = client.containerEvents.bind(client);
    // The first stream fails at once (an engine restarted under boss ui); the next one works.
    client.containerEvents = (group, signal) => {
      if (broken-- > 0) {
        return {
          [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error("socket hang up")) }),
        };
      }
      return original(group, signal);
    };
    const { project } = fakeProject([{ name: "db" }], folder.path, client);
    await startServices(project);
    const channel = new RecordingChannel();
    feed = new GroupFeed(project, channel, new SavedContext(project), {
      settleMs: 10,
      refreshMs: 60_000,
      metricsMs: 60_000,
    });
    await feed.start();
    const dbState = () =>
      channel.sent
        .filter((e) => e.event === "state")
        .map((e) => (e.data as { services: Array<{ state: string }> }).services[0]?.state)
        .at(-1);
    for (let i = 0; i < 100 && !channel.sent.some((e) => e.event === "problem"); i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.match(JSON.stringify(channel.sent.find((e) => e.event === "problem")?.data), /socket hang up/);
    // Followed again a second later: a container that exits is seen.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    client.exit("db");
    for (let i = 0; i < 100 && dbState() !== "exited"; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(dbState(), "exited");
  });
});
