import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { Label } from "../../src/engine/labels.js";
import { resetOutsideGroupState } from "../../src/model/group-state.js";
import { startServices } from "../../src/orchestrator/start.js";
import { FakeContainerClient } from "../fakes/fake-container-client.js";
import { fakeProject } from "../fakes/fake-project.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";

let folder: TempDir;
let cacheHome: TempDir;
let savedCacheHome: string | undefined;

// The context-hash cache goes to the user's cache folder: a temporary one here.
before(() => {
  savedCacheHome = process.env.XDG_CACHE_HOME;
  cacheHome = makeTempDir("boss-cache-");
  process.env.XDG_CACHE_HOME = cacheHome.path;
});
after(() => {
  if (savedCacheHome === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedCacheHome;
  cacheHome.remove();
});
beforeEach(() => {
  resetOutsideGroupState();
  folder = makeTempDir();
  folder.write("app/Dockerfile", "FROM boss-busybox\nCOPY . /app\n");
  folder.write("app/index.html", "<h1>one</h1>\n");
  folder.write("app/.dockerignore", "*.tmp\n");
});
afterEach(() => folder.remove());

const web = () => ({ name: "web", image: "web:dev", buildFrom: "app", ping: () => true });

describe("startServices and images", () => {
  it("builds a missing image with its context's hash as a label, and keeps it while the context is unchanged", async () => {
    const { project, client } = fakeProject([web()], folder.path);
    await startServices(project);
    assert.deepEqual(client.callsOf("build"), ["web:dev"]);
    assert.match(client.imageLabels.get("web:dev")?.[Label.buildContextHash] ?? "", /^[0-9a-f]{64}$/);
    folder.write("app/scratch.tmp", "ignored by .dockerignore");
    const again = await startServices(project);
    assert.deepEqual(client.callsOf("build"), ["web:dev"], "no second build");
    assert.deepEqual(again.started, [{ name: "web", action: "kept" }]);
  });

  it("rebuilds when a file of the context changed, says why, and replaces the container", async () => {
    const { project, client, details } = fakeProject([web()], folder.path);
    await startServices(project);
    folder.write("app/index.html", "<h1>two</h1>\n");
    const summary = await startServices(project);
    assert.deepEqual(client.callsOf("build"), ["web:dev", "web:dev"]);
    assert.match(details("web", "building")[1] ?? "", /^rebuilding: the build context changed \(web:dev from /);
    assert.deepEqual(summary.started, [{ name: "web", action: "created" }]);
    assert.equal(client.containersOf("web").length, 1, "the old container is gone");
    assert.match(details("web", "recreating")[0] ?? "", /imageId changed/);
  });

  it("rebuilds an image that has no context hash (built by hand or by an older boss)", async () => {
    const client = new FakeContainerClient(["web:dev"]);
    const { project, details } = fakeProject([web()], folder.path, client);
    await startServices(project);
    assert.deepEqual(client.callsOf("build"), ["web:dev"]);
    assert.match(details("web", "building")[0] ?? "", /^rebuilding: the image was not built by this boss/);
  });

  it("rebuilds every buildFrom image with --build, changed or not", async () => {
    const { project, client, details } = fakeProject([web()], folder.path);
    await startServices(project);
    await startServices(project, { build: true });
    assert.deepEqual(client.callsOf("build"), ["web:dev", "web:dev"]);
    assert.match(details("web", "building")[1] ?? "", /^rebuilding: boss start --build/);
  });

  it('fails a service whose image is missing when its pullPolicy is "never", without pulling', async () => {
    const { project, client } = fakeProject(
      [{ name: "cache", image: "redis:7", pullPolicy: "never", ping: () => true }],
      folder.path,
    );
    const summary = await startServices(project);
    assert.deepEqual(client.callsOf("pull"), []);
    assert.equal(
      summary.failed[0]?.message,
      'image redis:7 is not here and its pullPolicy is "never" (build or pull it yourself, or set pullPolicy = "missing")',
    );
  });

  it('uses a present image without pulling when pullPolicy is "never" or "missing"', async () => {
    const client = new FakeContainerClient(["redis:7"]);
    const { project } = fakeProject(
      [
        { name: "a", image: "redis:7", pullPolicy: "never", ping: () => true },
        { name: "b", image: "redis:7", ping: () => true },
      ],
      folder.path,
      client,
    );
    const summary = await startServices(project);
    assert.deepEqual(summary.failed, []);
    assert.deepEqual(client.callsOf("pull"), []);
  });

  it('pulls on every start with pullPolicy "always", and a newer image replaces the container', async () => {
    const client = new FakeContainerClient(["redis:7"]);
    const { project } = fakeProject(
      [{ name: "cache", image: "redis:7", pullPolicy: "always", ping: () => true }],
      folder.path,
      client,
    );
    await startServices(project);
    const kept = await startServices(project);
    assert.deepEqual(kept.started, [{ name: "cache", action: "kept" }], "the same image: the container is kept");
    const pull = client.pullImage.bind(client);
    client.pullImage = async (reference, onProgress) => {
      await pull(reference, onProgress);
      client.images.set(reference, "sha256:newer");
    };
    const replaced = await startServices(project);
    assert.deepEqual(client.callsOf("pull"), ["redis:7", "redis:7", "redis:7"]);
    assert.deepEqual(replaced.started, [{ name: "cache", action: "created" }]);
    assert.equal(client.containersOf("cache").length, 1, "the old container is gone");
  });

  it('fails with pullPolicy "always" when the pull fails, even with the image present, and says what to do', async () => {
    const client = new FakeContainerClient(["redis:7"]);
    client.pullFailure = "registry unreachable";
    const { project } = fakeProject(
      [{ name: "cache", image: "redis:7", pullPolicy: "always", ping: () => true }],
      folder.path,
      client,
    );
    const summary = await startServices(project);
    assert.match(
      summary.failed[0]?.message ?? "",
      /^image redis:7 pulling failed: registry unreachable \(its pullPolicy/,
    );
  });
});
