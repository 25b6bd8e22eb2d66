import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { removeGroup, engineUnavailable, makeProject, runBoss, servicesFilePreamble, uniqueGroup } from "./harness.js";

const skip = await engineUnavailable();

describe("boss exec", { skip, timeout: 60_000 }, () => {
  const group = uniqueGroup("exec");
  let dir = "";
  before(async () => {
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(group) +
        `export class Db extends Service { name = "db"; image = busybox; cmd = httpd("db"); env = { ROLE: "primary" }; }\n`,
    });
  });
  after(() => removeGroup(group, dir));

  it("says the service is not running before it is started (exit 2)", async () => {
    const run = await runBoss(dir, ["exec", "db", "--", "true"]);
    assert.equal(run.code, 2, run.output);
    assert.equal(run.stderr, 'boss: exec: "db" is not running; start it with boss start\n');
  });

  it("runs in the running container, keeps both streams apart and the exit code", async () => {
    const start = await runBoss(dir, ["start"]);
    assert.equal(start.code, 0, start.output);
    const run = await runBoss(dir, ["exec", "db", "--", "sh", "-c", 'cat /www/index.html; echo "$ROLE" >&2; exit 5']);
    assert.equal(run.code, 5, run.output);
    assert.equal(run.stdout, "db\n");
    assert.equal(run.stderr, "primary\n");
  });

  it("pipes stdin in", async () => {
    const run = await runBoss(dir, ["exec", "db", "--", "sh", "-c", "tr a-z A-Z"], { input: "piped text\n" });
    assert.equal(run.code, 0, run.output);
    assert.equal(run.stdout, "PIPED TEXT\n");
  });
});
