import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { Label } from "../../src/engine/labels.js";
import { onStartServices } from "../../src/model/collection-hooks.js";
import { Context } from "../../src/model/context.js";
import { resetOutsideGroupState } from "../../src/model/group-state.js";
import { startServices } from "../../src/orchestrator/start.js";
import type { ServiceFields } from "../helpers/definitions.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";
import { expectUserError } from "../helpers/user-error.js";
import { FakeClock } from "../fakes/fake-clock.js";
import { FakeContainerClient } from "../fakes/fake-container-client.js";
import { fakeProject } from "../fakes/fake-project.js";

type Hook = "preStart" | "ping" | "postStart";

/** How often each service's hooks ran. */
class HookCounts {
  private readonly counts = new Map<string, number>();

  count(service: string, hook: Hook): void {
    this.counts.set(`${service}.${hook}`, this.of(service, hook) + 1);
  }

  of(service: string, hook: Hook): number {
    return this.counts.get(`${service}.${hook}`) ?? 0;
  }

  /** [preStart, ping, postStart] of `service`. */
  all(service: string): [number, number, number] {
    return [this.of(service, "preStart"), this.of(service, "ping"), this.of(service, "postStart")];
  }
}

let folder: TempDir;
let hooks: HookCounts;

beforeEach(() => {
  resetOutsideGroupState();
  folder = makeTempDir();
  hooks = new HookCounts();
});
afterEach(() => folder.remove());

/** A service whose three hooks count their calls; ping is true at once. */
function counted(name: string, fields: Partial<ServiceFields> = {}): ServiceFields {
  return {
    name,
    preStart: () => hooks.count(name, "preStart"),
    ping: () => {
      hooks.count(name, "ping");
      return true;
    },
    postStart: () => hooks.count(name, "postStart"),
    ...fields,
  };
}

/** db ← api ← web, and docs on its own. */
function shop(overrides: Record<string, Partial<ServiceFields>> = {}): ServiceFields[] {
  return [
    counted("db", overrides.db),
    counted("api", { dependencies: ["db"], ...overrides.api }),
    counted("web", { dependencies: ["api"], ...overrides.web }),
    counted("docs", overrides.docs),
  ];
}

const sorted = (names: Iterable<string>): string[] => [...names].sort();

