// A group started on a network of the user's naming stays on it: `reload` and a
// later `start` without the flag keep every service there, so they still reach
// each other by name; `stop --network-name` is accepted as miniboss has it.
import assert from "node:assert/strict";
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

async function networksOfService(group: string, service: string): Promise<string[]> {
  const [container] = await containersOf(group, service);
  return Object.keys(container?.NetworkSettings.Networks ?? {}).sort();
}

/** What `wget` in the app's container gets from http://db/ (the db's page, by its DNS name). */
async function appReachesDb(group: string): Promise<string> {
  const [app] = await containersOf(group, "app");
  const exec = await docker
    .getContainer(app?.Id ?? "")
    .exec({ Cmd: ["wget", "-qO-", "http://db/"], AttachStdout: true, AttachStderr: true, Tty: true });
  const stream = await exec.start({ hijack: true, stdin: false, Tty: true });
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
  await new Promise((resolve) => stream.on("end", resolve));
  return text.trim();
}

describe("a group on a network named with --network-name", { skip, timeout: 120_000 }, () => {
  const group = uniqueGroup("netname");
  const network = `custom-${group}`;
  let dir = "";

  before(async () => {
    dir = await makeProject({
      "app/Dockerfile": "FROM boss-busybox:latest\nLABEL purpose=network-test\n",
      "boss.ts":
        servicesFilePreamble(group) +
        `
export class Db extends Service { name = "db"; image = busybox; cmd = httpd("db page"); }
export class App extends Service {
  name = "app"; image = "boss-netname-app:${group}"; buildFrom = "./app"; cmd = httpd("app"); dependencies = ["db"];
}
`,
    });
  });
  after(() => removeGroup(group, dir));

  it("starts every service on it", async () => {
    const start = await runBoss(dir, ["start", "--network-name", network]);
    assert.equal(start.code, 0, start.output);
    assert.deepEqual(await networksOfService(group, "db"), [network]);
    assert.deepEqual(await networksOfService(group, "app"), [network]);
    assert.equal(await appReachesDb(group), "db page");
  });

  it("reload keeps the reloaded service on the group's network, where it reaches db by name", async () => {
    const reload = await runBoss(dir, ["reload", "app"]);
    assert.equal(reload.code, 0, reload.output);
    assert.deepEqual(await networksOfService(group, "app"), [network]);
    assert.equal(await appReachesDb(group), "db page");
  });

  it("a start without the flag keeps everything where it runs", async () => {
    const start = await runBoss(dir, ["start"]);
    assert.equal(start.code, 0, start.output);
    assert.match(start.stdout, /^already running: db, app$/m);
    assert.deepEqual(await networksOfService(group, "db"), [network]);
  });

  it("stop takes --network-name and removes the network it made", async () => {
    const stop = await runBoss(dir, ["stop", "--remove", "--network-name", network]);
    assert.equal(stop.code, 0, stop.output);
    const left = await docker.listNetworks({ filters: { name: [network] } });
    assert.deepEqual(
      left.filter((n) => n.Name === network),
      [],
    );
  });
});
