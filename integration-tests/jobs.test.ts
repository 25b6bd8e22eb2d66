import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
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

/**
 * migrate (a job) writes /data/ready after a second and appends a line to /data/runs per run; web refuses to
 * start (exits 1) unless /data/ready is there, so web running proves the job gated it.
 */
function jobsFile(group: string, version: string): string {
  return (
    servicesFilePreamble(group) +
    `
export class Migrate extends Service {
  name = "migrate"; image = busybox; job = true;
  volumes = ["./data:/data"];
  env = { VERSION: ${JSON.stringify(version)} };
  cmd = ["sh", "-c", "sleep 1; echo run >> /data/runs; echo migrated > /data/ready; echo migration $VERSION done"];
}
export class Web extends Service {
  name = "web"; image = busybox; dependencies = [Migrate];
  volumes = ["./data:/data"];
  cmd = ["sh", "-c", "test -f /data/ready || exit 1; trap 'exit 0' TERM; while true; do sleep 0.1; done"];
}
`
  );
}

async function runs(dir: string): Promise<number> {
  return (await readFile(join(dir, "data", "runs"), "utf8")).split("\n").filter(Boolean).length;
}

async function jobContainer(group: string) {
  const [info, ...more] = await containersOf(group, "migrate");
  assert.ok(info, "a migrate container");
  assert.equal(more.length, 0, "one migrate container");
  return docker.getContainer(info.Id).inspect();
}

describe("a job (job = true) on the engine", { skip }, () => {
  const group = uniqueGroup("jobs");
  let dir = "";

  before(async () => {
    dir = await makeProject({ "boss.ts": jobsFile(group, "1"), "data/.keep": "" });
  });
  after(() => removeGroup(group, dir));

  it("runs to completion before its dependent starts, and its exit is not a failure", async () => {
    const run = await runBoss(dir, ["start", "--timeout", "60"]);
    assert.equal(run.code, 0, run.output);
    assert.match(run.stdout, /^migrate: completed — exit 0 \(\d+\.\d s\)$/m);
    assert.match(run.stdout, /^jobs completed: migrate$/m);
    assert.equal(await runs(dir), 1);
    const job = await jobContainer(group);
    assert.equal(job.State.Status, "exited");
    assert.equal(job.State.ExitCode, 0);
    const [web] = await containersOf(group, "web");
    assert.equal(web?.State, "running", "web found /data/ready: it started after the job");
    assert.ok(
      Date.parse(job.State.FinishedAt) <= Date.parse((await docker.getContainer(web.Id).inspect()).State.StartedAt),
    );
  });

  it("is not run again by the next start, which says so", async () => {
    const before = await jobContainer(group);
    const run = await runBoss(dir, ["start", "--timeout", "60"]);
    assert.equal(run.code, 0, run.output);
    assert.match(run.stdout, /^migrate: completed earlier \(exit 0\), not run again$/m);
    assert.equal(await runs(dir), 1);
    assert.equal((await jobContainer(group)).Id, before.Id, "the same container, left as it was");
  });

  it("shows as completed in status (text and --json), and its output in logs", async () => {
    const text = await runBoss(dir, ["status"]);
    assert.match(text.stdout, /^migrate +completed \(exit 0, \S+ ago\)/m);
    const json = await runBoss(dir, ["status", "--json"]);
    const migrate = (JSON.parse(json.stdout) as { services: Array<Record<string, unknown>> }).services.find(
      (s) => s.name === "migrate",
    );
    assert.equal(migrate?.state, "completed");
    assert.equal(migrate?.exitCode, 0);
    assert.equal(migrate?.job, true);
    assert.equal(migrate?.finishedAt, (await jobContainer(group)).State.FinishedAt);
    const logs = await runBoss(dir, ["logs", "migrate"]);
    assert.match(logs.stdout, /migration 1 done/);
  });

  it("is left alone by stop", async () => {
    const before = await jobContainer(group);
    const run = await runBoss(dir, ["stop"]);
    assert.equal(run.code, 0, run.output);
    assert.match(run.stdout, /^stopped: web$/m);
    assert.doesNotMatch(run.stdout, /^migrate: (stopping|stopped)/m);
    const after = await jobContainer(group);
    assert.equal(after.Id, before.Id);
    assert.equal(after.State.FinishedAt, before.State.FinishedAt, "not started or stopped again");
  });

  it("runs again with --rerun-jobs", async () => {
    const run = await runBoss(dir, ["start", "--rerun-jobs", "--timeout", "60"]);
    assert.equal(run.code, 0, run.output);
    assert.match(run.stdout, /^migrate: recreating — --rerun-jobs: running the job again$/m);
    assert.match(run.stdout, /^migrate: completed — exit 0/m);
    assert.equal(await runs(dir), 2);
  });

  it("runs again when its definition changed", async () => {
    await writeFile(join(dir, "boss.ts"), jobsFile(group, "2"));
    const run = await runBoss(dir, ["start", "--timeout", "60"]);
    assert.equal(run.code, 0, run.output);
    assert.match(run.stdout, /^migrate: recreating — env.VERSION changed$/m);
    assert.equal(await runs(dir), 3);
    const logs = await runBoss(dir, ["logs", "migrate"]);
    assert.match(logs.stdout, /migration 2 done/);
  });

  it("is removed by stop --remove", async () => {
    const run = await runBoss(dir, ["stop", "--remove"]);
    assert.equal(run.code, 0, run.output);
    assert.deepEqual(await containersOf(group, "migrate"), []);
  });
});

