import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { resetOutsideGroupState } from "../../src/model/group-state.js";
import { startServices } from "../../src/orchestrator/start.js";
import { GroupFeed } from "../../src/ui/group-feed.js";
import type { WireMetricsSample } from "../../src/ui/page/wire.js";
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
    feed = new GroupFeed(fake.project, channel, { settleMs: 10, refreshMs: 60_000, metricsMs: 50 });
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
    feed = new GroupFeed(fake.project, channel, { settleMs: 10, refreshMs: 60_000, metricsMs: 20 });
    const metricsCalls = () => core.calls.filter((c) => c.path === "/api/metrics").length;
    await feed.start();
    // Reading the state asked once, as boss status does (the workload's state); nothing since.
    const afterState = metricsCalls();
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(metricsCalls(), afterState);
    assert.ok(!channel.sent.some((e) => e.event === "metrics"));
  });
});
