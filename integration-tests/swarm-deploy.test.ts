// Issue 15 part 1, for real: this engine as a one-node swarm (made by the test when it is in none, and left at the
// end only then), a 3-service graph deployed with hooks, Context and 2 replicas of one service (DNS round-robin and
// host-mode ports: this kernel has no IPVS, so VIP endpoints and the ingress mesh pass no traffic here), checked
// through its ports, one service changed and redeployed (a rolling update; the others untouched), a deploy killed
// with SIGKILL mid-way and the next one converging, then undeploy --volumes leaving nothing with the group's labels.
// Other tests use the same engine with ordinary containers: only what carries this test's group is removed.
import assert from "node:assert/strict";
import { readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DockerSwarmClient } from "../src/engine/swarm/docker-swarm-client.js";
import { swarmClientContract } from "../test/engine/swarm-client-contract.js";
import {
  type BossRun,
  busybox,
  docker,
  engineUnavailable,
  makeProject,
  runBoss,
  servicesFilePreamble,
  startBoss,
  uniqueGroup,
} from "./harness.js";

const skip = await engineUnavailable();
/** Set when this file made the engine a swarm: then, and only then, it leaves the swarm at the end. */
let madeSwarm = false;
let notInSwarm: BossRun | undefined;

before(async () => {
  if (skip) return;
  const info = (await docker.info()) as { Swarm?: { LocalNodeState?: string } };
  if (info.Swarm?.LocalNodeState !== "active") {
    // While the engine is in no swarm: what boss deploy says then, checked below.
    const group = uniqueGroup("swarm-none");
    const dir = await makeProject({
      "boss.ts": servicesFilePreamble(group) + 'export class A extends Service { name = "a"; image = busybox; }\n',
    });
    notInSwarm = await runBoss(dir, ["deploy"]);
    await rm(dir, { recursive: true, force: true });
    await docker.swarmInit({ ListenAddr: "127.0.0.1:2377", AdvertiseAddr: "127.0.0.1" });
    madeSwarm = true;
  }
});

it("says how to make the engine a swarm manager when it is in no swarm (exit 2)", { skip }, (t) => {
  if (!notInSwarm) return t.skip("the engine was already in a swarm");
  assert.equal(notInSwarm.code, 2, notInSwarm.output);
  assert.match(notInSwarm.stderr, /is not a swarm manager \(swarm state: inactive\).*docker swarm init/);
});

after(async () => {
  if (madeSwarm) await docker.swarmLeave({ force: true });
});

describe("DockerSwarmClient keeps the swarm contract", { skip, timeout: 120_000 }, () => {
  const group = uniqueGroup("swarm-contract");
  const swarm = new DockerSwarmClient("unix:/var/run/docker.sock");
  after(() => removeDeployed(group));
  swarmClientContract(() => ({ swarm, image: busybox, group }));
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === "object" && address ? address.port : 0;
}

function servicesFile(group: string, ports: { db: number; web: number }, webText: string): string {
  return (
    servicesFilePreamble(group) +
    `import { waitFor } from "boss";
abstract class Recorded extends Service {
  image = busybox;
  async preStart() { record(this.name + ".preStart"); }
  async postStart() { record(this.name + ".postStart"); }
}
export class Db extends Recorded {
  name = "db";
  cmd = httpd("db");
  volumes = ["data:/data"];
  ports = { 80: ${ports.db} };
  swarm = { publishMode: "host" as const };
  ping = waitFor.tcp(${ports.db});
  override async postStart() { record("db.postStart"); Context.set("token", "tok-" + Date.now()); }
}
export class Api extends Recorded {
  name = "api";
  cmd = httpd("api {token}");
  env = { TOKEN: "{token}" };
  dependencies = [Db];
  replicas = 2;
  ports = { 80: 0 };
  swarm = { endpointMode: "dnsrr" as const, publishMode: "host" as const };
  // Slow on purpose: the SIGKILL test lands inside the ping, after the service was created.
  override async ping(target: Parameters<typeof apiPort>[0]) {
    await new Promise((resolve) => setTimeout(resolve, 700));
    return apiPort(target);
  }
}
const apiPort = waitFor.tcp({ containerPort: 80 });
export class Web extends Recorded {
  name = "web";
  // Fetches api over the overlay network by its DNS name before serving: the tasks reach each other.
  cmd = ["sh", "-c", 'mkdir -p /www && until wget -qO /www/api.html http://api/; do sleep 0.2; done && echo "${webText} {greeting}" > /www/index.html && echo "${webText} serving" && httpd -p 80 -h /www && trap "exit 0" TERM INT && while true; do sleep 0.1; done'];
  dependencies = [Api];
  ports = { 80: ${ports.web} };
  stopSignal = "SIGTERM" as const;
  swarm = { endpointMode: "dnsrr" as const, publishMode: "host" as const };
  override async preStart() { record("web.preStart"); Context.set("greeting", "hello"); }
  ping = waitFor.http("http://127.0.0.1:${ports.web}/");
}
`
  );
}

async function get(port: number, path = "/"): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5000) });
  return (await response.text()).trim();
}

