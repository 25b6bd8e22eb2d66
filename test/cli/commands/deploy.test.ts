import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { ExitCode } from "../../../src/errors.js";
import { bossInProcess } from "../../helpers/run-cli.js";
import { FakeSwarmClient } from "../../fakes/fake-swarm-client.js";
import { FakeEngineFolder, jsonLines } from "../fake-engine-folder.js";

const deployable = `
import { Context, Service, group } from "boss";
group("shop");
export class Db extends Service {
  name = "db";
  image = "busybox";
  volumes = ["data:/data"];
  postStart() { Context.set("db_name", "shop"); }
}
export class Web extends Service {
  name = "web";
  image = "busybox";
  dependencies = [Db];
  replicas = 2;
  ports = { 80: 0 };
  swarm = { endpointMode: "dnsrr" as const, publishMode: "host" as const };
  env = { DB_URL: "postgres://db/{db_name}" };
  ping() { return true; }
}
`;

let group: FakeEngineFolder;
let swarm: FakeSwarmClient;
const boss = (argv: string[]) =>
  bossInProcess(argv, { cwd: group.folder.path, engine: () => group.client, swarm: () => swarm });

beforeEach(() => {
  group = new FakeEngineFolder(deployable);
  swarm = new FakeSwarmClient();
});
afterEach(() => group.remove());

describe("boss deploy, status, logs and undeploy (in-process, fake engine and swarm)", () => {
  it("deploys, then keeps, and says so; status shows the swarm services of a deployed group", async () => {
    const run = await boss(["deploy", "--plain"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.match(run.stdout, /^web: creating — 2 replicas$/m);
    assert.equal(run.stdout.trimEnd().split("\n").at(-1), "deployed: db, web");
    assert.equal(swarm.byName("web")?.spec.env.DB_URL, "postgres://db/shop");
    const again = await boss(["deploy", "--plain"]);
    assert.equal(again.stdout.trimEnd().split("\n").at(-1), "already deployed: db, web");
    // No containers here, and the group is deployed: status shows the swarm side without being asked.
    const status = await boss(["status"]);
    assert.equal(status.code, ExitCode.ok, status.stderr);
    assert.match(status.stdout, /^group shop on the swarm$/m);
    assert.match(status.stdout, /^web +2\/2 +yes +- +0\.0\.0\.0:\d+->80\/tcp, 0\.0\.0\.0:\d+->80\/tcp$/m);
    const json = jsonLines((await boss(["status", "--swarm", "--json"])).stdout).at(-1);
    assert.equal(json?.deployed, true);
    assert.deepEqual(
      (json?.services as Array<{ name: string; running: number; desired: number }>).map(
        (s) => `${s.name} ${s.running}/${s.desired}`,
      ),
      ["db 1/1", "web 2/2"],
    );
  });

  it("--json: phase events, then a result with what was deployed", async () => {
    const run = await boss(["deploy", "--json"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    const lines = jsonLines(run.stdout);
    assert.ok(lines.some((e) => e.type === "phase" && e.service === "web" && e.phase === "ready"));
    assert.deepEqual(lines.at(-1), {
      type: "result",
      command: "deploy",
      deployed: [
        { name: "db", action: "created" },
        { name: "web", action: "created" },
      ],
      failed: [],
      skipped: [],
      cancelled: [],
      hookFailures: [],
      interrupted: false,
    });
  });

  it("exits 1 when a service fails, naming it and what it skipped", async () => {
    swarm.crashing.add("db");
    const run = await boss(["deploy", "--plain"]);
    assert.equal(run.code, ExitCode.serviceFailed);
    assert.match(run.stdout, /^failed: db — its tasks keep failing/m);
    assert.match(run.stdout, /^not deployed: web \(because db failed\)$/m);
  });

  it("exits 2 on an engine that is not a swarm manager, saying docker swarm init", async () => {
    swarm.info = { state: "inactive", manager: false, nodes: 0 };
    const run = await boss(["deploy"]);
    assert.equal(run.code, ExitCode.userError);
    assert.match(run.stderr, /is not a swarm manager .*docker swarm init/);
    assert.equal((await boss(["status", "--swarm"])).code, ExitCode.userError);
  });

  it("undeploy removes the services (dependents first) and the network", async () => {
    await boss(["deploy"]);
    const run = await boss(["undeploy", "--plain"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.deepEqual(
      swarm.calls.filter((c) => c.startsWith("remove")),
      ["remove shop_web", "remove shop_db"],
    );
    assert.match(run.stdout, /^removed swarm services: web, db$/m);
    assert.match(run.stdout, /^removed networks: boss-shop$/m);
    assert.equal((await boss(["undeploy", "--plain"])).stdout.trimEnd().split("\n").at(-1), "nothing was deployed");
  });
});
