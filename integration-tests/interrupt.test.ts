import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  removeGroup,
  containersOf,
  engineUnavailable,
  makeProject,
  runBoss,
  savedContext,
  servicesFilePreamble,
  uniqueGroup,
  type BossRun,
} from "./harness.js";

const skip = await engineUnavailable();

const services = ["db", "other", "slow", "web"];

describe("Ctrl-C during start, then start again", { skip }, () => {
  // db -> slow -> web; other stands alone. slow answers its ping only after 3 s.
  const group = uniqueGroup("interrupt");
  let dir = "";
  let interrupted: BossRun;

  before(async () => {
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(group) +
        `
export class Db extends Service {
  name = "db"; image = busybox; cmd = httpd("db");
  async postStart() { Context.set("dbReady", true); }
}
export class Other extends Service { name = "other"; image = busybox; cmd = httpd("other"); }
let firstPing = 0;
export class Slow extends Service {
  name = "slow"; image = busybox; cmd = httpd("slow"); dependencies = ["db"];
  async ping() {
    firstPing ||= Date.now();
    return Date.now() - firstPing > 3000;
  }
}
export class Web extends Service { name = "web"; image = busybox; cmd = httpd("web"); dependencies = ["slow"]; }
`,
    });
    interrupted = await runBoss(dir, ["start"], { interruptWhen: "slow: pinging" });
  });
  after(() => removeGroup(group, dir));

  it("exits with 130 and saves the context", async () => {
    assert.equal(interrupted.code, 130, interrupted.output);
    assert.match(interrupted.stdout, /^interrupted: /m);
    // db was ready (its postStart ran) before slow began pinging.
    const saved = await savedContext(dir);
    assert.deepEqual(saved.values, { dbReady: true });
    assert.deepEqual(Object.keys(saved.ready).sort(), ["db", "other"], "the services that got to ready");
  });

  it("starts nothing new after the interrupt", async () => {
    assert.deepEqual(await containersOf(group, "web"), []);
    assert.match(interrupted.stdout, /^not started \(interrupted\): .*\bweb\b/m);
  });

  it("converges on the next start: one running container per service", async () => {
    const again = await runBoss(dir, ["start"]);
    assert.equal(again.code, 0, again.output);
    const containers = await containersOf(group);
    assert.deepEqual(containers.map((c) => c.Labels["boss.service"]).sort(), services);
    for (const c of containers) assert.equal(c.State, "running", c.Labels["boss.service"]);
  });

  it("keeps everything on a third start", async () => {
    const before = (await containersOf(group)).map((c) => c.Id).sort();
    const again = await runBoss(dir, ["start"]);
    assert.equal(again.code, 0, again.output);
    const kept = /^already running: (.*)$/m.exec(again.stdout)?.[1]?.split(", ");
    assert.deepEqual(kept?.sort(), services, again.output);
    assert.deepEqual((await containersOf(group)).map((c) => c.Id).sort(), before);
  });
});