async function hookLog(dir: string): Promise<string[]> {
  const text = await readFile(join(dir, "hooks.log"), "utf8").catch(() => "");
  await rm(join(dir, "hooks.log"), { force: true });
  return text.split("\n").filter(Boolean);
}

const count = (events: string[], event: string) => events.filter((e) => e === event).length;

async function servicesOf(group: string) {
  return docker.listServices({ filters: { label: [`boss.group=${group}`] } });
}

async function tasksOf(serviceId: string): Promise<Array<{ ID: string; DesiredState: string }>> {
  return (await docker.listTasks({ filters: { service: [serviceId], "desired-state": ["running"] } })) as Array<{
    ID: string;
    DesiredState: string;
  }>;
}

/** Everything that carries the group's labels: services, task containers, networks, volumes. */
async function leftOf(group: string): Promise<string[]> {
  const services = (await servicesOf(group)).map((s) => `service ${s.Spec?.Name}`);
  const containers = (
    await docker.listContainers({ all: true, filters: { label: [`boss.swarm-group=${group}`] } })
  ).map((c) => `container ${c.Names[0]}`);
  const networks = (await docker.listNetworks({ filters: { label: [`boss.swarm-group=${group}`] } })).map(
    (n) => `network ${n.Name}`,
  );
  const { Volumes } = await docker.listVolumes({ filters: { label: [`boss.group=${group}`] } });
  return [...services, ...containers, ...networks, ...(Volumes ?? []).map((v) => `volume ${v.Name}`)];
}

