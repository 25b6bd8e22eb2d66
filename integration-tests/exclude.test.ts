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

/** service → state of its one container ("none" when it has none). */
async function states(group: string): Promise<Record<string, string>> {
  const result: Record<string, string> = { db: "none", api: "none", web: "none", worker: "none" };
  for (const c of await containersOf(group)) {
    const service = c.Labels["boss.service"] ?? "?";
    assert.equal(result[service], "none", `two containers for ${service}`);
    result[service] = c.State;
  }
  return result;
}

/** The names on the summary's "stopped:" line, sorted. */
function stoppedNames(stdout: string): string[] | undefined {
  return /^stopped: (.*)$/m.exec(stdout)?.[1]?.split(", ").sort();
}

describe("--exclude at start and stop", { skip, timeout: 90_000 }, () => {
  const group = uniqueGroup("exclude");
  let dir = "";
  before(async () => {
    // db ← api ← web, and worker on its own.
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(group) +
        `export class Db extends Service { name = "db"; image = busybox; cmd = httpd("db"); }
export class Api extends Service { name = "api"; image = busybox; cmd = httpd("api"); dependencies = [Db]; }
export class Web extends Service { name = "web"; image = busybox; cmd = httpd("web"); dependencies = ["api"]; }
export class Worker extends Service { name = "worker"; image = busybox; cmd = httpd("worker"); }
`,
    });
  });
  after(() => removeGroup(group, dir));

  it("start --exclude of an unknown service is a user error", async () => {
    const run = await runBoss(dir, ["start", "--exclude", "nope"]);
    assert.equal(run.code, 2, run.output);
    assert.match(run.stderr, /--exclude: unknown service "nope"; known services: /);
    assert.deepEqual(await containersOf(group), []);
  });

  it("start --exclude of a dependency of a started service is refused, naming both", async () => {
    const run = await runBoss(dir, ["start", "--exclude", "db"]);
    assert.equal(run.code, 2, run.output);
    assert.match(run.stderr, /cannot exclude "db": "api", "web" depend on it/);
    assert.deepEqual(await containersOf(group), []);
  });

  it("start --exclude of a service and all its dependents starts the rest", async () => {
    const run = await runBoss(dir, ["start", "--exclude", "api,web"]);
    assert.equal(run.code, 0, run.output);
    assert.deepEqual(await states(group), { db: "running", api: "none", web: "none", worker: "running" });
  });

  it("a later start without --exclude adds the excluded services", async () => {
    const run = await runBoss(dir, ["start"]);
    assert.equal(run.code, 0, run.output);
    assert.deepEqual(await states(group), { db: "running", api: "running", web: "running", worker: "running" });
  });

  it("stop --exclude of a service whose dependency would stop is refused, naming both", async () => {
    const run = await runBoss(dir, ["stop", "--exclude", "api"]);
    assert.equal(run.code, 2, run.output);
    assert.match(run.stderr, /cannot exclude "api": it depends on "db", which would be stopped/);
    const unknown = await runBoss(dir, ["stop", "--exclude", "ghost"]);
    assert.equal(unknown.code, 2, unknown.output);
    assert.match(unknown.stderr, /unknown service "ghost"/);
    assert.deepEqual(await states(group), { db: "running", api: "running", web: "running", worker: "running" });
  });

  it("stop --exclude of a service with its dependencies keeps them running and stops the others", async () => {
    const run = await runBoss(dir, ["stop", "--exclude", "db,api"]);
    assert.equal(run.code, 0, run.output);
    assert.deepEqual(await states(group), { db: "running", api: "running", web: "exited", worker: "exited" });
    assert.deepEqual(stoppedNames(run.stdout), ["web", "worker"]);
  });

  it("stop --exclude of one service keeps only it running", async () => {
    const run = await runBoss(dir, ["stop", "--exclude", "db"]);
    assert.equal(run.code, 0, run.output);
    assert.deepEqual(await states(group), { db: "running", api: "exited", web: "exited", worker: "exited" });
    assert.deepEqual(stoppedNames(run.stdout), ["api"]);
  });
});
