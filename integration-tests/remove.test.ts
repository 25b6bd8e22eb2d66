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
  networksOf,
  runBoss,
  savedContext,
  servicesFilePreamble,
  uniqueGroup,
} from "./harness.js";

const skip = await engineUnavailable();

/** Networks whose name is exactly `name` (Docker's own name filter matches substrings). */
async function networksNamed(name: string): Promise<string[]> {
  const found = await docker.listNetworks({ filters: { name: [name] } });
  return found.filter((n) => n.Name === name).map((n) => n.Id);
}

describe("stop --remove", { skip }, () => {
  const group = uniqueGroup("remove");
  const customNetwork = `${group}-custom`;
  let dir = "";

  before(async () => {
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(group) +
        `
export class Db extends Service {
  name = "db"; image = busybox; cmd = httpd("db");
  async postStart() { Context.set("dbUrl", "http://db:80/"); }
}
export class Web extends Service {
  name = "web"; image = busybox; cmd = httpd("web"); dependencies = ["db"];
  env = { DB_URL: "{dbUrl}" };
}
`,
    });
  });
  after(async () => {
    await removeGroup(group, dir);
    for (const id of await networksNamed(customNetwork))
      await docker
        .getNetwork(id)
        .remove()
        .catch(() => {});
  });

  it("removes the running containers, the network and the context file", async () => {
    const start = await runBoss(dir, ["start"]);
    assert.equal(start.code, 0, start.output);
    assert.equal((await containersOf(group)).filter((c) => c.State === "running").length, 2);
    assert.equal((await networksNamed(`boss-${group}`)).length, 1);
    assert.deepEqual((await savedContext(dir)).values, { dbUrl: "http://db:80/" });

    const remove = await runBoss(dir, ["stop", "--remove"]);
    assert.equal(remove.code, 0, remove.output);
    assert.match(remove.stdout, /^removed containers, network, context file$/m);
    assert.deepEqual(await containersOf(group), []);
    assert.deepEqual(await networksOf(group), []);
    assert.deepEqual(await networksNamed(`boss-${group}`), []);
    assert.equal(existsSync(join(dir, ".boss-context")), false);
  });

  it("also removes stopped containers and a network named with --network-name", async () => {
    const start = await runBoss(dir, ["start", "--network-name", customNetwork]);
    assert.equal(start.code, 0, start.output);
    const stop = await runBoss(dir, ["stop"]);
    assert.equal(stop.code, 0, stop.output);
    const stopped = await containersOf(group);
    assert.deepEqual(stopped.map((c) => c.State).sort(), ["exited", "exited"]);
    assert.equal((await networksNamed(customNetwork)).length, 1);
    assert.equal(existsSync(join(dir, ".boss-context")), true);

    const remove = await runBoss(dir, ["stop", "--remove"]);
    assert.equal(remove.code, 0, remove.output);
    assert.deepEqual(await containersOf(group), []);
    for (const c of stopped) {
      await assert.rejects(docker.getContainer(c.Id).inspect(), { statusCode: 404 });
    }
    assert.deepEqual(await networksOf(group), []);
    assert.deepEqual(await networksNamed(customNetwork), []);
    assert.deepEqual(await networksNamed(`boss-${group}`), []);
    assert.equal(existsSync(join(dir, ".boss-context")), false);
  });

  it("keeps the network and the context file when some services are excluded", async () => {
    const start = await runBoss(dir, ["start"]);
    assert.equal(start.code, 0, start.output);

    const remove = await runBoss(dir, ["stop", "--remove", "--exclude", "db"]);
    assert.equal(remove.code, 0, remove.output);
    const left = await containersOf(group);
    assert.deepEqual(
      left.map((c) => [c.Labels["boss.service"], c.State]),
      [["db", "running"]],
    );
    assert.equal((await networksNamed(`boss-${group}`)).length, 1);
    assert.equal(existsSync(join(dir, ".boss-context")), true);

    const rest = await runBoss(dir, ["stop", "--remove"]);
    assert.equal(rest.code, 0, rest.output);
    assert.deepEqual(await containersOf(group), []);
    assert.deepEqual(await networksNamed(`boss-${group}`), []);
    assert.equal(existsSync(join(dir, ".boss-context")), false);
  });
});