/** Removes what carries the group's labels, whatever a failed test left. */
async function removeDeployed(group: string): Promise<void> {
  for (const s of await servicesOf(group))
    await docker
      .getService(s.ID)
      .remove()
      .catch(() => {});
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const containers = await docker.listContainers({ all: true, filters: { label: [`boss.swarm-group=${group}`] } });
    if (containers.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  for (const n of await docker.listNetworks({ filters: { label: [`boss.swarm-group=${group}`] } }))
    await docker
      .getNetwork(n.Id)
      .remove()
      .catch(() => {});
  const { Volumes } = await docker.listVolumes({ filters: { label: [`boss.group=${group}`] } });
  for (const v of Volumes ?? [])
    await docker
      .getVolume(v.Name)
      .remove()
      .catch(() => {});
}

async function timed<T>(what: string, run: () => Promise<T>, timings: string[]): Promise<T> {
  const began = Date.now();
  const result = await run();
  timings.push(`${what}: ${((Date.now() - began) / 1000).toFixed(1)} s`);
  return result;
}

describe("boss deploy to a one-node swarm", { skip, timeout: 300_000 }, () => {
  const group = uniqueGroup("swarm");
  const timings: string[] = [];
  let dir = "";
  let ports = { db: 0, web: 0 };

  before(async () => {
    ports = { db: await freePort(), web: await freePort() };
    dir = await makeProject({ "boss.ts": servicesFile(group, ports, "web") });
  });

  after(async () => {
    await removeDeployed(group);
    if (dir) await rm(dir, { recursive: true, force: true });
    console.log(`# timings on this one-node swarm: ${timings.join("; ")}`);
  });

  it("refuses nothing: deploys the graph in order, with hooks, Context and 2 replicas, and it answers", async () => {
    const run = await timed("deploy (3 services, fresh)", () => runBoss(dir, ["deploy", "--plain"]), timings);
    assert.equal(run.code, 0, run.output);
    assert.match(run.stdout, /deployed: db, api, web/);
    assert.match(run.stdout, /one-node swarm|api: creating — 2 replicas/);
    const events = await hookLog(dir);
    for (const hook of [
      "db.preStart",
      "db.postStart",
      "api.preStart",
      "api.postStart",
      "web.preStart",
      "web.postStart",
    ])
      assert.equal(count(events, hook), 1, `${hook} in ${events.join(", ")}`);
    assert.ok(events.indexOf("db.postStart") < events.indexOf("api.preStart"), "api after db was ready");
    assert.ok(events.indexOf("api.postStart") < events.indexOf("web.preStart"), "web after api was ready");
    assert.equal(await get(ports.web), "web hello", "web's own preStart value in its cmd");
    const context = JSON.parse(await readFile(join(dir, ".boss-context"), "utf8")) as Record<string, string>;
    assert.match(context.token ?? "", /^tok-/);
    const apiPort = Number(context["ports.api.80"]);
    assert.ok(apiPort > 0, "the host port Swarm gave api's first task, in the Context as start puts it");
    assert.equal(await get(apiPort), `api ${context.token}`);
    assert.equal(await get(ports.web, "/api.html"), `api ${context.token}`, "web reached api by name, with db's token");
    const [api] = (await servicesOf(group)).filter((s) => s.Spec?.Name === `${group}_api`);
    assert.ok(api);
    assert.equal((await tasksOf(api.ID)).length, 2);
    const logs = await runBoss(dir, ["logs", "web"]);
    assert.equal(logs.code, 0, logs.output);
    assert.match(logs.stdout, /web serving/, "boss logs shows the swarm service's output");
    const status = await runBoss(dir, ["status", "--json"]);
    const report = JSON.parse(status.stdout.trim().split("\n").at(-1) ?? "{}") as {
      services: Array<{ name: string; running: number; desired: number; ready: boolean }>;
    };
    assert.deepEqual(
      report.services.map((s) => `${s.name} ${s.running}/${s.desired} ${s.ready}`),
      ["api 2/2 true", "db 1/1 true", "web 1/1 true"],
    );
  });

  it("redeploys a changed service as a rolling update and leaves the others untouched", async () => {
    const services = await servicesOf(group);
    const tasksBefore = new Map(
      await Promise.all(
        services.map(async (s) => [s.Spec?.Name ?? "", (await tasksOf(s.ID)).map((t) => t.ID).sort()] as const),
      ),
    );
    const same = await timed("redeploy (nothing changed)", () => runBoss(dir, ["deploy", "--plain"]), timings);
    assert.equal(same.code, 0, same.output);
    assert.match(same.stdout, /already deployed: db, api, web/);
    await writeFile(join(dir, "boss.ts"), servicesFile(group, ports, "web2"));
    const run = await timed("redeploy (web changed)", () => runBoss(dir, ["deploy", "--plain"]), timings);
    assert.equal(run.code, 0, run.output);
    assert.match(run.stdout, /web: recreating — rolling update: cmd changed/);
    assert.match(run.stdout, /updated \(rolling\): web/);
    assert.match(run.stdout, /already deployed: db, api/);
    assert.equal(await get(ports.web), "web2 hello");
    for (const name of [`${group}_db`, `${group}_api`]) {
      const service = (await servicesOf(group)).find((s) => s.Spec?.Name === name);
      assert.ok(service);
      assert.deepEqual((await tasksOf(service.ID)).map((t) => t.ID).sort(), tasksBefore.get(name), `${name} untouched`);
    }
    const events = await hookLog(dir);
    assert.deepEqual(events, ["web.preStart", "web.postStart"]);
  });

  it("converges on the next deploy after one killed with SIGKILL mid-way", async () => {
    const down = await runBoss(dir, ["undeploy"]);
    assert.equal(down.code, 0, down.output);
    await hookLog(dir);
    const killed = startBoss(dir, ["deploy", "--plain"]);
    await killed.printed("api: pinging", 60_000);
    killed.child.kill("SIGKILL");
    const end = await killed.finished;
    assert.equal(end.signal, "SIGKILL");
    const run = await runBoss(dir, ["deploy", "--plain"]);
    assert.equal(run.code, 0, run.output);
    assert.equal((await servicesOf(group)).length, 3, "one swarm service per service, no duplicate");
    assert.equal(await get(ports.web), "web2 hello");
    const events = await hookLog(dir);
    assert.equal(count(events, "db.postStart"), 1, events.join(", "));
    assert.equal(count(events, "api.preStart"), 1, "api was created before the kill: its preStart is not run again");
    assert.ok(count(events, "api.postStart") <= 1, events.join(", "));
    assert.equal(count(events, "web.postStart"), 1, events.join(", "));
  });

  it("undeploy --volumes leaves nothing with the group's labels", async () => {
    const run = await timed("undeploy --volumes", () => runBoss(dir, ["undeploy", "--volumes", "--plain"]), timings);
    assert.equal(run.code, 0, run.output);
    assert.match(run.stdout, /removed swarm services: /);
    assert.match(run.stdout, new RegExp(`removed volumes: ${group}_data`));
    assert.deepEqual(await leftOf(group), []);
  });
});
