import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  removeGroup,
  containersOf,
  docker,
  engineUnavailable,
  envOf,
  makeProject,
  runBoss,
  servicesFilePreamble,
  uniqueGroup,
} from "./harness.js";

const skip = await engineUnavailable();

/** db ← api (ROLE = role), and cache on its own. */
function servicesFile(group: string, role: string): string {
  return (
    servicesFilePreamble(group) +
    `export class Db extends Service { name = "db"; image = busybox; cmd = httpd("db"); }
export class Api extends Service {
  name = "api";
  image = busybox;
  cmd = httpd("api");
  dependencies = [Db];
  env = { ROLE: ${JSON.stringify(role)} };
}
export class Cache extends Service { name = "cache"; image = busybox; cmd = httpd("cache"); }
`
  );
}

/** service → container id, asserting each service has exactly one container in `state`. */
async function onlyContainers(group: string, state: string): Promise<Record<string, string>> {
  const all = await containersOf(group);
  const ids: Record<string, string> = {};
  for (const c of all) {
    const service = c.Labels["boss.service"] ?? "?";
    assert.equal(ids[service], undefined, `two containers for ${service}`);
    assert.equal(c.State, state, `${service} is ${c.State}`);
    ids[service] = c.Id;
  }
  assert.deepEqual(Object.keys(ids).sort(), ["api", "cache", "db"]);
  return ids;
}

async function assertGone(id: string): Promise<void> {
  await assert.rejects(docker.getContainer(id).inspect(), /no such container/i, `container ${id} was left behind`);
}

describe("reuse: restart exited containers, replace changed ones", { skip, timeout: 90_000 }, () => {
  const group = uniqueGroup("reuse");
  let dir = "";
  let first: Record<string, string> = {};
  before(async () => {
    dir = await makeProject({ "boss.ts": servicesFile(group, "primary") });
  });
  after(() => removeGroup(group, dir));

  it("stop then start restarts the same containers and creates none", async () => {
    const start = await runBoss(dir, ["start"]);
    assert.equal(start.code, 0, start.output);
    first = await onlyContainers(group, "running");

    const stop = await runBoss(dir, ["stop"]);
    assert.equal(stop.code, 0, stop.output);
    assert.deepEqual(await onlyContainers(group, "exited"), first);

    const again = await runBoss(dir, ["start"]);
    assert.equal(again.code, 0, again.output);
    assert.deepEqual(await onlyContainers(group, "running"), first);
    assert.doesNotMatch(again.stdout, /creating/);
    const restarted = /^restarted: (.*)$/m.exec(again.stdout)?.[1]?.split(", ").sort();
    assert.deepEqual(restarted, ["api", "cache", "db"], again.output);
  });

  it("a changed env replaces only that service's running container and says why", async () => {
    await writeFile(join(dir, "boss.ts"), servicesFile(group, "secondary"));
    const run = await runBoss(dir, ["start"]);
    assert.equal(run.code, 0, run.output);
    assert.match(run.stdout, /^api: recreating — env\.ROLE changed$/m);
    assert.equal(run.stdout.match(/recreating/g)?.length, 1, run.output);

    const now = await onlyContainers(group, "running");
    assert.notEqual(now.api, first.api);
    assert.equal(now.db, first.db, "db was replaced though unchanged");
    assert.equal(now.cache, first.cache, "cache was replaced though unchanged");
    assert.equal((await envOf(now.api ?? "")).ROLE, "secondary");
    await assertGone(first.api ?? "");
    first = now;
  });

  it("a changed env replaces an exited container too, leaving nothing behind", async () => {
    const stop = await runBoss(dir, ["stop"]);
    assert.equal(stop.code, 0, stop.output);
    await writeFile(join(dir, "boss.ts"), servicesFile(group, "tertiary"));

    const run = await runBoss(dir, ["start"]);
    assert.equal(run.code, 0, run.output);
    assert.match(run.stdout, /^api: recreating — env\.ROLE changed$/m);
    const now = await onlyContainers(group, "running");
    assert.notEqual(now.api, first.api);
    assert.equal(now.db, first.db);
    assert.equal(now.cache, first.cache);
    assert.equal((await envOf(now.api ?? "")).ROLE, "tertiary");
    await assertGone(first.api ?? "");
  });
});
