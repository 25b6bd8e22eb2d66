import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { Label } from "../../../src/engine/labels.js";
import { Context } from "../../../src/model/context.js";
import { resetOutsideGroupState } from "../../../src/model/group-state.js";
import { deployServices } from "../../../src/orchestrator/deploy/deploy.js";
import { SwarmLabel } from "../../../src/orchestrator/deploy/swarm-labels.js";
import { undeployServices } from "../../../src/orchestrator/deploy/undeploy.js";
import { swarmStatus } from "../../../src/orchestrator/deploy/swarm-status.js";
import type { ServiceFields } from "../../helpers/definitions.js";
import { makeTempDir, type TempDir } from "../../helpers/temp-dir.js";
import { expectUserError } from "../../helpers/user-error.js";
import { FakeClock } from "../../fakes/fake-clock.js";
import { FakeContainerClient } from "../../fakes/fake-container-client.js";
import { fakeProject } from "../../fakes/fake-project.js";
import { FakeSwarmClient } from "../../fakes/fake-swarm-client.js";

let folder: TempDir;
let log: string[];

beforeEach(() => {
  resetOutsideGroupState();
  folder = makeTempDir();
  log = [];
});
afterEach(() => folder.remove());

/** db ← api (2 replicas, dnsrr, host ports) ← web; db's postStart makes a token api's env uses; web's preStart a greeting. */
function shop(overrides: Record<string, Partial<ServiceFields>> = {}): ServiceFields[] {
  const hooks = (name: string) => ({
    preStart: () => void log.push(`${name}.preStart`),
    ping: () => {
      log.push(`${name}.ping`);
      return true;
    },
    postStart: () => void log.push(`${name}.postStart`),
  });
  return [
    {
      name: "db",
      ...hooks("db"),
      volumes: ["pgdata:/var/lib/data"],
      postStart: () => {
        log.push("db.postStart");
        Context.set("token", "t-1");
      },
      ...overrides.db,
    },
    {
      name: "api",
      ...hooks("api"),
      dependencies: ["db"],
      env: { TOKEN: "{token}" },
      replicas: 2,
      ports: { 8080: 0 },
      swarm: { endpointMode: "dnsrr", publishMode: "host" },
      ...overrides.api,
    },
    {
      name: "web",
      ...hooks("web"),
      dependencies: ["api"],
      env: { GREETING: "{greeting}" },
      ports: { 80: 8081 },
      stopSignal: "SIGINT",
      stopGracePeriod: "20s",
      swarm: { publishMode: "host", constraints: ["node.role == manager"] },
      preStart: () => {
        log.push("web.preStart");
        Context.set("greeting", "hello");
      },
      ...overrides.web,
    },
  ];
}

function setUp(overrides: Record<string, Partial<ServiceFields>> = {}) {
  const swarm = new FakeSwarmClient();
  const fake = fakeProject(shop(overrides), folder.path, new FakeContainerClient(["busybox"]));
  return { ...fake, swarm };
}

const actions = (summary: { deployed: Array<{ name: string; action: string }> }) =>
  summary.deployed.map((s) => `${s.name}:${s.action}`).sort();

