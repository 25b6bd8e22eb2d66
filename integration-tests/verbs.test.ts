import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  containersOf,
  docker,
  engineUnavailable,
  makeProject,
  removeGroup,
  runBoss,
  servicesFilePreamble,
  uniqueGroup,
} from "./harness.js";

const skip = await engineUnavailable();

/** db ← api ← web, and cache on its own; db's env holds `release`. */
function servicesFile(group: string, release: string): string {
  return (
    servicesFilePreamble(group) +
    `export class Db extends Service { name = "db"; image = busybox; cmd = httpd("db"); env = { RELEASE: ${JSON.stringify(release)} }; }
export class Api extends Service { name = "api"; image = busybox; cmd = httpd("api"); dependencies = [Db]; }
export class Web extends Service { name = "web"; image = busybox; cmd = httpd("web"); dependencies = ["api"]; }
export class Cache extends Service { name = "cache"; image = busybox; cmd = httpd("cache"); }
`
  );
}

interface Seen {
  id: string;
  state: string;
  startedAt: string;
}

/** service → its one container's id, state and last start time, as the engine says now. */
async function seen(group: string): Promise<Record<string, Seen>> {
  const result: Record<string, Seen> = {};
  for (const c of await containersOf(group)) {
    const service = c.Labels["boss.service"] ?? "?";
    assert.equal(result[service], undefined, `two containers for ${service}`);
    const inspected = await docker.getContainer(c.Id).inspect();
    result[service] = { id: c.Id, state: c.State, startedAt: inspected.State.StartedAt };
  }
  return result;
}

function states(all: Record<string, Seen>): Record<string, string> {
  return Object.fromEntries(Object.entries(all).map(([name, s]) => [name, s.state]));
}

describe("verbs by service name, and dependents following their dependencies", { skip, timeout: 120_000 }, () => {
  const group = uniqueGroup("verbs");
  let dir = "";
  before(async () => {
    dir = await makeProject({ "boss.ts": servicesFile(group, "r1") });
  });
  after(() => removeGroup(group, dir));

  it("an unknown name is a user error listing the known ones, and touches nothing", async () => {
    const run = await runBoss(dir, ["start", "wbe"]);
    assert.equal(run.code, 2, run.output);
    assert.match(run.stderr, /start: unknown service "wbe"; known services: api, cache, db, web/);
    assert.deepEqual(await containersOf(group), []);
  });

  it("start web starts web and its dependencies only", async () => {
    const run = await runBoss(dir, ["start", "web"]);
    assert.equal(run.code, 0, run.output);
    assert.deepEqual(states(await seen(group)), { db: "running", api: "running", web: "running" });
  });

  it("stop api stops api and its dependent web only", async () => {
    const start = await runBoss(dir, ["start"]);
    assert.equal(start.code, 0, start.output);
    const before = await seen(group);
    const run = await runBoss(dir, ["stop", "api"]);
    assert.equal(run.code, 0, run.output);
    assert.match(run.stdout, /^stopped: api, web$/m);
    const now = await seen(group);
    assert.deepEqual(states(now), { db: "running", api: "exited", web: "exited", cache: "running" });
    assert.equal(now.db?.startedAt, before.db?.startedAt, "db kept running");
    assert.equal(now.api?.id, before.api?.id, "stop keeps the container");
  });

  it("restart api keeps the containers, restarts api and its dependent, and leaves the rest running", async () => {
    const start = await runBoss(dir, ["start"]);
    assert.equal(start.code, 0, start.output);
    const before = await seen(group);
    const run = await runBoss(dir, ["restart", "api"]);
    assert.equal(run.code, 0, run.output);
    const now = await seen(group);
    assert.deepEqual(states(now), { db: "running", api: "running", web: "running", cache: "running" });
    for (const name of ["db", "api", "web", "cache"]) assert.equal(now[name]?.id, before[name]?.id, `${name} kept`);
    assert.notEqual(now.api?.startedAt, before.api?.startedAt, "api was restarted");
    assert.notEqual(now.web?.startedAt, before.web?.startedAt, "web was restarted");
    assert.equal(now.db?.startedAt, before.db?.startedAt, "db was not");
    assert.equal(now.cache?.startedAt, before.cache?.startedAt, "cache was not");
    assert.match(run.stdout, /^restarted: api, web$/m);
  });

  it("start after a dependency's env changed recreates it and restarts its running dependents, saying why", async () => {
    const before = await seen(group);
    await writeFile(join(dir, "boss.ts"), servicesFile(group, "r2"));
    const run = await runBoss(dir, ["start"]);
    assert.equal(run.code, 0, run.output);
    assert.match(run.stdout, /^db: recreating — env\.RELEASE changed$/m);
    assert.match(run.stdout, /^api: ready — restarted: db was recreated/m);
    assert.match(run.stdout, /^web: ready — restarted: api was restarted/m);
    assert.match(run.stdout, /^restarted: api \(db was recreated\), web \(api was restarted\)$/m);
    const now = await seen(group);
    assert.notEqual(now.db?.id, before.db?.id);
    assert.equal(now.api?.id, before.api?.id, "api keeps its container");
    assert.notEqual(now.api?.startedAt, before.api?.startedAt, "api was restarted");
    assert.notEqual(now.web?.startedAt, before.web?.startedAt, "web was restarted");
    assert.equal(now.cache?.startedAt, before.cache?.startedAt, "cache does not depend on db");
  });

  it("restart of a service whose definition changed recreates it", async () => {
    const before = await seen(group);
    await writeFile(join(dir, "boss.ts"), servicesFile(group, "r3"));
    const run = await runBoss(dir, ["restart", "db"]);
    assert.equal(run.code, 0, run.output);
    const now = await seen(group);
    assert.notEqual(now.db?.id, before.db?.id);
    assert.equal(now.api?.id, before.api?.id);
    assert.notEqual(now.api?.startedAt, before.api?.startedAt, "api was restarted");
    assert.deepEqual(states(now), { db: "running", api: "running", web: "running", cache: "running" });
  });
});