describe("a failing job on the engine", { skip }, () => {
  const group = uniqueGroup("jobfail");
  let dir = "";

  before(async () => {
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(group) +
        `
export class Migrate extends Service {
  name = "migrate"; image = busybox; job = true;
  cmd = ["sh", "-c", "echo applying 0001; sleep 0.3; echo relation users already exists >&2; exit 3"];
}
export class Web extends Service {
  name = "web"; image = busybox; dependencies = ["migrate"]; cmd = ["sleep", "600"]; stopSignal = "SIGKILL" as const;
}
`,
    });
  });
  after(() => removeGroup(group, dir));

  it("fails its dependent with its exit code and last log line, and boss exits 1", async () => {
    const run = await runBoss(dir, ["start", "--timeout", "60"]);
    assert.equal(run.code, 1, run.output);
    assert.match(run.stdout, /^migrate: failed — job exited with code 3; last 20 log lines:$/m);
    assert.match(
      run.stdout,
      /^web: not started — because migrate failed \(the job exited with code 3; its last log line: relation users already exists\)$/m,
    );
    assert.match(
      run.stdout,
      /^failed: migrate — job exited with code 3; last 20 log lines:\napplying 0001\nrelation users already exists$/m,
    );
    assert.deepEqual(await containersOf(group, "web"), [], "web was never created");
    const status = await runBoss(dir, ["status", "--json"]);
    const migrate = (JSON.parse(status.stdout) as { services: Array<Record<string, unknown>> }).services.find(
      (s) => s.name === "migrate",
    );
    assert.deepEqual([migrate?.state, migrate?.exitCode], ["failed", 3]);
  });

  it("runs again on the next start", async () => {
    const run = await runBoss(dir, ["start", "--timeout", "60"]);
    assert.equal(run.code, 1, run.output);
    assert.match(run.stdout, /^migrate: recreating — its last run failed \(exit 3\): running it again$/m);
  });
});

describe("boss reload of a job on the engine", { skip }, () => {
  const group = uniqueGroup("jobreload");
  let dir = "";

  before(async () => {
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(group) +
        `
export class Migrate extends Service {
  name = "migrate"; image = "${group}-migrate:dev"; buildFrom = "migrate"; buildArgs = { BASE_IMAGE: busybox };
  job = true; volumes = ["./data:/data"];
  cmd = ["sh", "-c", "echo run >> /data/runs"];
}
export class Web extends Service {
  name = "web"; image = busybox; dependencies = [Migrate]; cmd = httpd("web");
}
`,
      "migrate/Dockerfile": "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n",
      "data/.keep": "",
    });
  });
  after(() => removeGroup(group, dir));

  it("runs the job again and restarts its running dependents", async () => {
    const start = await runBoss(dir, ["start", "--timeout", "60"]);
    assert.equal(start.code, 0, start.output);
    const [web] = await containersOf(group, "web");
    assert.ok(web);
    const startedBefore = (await docker.getContainer(web.Id).inspect()).State.StartedAt;
    const reload = await runBoss(dir, ["reload", "migrate", "--timeout", "60"]);
    assert.equal(reload.code, 0, reload.output);
    assert.match(reload.stdout, /^migrate: completed — exit 0/m);
    assert.equal(await runs(dir), 2);
    const after = await docker.getContainer(web.Id).inspect();
    assert.equal(after.State.Running, true);
    assert.notEqual(after.State.StartedAt, startedBefore, "web was restarted after the job ran again");
  });
});
