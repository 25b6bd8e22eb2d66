import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  containersOf,
  engineUnavailable,
  envOf,
  makeProject,
  plainOutputEnv,
  removeGroup,
  runBoss,
  servicesFilePreamble,
  uniqueGroup,
} from "./harness.js";

const skip = await engineUnavailable();

/** Env files, profiles, `run --entrypoint` and exec/run without `--`, on the real engine (issue 13, part E). */
describe("env files, profiles and the command line of exec and run", { skip, timeout: 120_000 }, () => {
  const group = uniqueGroup("friction");
  let dir = "";
  const boss = (args: string[]) => runBoss(dir, [...args, "--plain"], { env: plainOutputEnv });
  before(async () => {
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(group) +
        `export class Db extends Service {
  name = "db";
  image = busybox;
  cmd = httpd("db page");
  stopSignal = "SIGKILL" as const;
  envFile = [".env", ".env.local"];
  env = { EXPLICIT: "from env" };
}
export class Adminer extends Service {
  name = "adminer";
  image = busybox;
  cmd = httpd("adminer page");
  stopSignal = "SIGKILL" as const;
  dependencies = [Db];
  profiles = ["debug"];
}
`,
      ".env": "# shared\nexport HOST=db\nURL=http://${HOST}:${PORT:-80}/\nEXPLICIT=from file\nLOCAL=base\n",
      ".env.local": "LOCAL='overridden # not a comment'\n",
    });
  });
  after(() => removeGroup(group, dir));

  it("env files reach the container, later files and env winning; profiled services stay out", async () => {
    const start = await boss(["start"]);
    assert.equal(start.code, 0, start.output);
    assert.match(start.stdout, /not started, their profiles are not active: adminer \(profile debug\)/);
    const [db] = await containersOf(group, "db");
    assert.ok(db);
    const env = await envOf(db.Id);
    assert.equal(env.HOST, "db");
    assert.equal(env.URL, "http://db:80/");
    assert.equal(env.EXPLICIT, "from env");
    assert.equal(env.LOCAL, "overridden # not a comment");
    assert.deepEqual(await containersOf(group, "adminer"), []);
  });

  it("a changed env file replaces the container on the next start, saying env changed", async () => {
    const [before] = await containersOf(group, "db");
    writeFileSync(join(dir, ".env.local"), "LOCAL=changed\n");
    const start = await boss(["start"]);
    assert.equal(start.code, 0, start.output);
    assert.match(start.stdout, /db: recreating — .*env\.LOCAL/);
    const [after] = await containersOf(group, "db");
    assert.notEqual(after?.Id, before?.Id);
    assert.equal((await envOf(after?.Id ?? "")).LOCAL, "changed");
  });

  it("--profile starts the profiled service", async () => {
    const start = await boss(["start", "--profile", "debug"]);
    assert.equal(start.code, 0, start.output);
    const [adminer] = await containersOf(group, "adminer");
    assert.equal(adminer?.State, "running");
  });

  it("exec and run take the command without --; run --entrypoint replaces the entrypoint", async () => {
    const exec = await runBoss(dir, ["exec", "db", "sh", "-c", 'echo "$LOCAL"'], { env: plainOutputEnv });
    assert.equal(exec.code, 0, exec.output);
    assert.equal(exec.stdout, "changed\n");
    const run = await runBoss(dir, ["run", "--no-deps", "--entrypoint", "echo entry:", "db", "-n", "x"], {
      env: plainOutputEnv,
    });
    assert.equal(run.code, 0, run.output);
    assert.equal(run.stdout, "entry: -n x\n");
  });
});
