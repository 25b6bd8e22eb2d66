import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  removeGroup,
  containersOf,
  engineUnavailable,
  makeProject,
  runBoss,
  servicesFilePreamble,
  uniqueGroup,
} from "./harness.js";

const skip = await engineUnavailable();

describe("harness smoke", { skip }, () => {
  const group = uniqueGroup("smoke");
  let dir = "";
  before(async () => {
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(group) +
        `export class Web extends Service { name = "web"; image = busybox; cmd = httpd("hi"); async postStart() { record("web.postStart"); } }\n`,
    });
  });
  after(() => removeGroup(group, dir));

  it("starts and stops a service that handles SIGTERM quickly", async () => {
    const start = await runBoss(dir, ["start"]);
    assert.equal(start.code, 0, start.output);
    assert.equal((await containersOf(group, "web"))[0]?.State, "running");
    const began = Date.now();
    const stop = await runBoss(dir, ["stop"]);
    assert.equal(stop.code, 0, stop.output);
    assert.ok(Date.now() - began < 5000, "stop waited for the timeout: the fixture does not handle SIGTERM");
  });
});
