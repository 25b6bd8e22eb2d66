import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { resetOutsideGroupState } from "../../src/model/group-state.js";
import type { OrchestratorEvent, WatchEvent } from "../../src/orchestrator/events.js";
import { startServices } from "../../src/orchestrator/start.js";
import { watchServices } from "../../src/orchestrator/watch/watch-services.js";
import { FakeContainerClient } from "../fakes/fake-container-client.js";
import { fakeProject, type FakeProject } from "../fakes/fake-project.js";
import type { ServiceFields } from "../helpers/definitions.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";
import { expectUserError } from "../helpers/user-error.js";

let folder: TempDir;

beforeEach(() => {
  resetOutsideGroupState();
  folder = makeTempDir();
  folder.write("app/src/index.js", "v1");
  folder.write("app/src/old.js", "old");
  folder.write("app/Dockerfile", "FROM busybox");
  folder.write("app/.dockerignore", "*.log");
});
afterEach(() => folder.remove());

/** Starts the services, then watches them until `until` returns true for the events so far (or 10 s pass). */
async function watched(
  services: ServiceFields[],
  edit: (fake: FakeProject) => void,
  until: (events: WatchEvent[]) => boolean,
): Promise<{ fake: FakeProject; events: WatchEvent[] }> {
  const fake = fakeProject(services, folder.path, new FakeContainerClient(["busybox", "shop-app:dev"]));
  await startServices(fake.project, { timeoutSeconds: 5 });
  const stop = new AbortController();
  const watchEvents = () => fake.events.filter((e: OrchestratorEvent): e is WatchEvent => e.type === "watch");
  const watching = watchServices(fake.project, { signal: stop.signal, timeoutSeconds: 5, quietMs: 250 });
  await until10s(() => fake.events.some((e) => e.type === "notice" && e.message.startsWith("watching")));
  edit(fake);
  await until10s(() => until(watchEvents()));
  stop.abort();
  await watching;
  return { fake, events: watchEvents() };
}

async function until10s(done: () => boolean): Promise<void> {
  for (let waited = 0; !done(); waited += 20) {
    if (waited > 10_000) assert.fail("not within 10 s");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const app = (watch: ServiceFields["watch"], more: Partial<ServiceFields> = {}): ServiceFields => ({
  name: "app",
  image: "shop-app:dev",
  buildFrom: "app",
  watch,
  ...more,
});

describe("boss watch", () => {
  it("copies a burst of changed files into the running container in one action, and deletes deleted ones", async () => {
    const { fake, events } = await watched(
      [app([{ path: "app/src", action: "sync", target: "/srv/src" }])],
      () => {
        writeFileSync(join(folder.path, "app/src/index.js"), "v2");
        mkdirSync(join(folder.path, "app/src/lib"));
        writeFileSync(join(folder.path, "app/src/lib/util.js"), "util");
        rmSync(join(folder.path, "app/src/old.js"));
      },
      (seen) => seen.length > 0,
    );
    assert.equal(events.length, 1, "one burst, one action");
    assert.deepEqual(
      { ...events[0], elapsedMs: 0 },
      {
        type: "watch",
        service: "app",
        files: ["app/src/index.js", "app/src/lib/util.js", "app/src/old.js"],
        outcome: "synced",
        elapsedMs: 0,
      },
    );
    const [container] = fake.client.containersOf("app");
    assert.ok(container);
    assert.deepEqual(Object.fromEntries(fake.client.copied.get(container.id) ?? []), {
      "/srv/src/index.js": "v2",
      "/srv/src/lib/util.js": "util",
    });
    assert.ok(fake.client.calls.includes("run-in:app:rm -rf -- /srv/src/old.js"), fake.client.calls.join("\n"));
  });

  it("ignores editors' temporary files, the rule's patterns and what the build context's .dockerignore leaves out", async () => {
    const { events } = await watched(
      [app([{ path: "app", action: "sync", target: "/srv", ignore: ["src/*.tmp"] }])],
      () => {
        for (const name of ["src/.index.js.swp", "src/index.js~", "src/x.tmp", "debug.log", ".git/HEAD"]) {
          folder.write(`app/${name}`, "noise");
        }
        writeFileSync(join(folder.path, "app/src/index.js"), "v2");
      },
      (seen) => seen.length > 0,
    );
    assert.deepEqual(
      events.map((e) => e.files),
      [["app/src/index.js"]],
    );
  });

  it("restarts the container after a sync when the rule says sync+restart, and for restart", async () => {
    const { fake, events } = await watched(
      [app([{ path: "app/src", action: "sync+restart", target: "/srv/src" }])],
      () => writeFileSync(join(folder.path, "app/src/index.js"), "v2"),
      (seen) => seen.length > 0,
    );
    assert.equal(events[0]?.outcome, "synced and restarted");
    assert.deepEqual(
      fake.client.calls.filter((call) => /^(stop|start):app/.test(call)),
      ["start:app", "stop:app", "start:app"],
    );
  });

  it("rebuilds and replaces the container when a rebuild rule's files change", async () => {
    const { fake, events } = await watched(
      [app([{ path: "app/Dockerfile", action: "rebuild" }])],
      () => writeFileSync(join(folder.path, "app/Dockerfile"), "FROM busybox\nRUN true"),
      (seen) => seen.length > 0,
    );
    assert.deepEqual(
      events.map((e) => [e.files, e.outcome]),
      [[["app/Dockerfile"], "rebuilt and replaced"]],
    );
    assert.equal(fake.client.containersOf("app").length, 1);
    assert.ok(
      fake.client.calls.some((call) => call.startsWith("build:")),
      fake.client.calls.join("\n"),
    );
  });

  it("a failed rebuild keeps the running container and says why; the watch goes on", async () => {
    let containerBefore: string | undefined;
    const { fake, events } = await watched(
      [app([{ path: "app", action: "rebuild" }])],
      (started) => {
        containerBefore = started.client.containersOf("app")[0]?.id;
        started.client.buildFailure = "Step 2/2 : RUN false\nexit code 1";
        writeFileSync(join(folder.path, "app/Dockerfile"), "FROM busybox\nRUN false");
        setTimeout(() => {
          started.client.buildFailure = undefined;
          writeFileSync(join(folder.path, "app/Dockerfile"), "FROM busybox");
        }, 400);
      },
      (seen) => seen.length >= 2,
    );
    assert.equal(events[0]?.outcome, "failed");
    assert.match(events[0]?.detail ?? "", /the rebuild failed, the running container is kept/);
    assert.equal(events[1]?.outcome, "rebuilt and replaced", "the watch went on");
    assert.notEqual(fake.client.containersOf("app").at(-1)?.id, containerBefore);
  });

  it("says so when no service has watch rules, or a named one has none", async () => {
    const fake = fakeProject([{ name: "db" }], folder.path);
    const signal = AbortSignal.abort();
    await expectUserError(() => watchServices(fake.project, { signal, timeoutSeconds: 5 }), ["has watch rules"]);
    const named = await expectUserError(
      () => watchServices(fake.project, { services: ["db"], signal, timeoutSeconds: 5 }),
      ["is empty"],
    );
    assert.equal(named.source.field, "watch");
  });
});
