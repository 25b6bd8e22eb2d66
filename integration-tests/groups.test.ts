import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  removeGroup,
  containersOf,
  docker,
  engineUnavailable,
  makeProject,
  runBoss,
  servicesFilePreamble,
  uniqueGroup,
} from "./harness.js";

const skip = await engineUnavailable();

/** What a group has right now, keyed by service: container id, state, start time and networks. */
async function snapshot(
  group: string,
): Promise<Map<string, { id: string; state: string; startedAt: string; networks: string[] }>> {
  const result = new Map<string, { id: string; state: string; startedAt: string; networks: string[] }>();
  for (const c of await containersOf(group)) {
    const info = await docker.getContainer(c.Id).inspect();
    const service = c.Labels["boss.service"] ?? "";
    assert.ok(!result.has(service), `${group}: two containers for ${service}`);
    const networks = Object.keys(info.NetworkSettings.Networks).sort();
    result.set(service, { id: c.Id, state: c.State, startedAt: info.State.StartedAt, networks });
  }
  return result;
}

/** Networks whose name is exactly `name` (Docker's own name filter matches substrings). */
async function networksNamed(name: string): Promise<string[]> {
  const found = await docker.listNetworks({ filters: { name: [name] } });
  return found.filter((n) => n.Name === name).map((n) => n.Id);
}

describe("two groups side by side", { skip }, () => {
  // The second group's name starts with the first's, so its network name does too (boss-X and boss-X-app),
  // and one group has "db" while the other has "appdb": nothing may be matched by substring.
  const first = uniqueGroup("pair");
  const second = `${first}-app`;
  let firstDir = "";
  let secondDir = "";

  before(async () => {
    firstDir = await makeProject({
      "boss.ts":
        servicesFilePreamble(first) +
        `
export class Db extends Service { name = "db"; image = busybox; cmd = httpd("first db"); }
export class Web extends Service { name = "web"; image = busybox; cmd = httpd("first web"); dependencies = ["db"]; }
`,
    });
    secondDir = await makeProject({
      "boss.ts":
        servicesFilePreamble(second) +
        `
export class AppDb extends Service { name = "appdb"; image = busybox; cmd = httpd("second appdb"); }
export class Web extends Service { name = "web"; image = busybox; cmd = httpd("second web"); dependencies = ["appdb"]; }
`,
    });
  });
  after(async () => {
    await removeGroup(first, firstDir);
    await removeGroup(second, secondDir);
  });

  it("starts both, each on its own network", async () => {
    // The longer name first: looking up boss-X by Docker's substring filter would then find boss-X-app.
    const b = await runBoss(secondDir, ["start"]);
    assert.equal(b.code, 0, b.output);
    const a = await runBoss(firstDir, ["start"]);
    assert.equal(a.code, 0, a.output);

    const firstNow = await snapshot(first);
    const secondNow = await snapshot(second);
    assert.deepEqual([...firstNow.keys()].sort(), ["db", "web"]);
    assert.deepEqual([...secondNow.keys()].sort(), ["appdb", "web"]);
    for (const c of firstNow.values()) assert.deepEqual([c.state, c.networks], ["running", [`boss-${first}`]]);
    for (const c of secondNow.values()) assert.deepEqual([c.state, c.networks], ["running", [`boss-${second}`]]);
    assert.equal((await networksNamed(`boss-${first}`)).length, 1);
    assert.equal((await networksNamed(`boss-${second}`)).length, 1);
  });

  it("stops one group without touching the other", async () => {
    const secondBefore = await snapshot(second);
    const stop = await runBoss(firstDir, ["stop"]);
    assert.equal(stop.code, 0, stop.output);
    assert.match(stop.stdout, /^stopped: (db, web|web, db)$/m);

    const firstNow = await snapshot(first);
    for (const c of firstNow.values()) assert.equal(c.state, "exited");
    const finishedAt = async (service: string) =>
      Date.parse((await docker.getContainer(firstNow.get(service)?.id ?? "").inspect()).State.FinishedAt);
    assert.ok((await finishedAt("web")) < (await finishedAt("db")), "db stopped before web, which depends on it");
    assert.deepEqual(await snapshot(second), secondBefore);
  });

  it("starts one group again without touching the other", async () => {
    const secondBefore = await snapshot(second);
    const firstBefore = await snapshot(first);
    const start = await runBoss(firstDir, ["start"]);
    assert.equal(start.code, 0, start.output);
    assert.match(start.stdout, /^restarted: db, web$/m);

    const firstNow = await snapshot(first);
    for (const [service, c] of firstNow) {
      assert.equal(c.state, "running");
      assert.equal(c.id, firstBefore.get(service)?.id, `${service} was recreated`);
    }
    assert.deepEqual(await snapshot(second), secondBefore);
  });

  it("removes the group whose name is a prefix of the other's without touching the other", async () => {
    const secondBefore = await snapshot(second);
    const remove = await runBoss(firstDir, ["stop", "--remove"]);
    assert.equal(remove.code, 0, remove.output);

    assert.deepEqual(await containersOf(first), []);
    assert.deepEqual(await networksNamed(`boss-${first}`), []);
    assert.equal(existsSync(join(firstDir, ".boss-context")), false);

    assert.deepEqual(await snapshot(second), secondBefore);
    assert.equal((await networksNamed(`boss-${second}`)).length, 1);
    assert.equal(existsSync(join(secondDir, ".boss-context")), true);
  });

  it("removes the other group without touching the first, started again", async () => {
    const start = await runBoss(firstDir, ["start"]);
    assert.equal(start.code, 0, start.output);
    const firstBefore = await snapshot(first);
    const remove = await runBoss(secondDir, ["stop", "--remove"]);
    assert.equal(remove.code, 0, remove.output);

    assert.deepEqual(await containersOf(second), []);
    assert.deepEqual(await networksNamed(`boss-${second}`), []);
    assert.equal(existsSync(join(secondDir, ".boss-context")), false);

    assert.deepEqual(await snapshot(first), firstBefore);
    assert.equal((await networksNamed(`boss-${first}`)).length, 1);
    assert.equal(existsSync(join(firstDir, ".boss-context")), true);
  });
});
