// A developer's day with a real PostgreSQL (boss-postgres:15 declares VOLUME and
// STOPSIGNAL SIGINT, as the official image does): rows written into the
// database survive a changed definition, a stop with a client connected is a
// fast clean shutdown, and only `stop --remove` drops the anonymous volume —
// saying so.
import assert from "node:assert/strict";
import { execFile, execFileSync, spawn } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import {
  removeGroup,
  containersOf,
  docker,
  engineUnavailable,
  makeProject,
  repoRoot,
  runBoss,
  uniqueGroup,
} from "./harness.js";

const skip = await engineUnavailable();
const postgresImage = process.env.BOSS_TEST_POSTGRES_IMAGE ?? "boss-postgres:15";
// Cheap when the image exists with its recipe; builds it on a fresh machine.
if (!skip && !process.env.BOSS_TEST_POSTGRES_IMAGE) {
  execFileSync("bash", [join(repoRoot, "scripts", "build-base-images.sh"), "postgres"], { stdio: "inherit" });
}
const exec = promisify(execFile);

async function dbContainer(group: string): Promise<string> {
  const found = await containersOf(group, "db");
  assert.equal(found.length, 1, `db: ${found.length} containers`);
  return found[0]?.Id ?? "";
}

async function sql(group: string, query: string): Promise<string> {
  const { stdout } = await exec("docker", [
    "exec",
    await dbContainer(group),
    "psql",
    "-U",
    "app",
    "-d",
    "votes",
    "-tAc",
    query,
  ]);
  return stdout.trim();
}

describe("PostgreSQL data across recreate, stop and remove", { skip, timeout: 240_000 }, () => {
  const group = uniqueGroup("pgdata");
  let dir = "";
  const start = (revision: string) => runBoss(dir, ["start", "--timeout", "90"], { env: { REVISION: revision } });

  before(async () => {
    dir = await makeProject({
      "boss.ts": `import { Service, group, waitFor } from "boss";
group(${JSON.stringify(group)});
export class Db extends Service {
  name = "db";
  image = ${JSON.stringify(postgresImage)};
  env = { POSTGRES_USER: "app", POSTGRES_PASSWORD: "secret", POSTGRES_DB: "votes", REVISION: process.env.REVISION ?? "1" };
  ping = waitFor.log(/ready to accept connections/);
}
`,
    });
  });
  after(() => removeGroup(group, dir));

  it("keeps the rows when a changed env value recreates the container", async () => {
    const first = await start("1");
    assert.equal(first.code, 0, first.output);
    await sql(group, "CREATE TABLE vote (id serial PRIMARY KEY, choice text)");
    await sql(group, "INSERT INTO vote (choice) SELECT 'cats' FROM generate_series(1, 7)");
    const before = await dbContainer(group);

    const changed = await start("2");
    assert.equal(changed.code, 0, changed.output);
    assert.match(changed.stdout, /db: recreating — env\.REVISION changed/);
    assert.notEqual(await dbContainer(group), before, "a new container");
    assert.equal(await sql(group, "SELECT count(*) FROM vote"), "7");
  });

  it("stops the old container cleanly when replacing it: postgres shut down, not killed", async () => {
    // The replaced container is gone; the new one's log shows the data directory was found, not initialised again.
    const logs = await docker
      .getContainer(await dbContainer(group))
      .logs({ stdout: true, stderr: true, follow: false });
    assert.doesNotMatch(logs.toString("utf8"), /initialised/);
    assert.doesNotMatch(logs.toString("utf8"), /not properly shut down|automatic recovery in progress/);
  });

  it("stops fast and cleanly with the image's STOPSIGNAL while a client is connected", async () => {
    const id = await dbContainer(group);
    // A psql session that stays open: with SIGTERM postgres would wait for it until the stop timeout kills it.
    const client = spawn("docker", ["exec", "-i", id, "psql", "-U", "app", "-d", "votes"], { stdio: "pipe" });
    client.stdin.write("SELECT 1;\n");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const began = Date.now();
    const stop = await runBoss(dir, ["stop"]);
    const took = Date.now() - began;
    client.kill();
    assert.equal(stop.code, 0, stop.output);
    const info = await docker.getContainer(id).inspect();
    assert.equal(
      (info.Config as { StopSignal?: string }).StopSignal,
      "SIGINT",
      "the image's STOPSIGNAL, not one boss set",
    );
    assert.equal(info.State.ExitCode, 0, "postgres exited by itself, not SIGKILLed (137)");
    assert.ok(took < 8000, `boss stop took ${took} ms`);
  });

  it("has the rows again after stop and start", async () => {
    const again = await start("2");
    assert.equal(again.code, 0, again.output);
    assert.match(again.stdout, /^restarted: db$/m);
    assert.equal(await sql(group, "SELECT count(*) FROM vote"), "7");
  });

  it("says which anonymous volume went with stop --remove", async () => {
    const [db] = await containersOf(group, "db");
    const volume = db?.Mounts.find((m) => m.Destination === "/var/lib/postgresql/data")?.Name ?? "";
    assert.match(volume, /^[0-9a-f]{64}$/);
    const removed = await runBoss(dir, ["stop", "--remove"]);
    assert.equal(removed.code, 0, removed.output);
    assert.ok(
      removed.stdout.includes(`removed anonymous volume ${volume.slice(0, 12)} (db:/var/lib/postgresql/data)`),
      removed.output,
    );
    const left = await docker
      .getVolume(volume)
      .inspect()
      .then(() => true)
      .catch(() => false);
    assert.equal(left, false);
  });
});