describe("deployServices", () => {
  it("creates each service once its dependencies are ready, with hooks, Context, replicas and swarm options", async () => {
    const { project, swarm } = setUp();
    const summary = await deployServices(project, swarm);
    assert.deepEqual(actions(summary), ["api:created", "db:created", "web:created"]);
    assert.deepEqual(summary.failed, []);
    assert.deepEqual(
      swarm.calls.filter((c) => c.startsWith("create")),
      ["create shop_db", "create shop_api", "create shop_web"],
    );
    // Each service is created only after its dependency was labelled ready (its postStart done).
    assert.ok(swarm.calls.indexOf("label shop_db") < swarm.calls.indexOf("create shop_api"));
    assert.ok(swarm.calls.indexOf("label shop_api") < swarm.calls.indexOf("create shop_web"));
    assert.deepEqual(log, [
      "db.preStart",
      "db.ping",
      "db.postStart",
      "api.preStart",
      "api.ping",
      "api.ping",
      "api.postStart",
      "web.preStart",
      "web.ping",
      "web.postStart",
    ]);
    const api = swarm.byName("api")?.spec;
    assert.equal(api?.env.TOKEN, "t-1", "the value db's postStart set");
    assert.equal(api?.replicas, 2);
    assert.equal(api?.endpointMode, "dnsrr");
    assert.deepEqual(api?.ports, [{ targetPort: 8080, protocol: "tcp", mode: "host" }]);
    assert.equal(api?.updateOrder, "start-first", "no fixed host port, no volume: the new task may start first");
    assert.deepEqual(api?.aliases, ["api"]);
    assert.equal(api?.network, "net-boss-shop");
    assert.equal(api?.labels[Label.group], "shop");
    assert.equal(api?.containerLabels[SwarmLabel.group], "shop");
    assert.equal(api?.containerLabels[Label.group], undefined, "tasks are not containers of `boss start`");
    const web = swarm.byName("web")?.spec;
    assert.equal(web?.env.GREETING, "hello", "the value its own preStart set");
    assert.equal(web?.stopSignal, "SIGINT");
    assert.equal(web?.stopGracePeriodSeconds, 20);
    assert.deepEqual(web?.constraints, ["node.role == manager"]);
    assert.equal(web?.endpointMode, "vip", "Swarm's default");
    assert.equal(web?.updateOrder, "stop-first", "a fixed host-mode port cannot be held by two tasks at once");
    const db = swarm.byName("db")?.spec;
    assert.deepEqual(db?.mounts, [
      {
        type: "volume",
        source: "shop_pgdata",
        target: "/var/lib/data",
        readOnly: false,
        volumeLabels: { [Label.group]: "shop", [Label.volume]: "pgdata" },
      },
    ]);
    assert.equal(db?.updateOrder, "stop-first", "a named volume is written by one task at a time");
    assert.equal(project.state.context.get("token"), "t-1");
    const picked = project.state.context.get("ports.api.8080");
    assert.ok(
      typeof picked === "number" && picked >= 30000,
      "the host port Swarm gave api's first task, as start records it",
    );
  });

  it("pings an ingress-published service through the port Swarm picked, and records it in the Context", async () => {
    let seen: unknown;
    const { project, swarm } = setUp({
      web: {
        swarm: {},
        ports: { 80: 0 },
        ping: async (target: { publishedPorts(): Promise<unknown> }) => {
          seen = await target.publishedPorts();
          return true;
        },
      },
    });
    const summary = await deployServices(project, swarm);
    assert.deepEqual(summary.failed, []);
    const port = project.state.context.get("ports.web.80");
    assert.ok(typeof port === "number" && port > 31000);
    assert.deepEqual(seen, [{ containerPort: 80, hostPort: port, protocol: "tcp", hostIp: "0.0.0.0" }]);
  });

  it("keeps unchanged services on a second deploy: no update, one ping per task, no other hook", async () => {
    const { project, swarm } = setUp();
    await deployServices(project, swarm);
    const before = swarm.calls.length;
    log = [];
    const summary = await deployServices(project, swarm);
    assert.deepEqual(actions(summary), ["api:kept", "db:kept", "web:kept"]);
    assert.deepEqual(swarm.calls.slice(before), []);
    assert.deepEqual(log, ["db.ping", "api.ping", "api.ping", "web.ping"]);
  });

  it("updates a changed service in place (a rolling update), saying what changed; the others are kept", async () => {
    const first = setUp();
    await deployServices(first.project, first.swarm);
    resetOutsideGroupState();
    const { project, details } = fakeProject(
      shop({ api: { env: { TOKEN: "{token}", MODE: "fast" } } }),
      folder.path,
      first.client,
    );
    const before = first.swarm.calls.length;
    log = [];
    const summary = await deployServices(project, first.swarm);
    assert.deepEqual(actions(summary), ["api:updated", "db:kept", "web:kept"]);
    assert.deepEqual(first.swarm.calls.slice(before), ["update shop_api (force)", "label shop_api"]);
    assert.deepEqual(details("api", "recreating"), ["rolling update: env.MODE added"]);
    assert.equal(first.swarm.byName("api")?.spec.env.MODE, "fast");
    assert.deepEqual(log, ["db.ping", "api.preStart", "api.ping", "api.ping", "api.postStart", "web.ping"]);
  });

  it("finishes a service an earlier deploy left before it was ready: ping and postStart, not preStart", async () => {
    const { project, swarm } = setUp();
    await deployServices(project, swarm);
    // As if boss had been killed while api was pinging: the service is there, not labelled ready.
    const api = swarm.byName("api");
    assert.ok(api);
    delete api.labels[SwarmLabel.readyHash];
    log = [];
    const summary = await deployServices(project, swarm);
    assert.deepEqual(actions(summary), ["api:kept", "db:kept", "web:kept"]);
    assert.deepEqual(log, ["db.ping", "api.ping", "api.ping", "api.postStart", "web.ping"]);
    assert.equal(api.labels[SwarmLabel.readyHash], api.labels[Label.configHash]);
    assert.equal(api.updates, 0, "its tasks were not touched");
  });

  it("refuses DNS round-robin with ports on the routing mesh before deploying anything, naming the field", async () => {
    const { project, swarm } = setUp({ web: { swarm: { endpointMode: "dnsrr" } } });
    await expectUserError(
      () => deployServices(project, swarm),
      [`${folder.path}/boss.ts: Web: swarm.publishMode: `, 'set publishMode: "host"'],
    );
    assert.deepEqual(swarm.calls, []);
  });

  it("refuses an engine that is not a swarm manager, saying how to make one", async () => {
    const { project, swarm } = setUp();
    swarm.info = { state: "inactive", manager: false, nodes: 0 };
    await expectUserError(() => deployServices(project, swarm), ["is not a swarm manager", "docker swarm init"]);
    assert.deepEqual(swarm.calls, []);
  });

  it("reports a task that keeps failing with its error and last log lines, and skips its dependents", async () => {
    const { project, swarm } = setUp();
    swarm.crashing.add("db");
    const summary = await deployServices(project, swarm);
    assert.equal(summary.failed[0]?.name, "db");
    assert.match(
      summary.failed[0]?.message ?? "",
      /its tasks keep failing \(3 failed\); the last: task: non-zero exit/,
    );
    assert.match(summary.failed[0]?.message ?? "", /last 20 log lines:\nstarting\ncannot open \/data/);
    assert.deepEqual(summary.skipped, [
      { name: "api", because: "db" },
      { name: "web", because: "db" },
    ]);
    assert.equal(swarm.byName("db")?.labels[SwarmLabel.readyHash], undefined);
  });

  it("reports an image no node can pull, and a placement no node satisfies", async () => {
    const clock = new FakeClock();
    const { project, swarm } = setUp({
      web: { swarm: { publishMode: "host", constraints: ["node.labels.zone == mars"] } },
    });
    swarm.unpullable.add("busybox");
    const first = await deployServices(project, swarm, { clock });
    assert.match(first.failed[0]?.message ?? "", /no node could pull the image busybox: No such image: busybox/);
    swarm.unpullable.clear();
    const second = await deployServices(project, swarm, { clock });
    assert.deepEqual(
      second.failed.map((f) => f.name),
      ["web"],
    );
    assert.match(
      second.failed[0]?.message ?? "",
      /Swarm cannot place its task: no suitable node \(scheduling constraints/,
    );
  });

  it("on a swarm of several nodes, refuses a built image without --registry, and pushes it with one", async () => {
    const build = { buildFrom: ".", image: "shop-api:dev" };
    const { project, swarm } = setUp({ api: build });
    swarm.info = { state: "active", manager: true, nodes: 3 };
    const refused = await deployServices(project, swarm);
    assert.match(refused.failed[0]?.message ?? "", /the swarm has 3 nodes.*--registry/);
    const pushed = await deployServices(project, swarm, { registry: "registry.example:5000/" });
    assert.deepEqual(pushed.failed, []);
    assert.deepEqual(swarm.pushed, ["shop-api:dev -> registry.example:5000/shop-api:dev"]);
    assert.equal(swarm.byName("api")?.spec.image, "registry.example:5000/shop-api:dev@sha256:pushed");
  });

  it("two deploys at once: one waits for the other's lock, and the second keeps what the first made", async () => {
    const { project, swarm } = setUp();
    const [first, second] = await Promise.all([deployServices(project, swarm), deployServices(project, swarm)]);
    assert.deepEqual([...actions(first), ...actions(second)].sort(), [
      "api:created",
      "api:kept",
      "db:created",
      "db:kept",
      "web:created",
      "web:kept",
    ]);
    assert.equal(swarm.calls.filter((c) => c.startsWith("create")).length, 3, "no service made twice");
    assert.equal(swarm.services.size, 3);
  });

  it("undeploy removes every service of the group and its network once the tasks are gone; status says so", async () => {
    const { project, swarm } = setUp();
    await deployServices(project, swarm);
    const status = await swarmStatus(project, swarm);
    assert.deepEqual(
      status.services.map((s) => `${s.name} ${s.running}/${s.desired} ${s.ready}`),
      ["api 2/2 true", "db 1/1 true", "web 1/1 true"],
    );
    swarm.lingering = 2;
    const clock = new FakeClock();
    const summary = await undeployServices(project, swarm, { clock });
    assert.deepEqual(summary.removed.sort(), ["api", "db", "web"]);
    assert.deepEqual(summary.networks, ["boss-shop"]);
    assert.equal(swarm.services.size, 0);
    assert.equal(clock.sleeps.length, 2, "waited for the task containers to go before removing the network");
  });
});