describe("startServices", () => {
  it("creates every service on a fresh start, running preStart, ping and postStart once each", async () => {
    const { project, client } = fakeProject(shop(), folder.path);
    const summary = await startServices(project);
    assert.deepEqual(sorted(summary.started.map((s) => `${s.name}:${s.action}`)), [
      "api:created",
      "db:created",
      "docs:created",
      "web:created",
    ]);
    assert.deepEqual(summary.failed, []);
    for (const name of ["db", "api", "web", "docs"]) assert.deepEqual(hooks.all(name), [1, 1, 1], name);
    assert.equal(client.calls[0], "network:boss-shop");
    const web = client.containersOf("web")[0];
    assert.equal(web?.status, "running");
    assert.equal(web?.spec.name, "shop-web-1");
    assert.equal(web?.spec.alias, "web");
    const network = client.networks.get("boss-shop")?.id;
    assert.ok(network && network !== "boss-shop");
    assert.equal(web?.spec.network, network, "joined by the network's id, never its (ambiguous) name");
    assert.equal(web?.spec.labels[Label.group], "shop");
    assert.ok(client.calls.indexOf("start:db") < client.calls.indexOf("create:api"), "db is up before api is made");
    assert.ok(client.calls.indexOf("start:api") < client.calls.indexOf("create:web"), "api is up before web is made");
  });

  it("keeps running containers with the same definition: no ping, no hooks, nothing changed", async () => {
    const { project, client } = fakeProject(shop(), folder.path);
    await startServices(project);
    const callsBefore = client.calls.length;
    const summary = await startServices(project);
    assert.deepEqual(sorted(summary.started.map((s) => `${s.name}:${s.action}`)), [
      "api:kept",
      "db:kept",
      "docs:kept",
      "web:kept",
    ]);
    for (const name of ["db", "api", "web", "docs"]) assert.deepEqual(hooks.all(name), [1, 1, 1], name);
    assert.deepEqual(client.calls.slice(callsBefore), []);
  });

  it("pings a kept service once before a dependent that has to start, and no other kept one", async () => {
    const { project, client } = fakeProject(shop(), folder.path);
    await startServices(project);
    await client.removeContainer(client.containersOf("web")[0]?.id ?? "");
    const summary = await startServices(project);
    assert.deepEqual(sorted(summary.started.map((s) => `${s.name}:${s.action}`)), [
      "api:kept",
      "db:kept",
      "docs:kept",
      "web:created",
    ]);
    assert.deepEqual(hooks.all("api"), [1, 2, 1], "api answered before web started");
    assert.deepEqual(hooks.all("web"), [2, 2, 2]);
    for (const name of ["db", "docs"]) assert.deepEqual(hooks.all(name), [1, 1, 1], name);
  });

  it("fails a dependent whose kept dependency no longer answers, and stops that dependency", async () => {
    let dbAnswers = true;
    const services = shop({
      db: {
        ping: () => {
          hooks.count("db", "ping");
          return dbAnswers;
        },
      },
    });
    const { project, client } = fakeProject(services, folder.path);
    await startServices(project);
    await client.removeContainer(client.containersOf("api")[0]?.id ?? "");
    dbAnswers = false;
    const summary = await startServices(project, { timeoutSeconds: 1, clock: new FakeClock() });
    assert.deepEqual(
      summary.failed.map((f) => f.name),
      ["api"],
    );
    assert.match(summary.failed[0]?.message ?? "", /^db runs but is not ready: not ready after 1 s/);
    assert.deepEqual(summary.skipped, [{ name: "web", because: "api" }]);
    assert.deepEqual(hooks.all("api"), [1, 1, 1], "nothing of api ran");
    assert.equal(client.containersOf("db")[0]?.status, "exited", "stopped, as a service that fails its ping is");
  });

  it("takes over a running container that was never recorded ready: ping and postStart, not preStart", async () => {
    const { project, client } = fakeProject(shop(), folder.path);
    await startServices(project);
    // As if boss had been killed while api was pinging: its container runs, its record is not there.
    const saved = JSON.parse(readFileSync(join(folder.path, ".boss-context"), "utf8")) as Record<string, unknown>;
    const ready = saved["boss.ready"] as Record<string, string>;
    delete ready.api;
    writeFileSync(join(folder.path, ".boss-context"), JSON.stringify(saved));
    const [before] = client.containersOf("api");
    const summary = await startServices(project);
    assert.deepEqual(summary.failed, []);
    assert.deepEqual(hooks.all("api"), [1, 2, 2], "postStart ran for the container that never finished");
    assert.deepEqual(hooks.all("db"), [1, 2, 1], "db, kept, answered before api's postStart");
    assert.deepEqual(hooks.all("web"), [1, 1, 1], "web, kept, is not pinged");
    assert.deepEqual(
      client.containersOf("api").map((c) => c.id),
      [before?.id],
      "the same container",
    );
    const after = JSON.parse(readFileSync(join(folder.path, ".boss-context"), "utf8")) as Record<string, unknown>;
    assert.equal((after["boss.ready"] as Record<string, string>).api, before?.id);
  });

  it("restarts an exited container with the same definition: ping again, no preStart or postStart", async () => {
    const { project, client } = fakeProject(shop(), folder.path);
    await startServices(project);
    const [before] = client.containersOf("api");
    client.exit("api");
    const summary = await startServices(project);
    assert.deepEqual(
      summary.started.find((s) => s.name === "api"),
      { name: "api", action: "restarted" },
    );
    assert.deepEqual(hooks.all("api"), [1, 2, 1]);
    assert.deepEqual(hooks.all("web"), [1, 2, 1], "web was kept (and pinged)");
    assert.deepEqual(
      client.containersOf("api").map((c) => [c.id, c.status]),
      [[before?.id, "running"]],
    );
  });

  it("creates a new container instead of restarting one when alwaysStartNew is set", async () => {
    const { project, client, details } = fakeProject(shop({ api: { alwaysStartNew: true } }), folder.path);
    await startServices(project);
    const [before] = client.containersOf("api");
    client.exit("api");
    const summary = await startServices(project);
    assert.deepEqual(
      summary.started.find((s) => s.name === "api"),
      { name: "api", action: "created" },
    );
    assert.deepEqual(hooks.all("api"), [2, 2, 2]);
    const after = client.containersOf("api");
    assert.equal(after.length, 1, "the old container is removed");
    assert.notEqual(after[0]?.id, before?.id);
    assert.deepEqual(details("api", "recreating"), ["alwaysStartNew"]);
  });

  it("replaces a container whose definition changed, saying what changed, and leaves nothing behind", async () => {
    const client = new FakeContainerClient();
    await startServices(fakeProject(shop({ api: { env: { ROLE: "api" } } }), folder.path, client).project);
    const [before] = client.containersOf("api");
    const changed = fakeProject(shop({ api: { env: { ROLE: "worker" } } }), folder.path, client);
    const summary = await startServices(changed.project);
    assert.deepEqual(sorted(summary.started.map((s) => `${s.name}:${s.action}`)), [
      "api:created",
      "db:kept",
      "docs:kept",
      "web:restarted",
    ]);
    assert.deepEqual(changed.details("api", "recreating"), ["env.ROLE changed"]);
    assert.deepEqual(changed.details("web", "ready"), ["restarted: api was recreated"], "web follows api");
    const after = client.containersOf("api");
    assert.equal(after.length, 1);
    assert.notEqual(after[0]?.id, before?.id);
    assert.equal(after[0]?.spec.env.ROLE, "worker");
    assert.deepEqual(hooks.all("api"), [2, 2, 2]);
  });

  it("stops for good, then starts again, a container a cut-short stop left running", async () => {
    const { project, client } = fakeProject(shop(), folder.path);
    await startServices(project);
    // As if `boss stop` had been killed right after it began to stop db: the engine may still be stopping it.
    const path = join(folder.path, ".boss-context");
    const saved = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    writeFileSync(path, JSON.stringify({ ...saved, "boss.stopping": ["db"] }));
    const [db] = client.containersOf("db");
    const callsBefore = client.calls.length;
    const summary = await startServices(project);
    assert.deepEqual(
      summary.started.find((s) => s.name === "db"),
      { name: "db", action: "restarted" },
    );
    assert.deepEqual(
      client.calls.slice(callsBefore).filter((c) => c.endsWith(":db")),
      ["stop:db", "start:db"],
    );
    assert.equal(client.containersOf("db")[0]?.id, db?.id, "the same container");
    assert.deepEqual(hooks.all("db"), [1, 2, 1], "pinged again, no preStart or postStart");
    const after = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    assert.equal(after["boss.stopping"], undefined);
  });

  it("replaces gracefully: stops the old container, carries its anonymous volumes over, then removes it", async () => {
    const client = new FakeContainerClient();
    const volumes = ["pgdata:/var/lib/data", "/cache"];
    await startServices(fakeProject([counted("db", { volumes, env: { V: "1" } })], folder.path, client).project);
    const [old] = client.containersOf("db");
    const oldCache = (await client.listContainers({ group: "shop" }))[0]?.mounts.find((m) => m.target === "/cache");
    assert.ok(oldCache?.anonymous && oldCache.name);
    assert.deepEqual(client.volumes.get("shop_pgdata"), { "boss.group": "shop", "boss.volume": "pgdata" });

    const changed = fakeProject([counted("db", { volumes, env: { V: "2" } })], folder.path, client);
    const callsBefore = client.calls.length;
    await startServices(changed.project);
    assert.deepEqual(client.calls.slice(callsBefore), ["stop:db", "create:db", "remove:db", "start:db"]);
    const [replacement] = client.containersOf("db");
    assert.notEqual(replacement?.id, old?.id);
    assert.deepEqual(replacement?.spec.mounts, [
      { source: "shop_pgdata", target: "/var/lib/data", readOnly: false },
      { source: oldCache.name, target: "/cache", readOnly: false },
    ]);
  });

  it("names a changed image as the reason for a replacement", async () => {
    const client = new FakeContainerClient(["busybox", "busybox:1.36"]);
    await startServices(fakeProject([counted("db")], folder.path, client).project);
    const changed = fakeProject([counted("db", { image: "busybox:1.36" })], folder.path, client);
    await startServices(changed.project);
    assert.deepEqual(changed.details("db", "recreating"), ["image changed, imageId changed"]);
  });

  it("fails a service whose container exits, keeps its container for its logs, skips its dependents, and goes on", async () => {
    const { project, client } = fakeProject(shop(), folder.path);
    client.crashOnStart.set("api", { exitCode: 1, logs: "connecting to db\npanic: no schema\n" });
    const summary = await startServices(project);
    assert.deepEqual(sorted(summary.started.map((s) => s.name)), ["db", "docs"]);
    assert.equal(summary.failed.length, 1);
    assert.equal(summary.failed[0]?.name, "api");
    assert.equal(
      summary.failed[0]?.message,
      "container exited with code 1 before it was ready; last 20 log lines:\nconnecting to db\npanic: no schema",
    );
    assert.deepEqual(summary.skipped, [{ name: "web", because: "api" }]);
    assert.deepEqual(
      client.containersOf("api").map((c) => c.status),
      ["exited"],
      "the failed container is kept (stopped)",
    );
    assert.deepEqual(client.containersOf("web"), [], "nothing was created for web");
    assert.deepEqual(hooks.all("api"), [1, 0, 0]);
    assert.deepEqual(hooks.all("web"), [0, 0, 0]);
  });

  it("saves the context even when a service failed", async () => {
    // api's preStart value is written only by the save at the end of the command (no postStart ran for api).
    const { project, client } = fakeProject(
      shop({
        db: { postStart: () => Context.set("db_url", "postgres://db:5432/app") },
        api: { preStart: () => Context.set("api_attempts", 1) },
      }),
      folder.path,
    );
    client.crashOnStart.set("api", { exitCode: 2, logs: "" });
    const summary = await startServices(project);
    assert.deepEqual(
      summary.failed.map((f) => f.name),
      ["api"],
    );
    const { "boss.timeline": timeline, ...saved } = JSON.parse(
      readFileSync(join(folder.path, ".boss-context"), "utf8"),
    ) as Record<string, unknown>;
    assert.ok(timeline, "the start's timeline is kept, the failed service's phases with it");
    const [db, docs] = [client.containersOf("db")[0]?.id, client.containersOf("docs")[0]?.id];
    assert.deepEqual(saved, {
      db_url: "postgres://db:5432/app",
      api_attempts: 1,
      "boss.ready": { db, docs },
    });
  });

  it("puts context values set in a dependency's postStart into a dependent's env", async () => {
    const { project, client } = fakeProject(
      shop({
        db: { postStart: () => Context.set("owner_id", 42) },
        api: { env: { OWNER: "{owner_id}", LITERAL: "{{owner_id}}" } },
      }),
      folder.path,
    );
    await startServices(project);
    assert.deepEqual(client.containersOf("api")[0]?.spec.env, { OWNER: "42", LITERAL: "{owner_id}" });
  });

  it("fails a service whose env names a missing context key, naming service, field and key", async () => {
    const { project, client } = fakeProject(shop({ api: { env: { TOKEN: "{api_token}" } } }), folder.path);
    const summary = await startServices(project);
    assert.equal(summary.failed[0]?.name, "api");
    assert.equal(
      summary.failed[0]?.message,
      'env.TOKEN: no context value "api_token" for {api_token}; context keys: (the context is empty)',
    );
    assert.deepEqual(summary.skipped, [{ name: "web", because: "api" }]);
    assert.deepEqual(client.containersOf("api"), []);
  });

  it("pulls an image that is not present, and fails the service when the pull fails", async () => {
    const { project, client } = fakeProject([counted("cache", { image: "redis:7" })], folder.path);
    client.pullFailure = "registry unreachable";
    const summary = await startServices(project);
    assert.deepEqual(client.callsOf("pull"), ["redis:7"]);
    assert.match(
      summary.failed[0]?.message ?? "",
      /^image redis:7 is not here and pulling it failed: registry unreachable/,
    );
    client.pullFailure = undefined;
    const again = await startServices(project);
    assert.deepEqual(again.started, [{ name: "cache", action: "created" }]);
  });

  it("fetches every missing image when the start begins, once per image, not when dependencies are ready", async () => {
    const services = shop({ web: { image: "web:2" }, docs: { image: "web:2" }, api: { image: "api:3" } });
    const { project, client } = fakeProject(services, folder.path);
    const summary = await startServices(project);
    assert.deepEqual(summary.failed, []);
    assert.deepEqual(sorted(client.callsOf("pull")), ["api:3", "web:2"], "one pull for the image two services use");
    const firstStart = client.calls.findIndex((call) => call.startsWith("start:"));
    for (const image of ["api:3", "web:2"]) {
      assert.ok(client.calls.indexOf(`pull:${image}`) < firstStart, `${image} is pulled before anything starts`);
    }
  });

  it("calls onStartServices with the started services", async () => {
    const { project } = fakeProject(shop(), folder.path);
    const calls: string[][] = [];
    onStartServices((names) => {
      calls.push(sorted(names));
    });
    const summary = await startServices(project);
    assert.deepEqual(calls, [["api", "db", "docs", "web"]]);
    assert.deepEqual(summary.hookFailures, []);
  });

  it("reports a throwing onStartServices hook by name without undoing the start", async () => {
    const { project, client } = fakeProject(shop(), folder.path);
    const seen: string[][] = [];
    onStartServices(function seedDatabase() {
      throw new Error("seed failed: table users missing");
    });
    onStartServices((names) => {
      seen.push(names);
    });
    const summary = await startServices(project);
    assert.deepEqual(summary.hookFailures, [
      { hook: "onStartServices(seedDatabase)", message: "seed failed: table users missing" },
    ]);
    assert.equal(seen.length, 1, "the hooks after the failing one still run");
    assert.equal(summary.started.length, 4);
    for (const name of ["db", "api", "web", "docs"]) assert.equal(client.containersOf(name)[0]?.status, "running");
  });

  it("starts a service and leaves out the excluded ones with all their dependents", async () => {
    const { project, client } = fakeProject(shop(), folder.path);
    const summary = await startServices(project, { exclude: ["api", "web"] });
    assert.deepEqual(sorted(summary.started.map((s) => s.name)), ["db", "docs"]);
    assert.deepEqual(client.containersOf("api"), []);
  });

  it("refuses excluding a dependency of a started service before touching the engine", async () => {
    const { project, client } = fakeProject(shop(), folder.path);
    await expectUserError(
      () => startServices(project, { exclude: ["db"] }),
      ['cannot exclude "db": "api", "web" depend on it'],
    );
    await expectUserError(() => startServices(project, { exclude: ["nope"] }), ['--exclude: unknown service "nope"']);
    assert.deepEqual(client.calls, []);
  });

  it("refuses a corrupt .boss-context, naming it, and never overwrites it", async () => {
    const { project, client } = fakeProject(shop(), folder.path);
    const path = join(folder.path, ".boss-context");
    const corrupt = '{"owner_id": 42,';
    writeFileSync(path, corrupt);
    await expectUserError(() => startServices(project), [`${path}: is not valid JSON`, "boss will not overwrite it"]);
    await expectUserError(() => startServices(project), [`${path}: is not valid JSON`]);
    assert.equal(readFileSync(path, "utf8"), corrupt);
    assert.deepEqual(client.containers.size, 0);
  });

  it("loads the saved context before starting, and values set while loading win", async () => {
    const path = join(folder.path, ".boss-context");
    writeFileSync(path, JSON.stringify({ owner_id: "saved", region: "eu" }));
    Context.set("owner_id", "from-file");
    const { project, client } = fakeProject(
      [counted("api", { env: { OWNER: "{owner_id}", REGION: "{region}" } })],
      folder.path,
    );
    await startServices(project);
    assert.deepEqual(client.containersOf("api")[0]?.spec.env, { OWNER: "from-file", REGION: "eu" });
    assert.ok(existsSync(path));
  });
});
