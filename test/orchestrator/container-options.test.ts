import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { resetOutsideGroupState } from "../../src/model/group-state.js";
import { containerConfig } from "../../src/orchestrator/container-config.js";
import { startServices } from "../../src/orchestrator/start.js";
import { stopServices } from "../../src/orchestrator/stop.js";
import { defineService } from "../helpers/definitions.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";
import { FakeContainerClient } from "../fakes/fake-container-client.js";
import { fakeProject } from "../fakes/fake-project.js";

let folder: TempDir;

beforeEach(() => {
  resetOutsideGroupState();
  folder = makeTempDir();
});
afterEach(() => folder.remove());

describe("container options through start and stop", () => {
  it("leaves the config of a service without options as it was, so its container is kept", () => {
    const config = containerConfig(defineService({ name: "db" }), new Map(), "sha256:1", "boss-shop");
    assert.deepEqual(Object.keys(config).sort(), [
      "capAdd",
      "cmd",
      "control",
      "entrypoint",
      "env",
      "image",
      "imageId",
      "network",
      "ports",
      "stopSignal",
      "user",
      "volumes",
    ]);
  });

  it("gives the engine the options, in the container's spec", async () => {
    const client = new FakeContainerClient();
    const fields = { name: "db", memory: "64m", restart: "unless-stopped" as const, labels: { team: "data" } };
    await startServices(fakeProject([fields], folder.path, client).project);
    const [db] = client.containersOf("db");
    assert.deepEqual(db?.spec.options, {
      memory: 64 * 1024 ** 2,
      restart: { policy: "unless-stopped" },
      labels: { team: "data" },
    });
    assert.equal(db?.spec.labels.team, undefined, "boss's own labels stay apart from the user's");
  });

  it("replaces the container when an option changes, saying which", async () => {
    const client = new FakeContainerClient();
    await startServices(fakeProject([{ name: "db", memory: "64m" }], folder.path, client).project);
    const changed = fakeProject([{ name: "db", memory: "128m", aliases: ["primary"] }], folder.path, client);
    const summary = await startServices(changed.project);
    assert.deepEqual(
      summary.started.map((s) => `${s.name}:${s.action}`),
      ["db:created"],
    );
    assert.deepEqual(changed.details("db", "recreating"), ["aliases added, memory changed"]);
    assert.equal(client.containersOf("db").length, 1);
  });

  it("stops a service with its stopGracePeriod, unless the stop names a timeout", async () => {
    const client = new FakeContainerClient();
    const services = [
      { name: "db", stopGracePeriod: "1m30s" },
      { name: "cache", stopGracePeriod: 0.2 },
      { name: "web" },
    ];
    const { project } = fakeProject(services, folder.path, client);
    await startServices(project);
    await stopServices(project);
    assert.deepEqual(Object.fromEntries(client.stopTimeouts), { db: 90, cache: 1, web: 10 });
    await startServices(project);
    await stopServices(project, { timeoutSeconds: 3 });
    assert.deepEqual(Object.fromEntries(client.stopTimeouts), { db: 3, cache: 3, web: 3 });
  });

  it("replaces a container with its stopGracePeriod", async () => {
    const client = new FakeContainerClient();
    await startServices(fakeProject([{ name: "db", stopGracePeriod: 42 }], folder.path, client).project);
    await startServices(
      fakeProject([{ name: "db", stopGracePeriod: 42, env: { A: "1" } }], folder.path, client).project,
    );
    assert.equal(client.stopTimeouts.get("db"), 42);
  });
});
