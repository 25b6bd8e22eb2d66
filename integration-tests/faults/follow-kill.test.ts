// Dependents follow their dependencies (issue 13) across a killed boss: SIGKILL
// the moment the recreated dependency is ready, before its running dependents
// were restarted, and the next `boss start` restarts them, saying why; SIGKILL
// `boss restart` between its stop and its start, and the next `boss start`
// brings the same containers back.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
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
} from "../harness.js";
import { runBossWatched } from "./fault-harness.js";

const skip = await engineUnavailable();

/** db ← api ← web; db's env holds `release`. */
function servicesFile(group: string, release: string): string {
  return (
    servicesFilePreamble(group) +
    `export class Db extends Service { name = "db"; image = busybox; cmd = httpd("db"); env = { RELEASE: ${JSON.stringify(release)} }; }
export class Api extends Service { name = "api"; image = busybox; cmd = httpd("api"); dependencies = [Db]; }
export class Web extends Service { name = "web"; image = busybox; cmd = httpd("web"); dependencies = ["api"]; }
`
  );
}

/** service → [container id, state, last start], one container each. */
async function seen(group: string): Promise<Record<string, [string, string, string]>> {
  const result: Record<string, [string, string, string]> = {};
  for (const c of await containersOf(group)) {
    const service = c.Labels["boss.service"] ?? "?";
    assert.equal(result[service], undefined, `two containers for ${service}`);
    result[service] = [c.Id, c.State, (await docker.getContainer(c.Id).inspect()).State.StartedAt];
  }
  return result;
}

describe("dependents follow their dependencies across SIGKILL", { skip, timeout: 120_000 }, () => {
  const group = uniqueGroup("follow-kill");
  let dir = "";
  before(async () => {
    dir = await makeProject({ "boss.ts": servicesFile(group, "r1") });
    const start = await runBoss(dir, ["start"]);
    assert.equal(start.code, 0, start.output);
  });
  after(() => removeGroup(group, dir));

  it("killed when the recreated db is ready, the next start restarts api and web, saying why", async () => {
    const before = await seen(group);
    await writeFile(join(dir, "boss.ts"), servicesFile(group, "r2"));
    const killed = await runBossWatched(dir, ["start", "--json"], {
      signalWhen: (e) => e.service === "db" && e.phase === "ready",
    });
    assert.notEqual(killed.signalledAfter, undefined, killed.output);
    const between = await seen(group);
    assert.notEqual(between.db?.[0], before.db?.[0], "db was recreated");
    assert.equal(between.api?.[2], before.api?.[2], "api was not restarted yet");

    const run = await runBoss(dir, ["start"]);
    assert.equal(run.code, 0, run.output);
    assert.match(run.stdout, /^db: kept/m);
    assert.match(run.stdout, /^api: ready — restarted: db was recreated/m);
    assert.match(run.stdout, /^web: ready — restarted: api was restarted/m);
    const now = await seen(group);
    assert.equal(now.api?.[0], before.api?.[0], "api keeps its container");
    assert.notEqual(now.api?.[2], before.api?.[2], "api was restarted");
    assert.notEqual(now.web?.[2], before.web?.[2], "web was restarted");

    const again = await runBoss(dir, ["start"]);
    assert.match(again.stdout, /^already running: db, api, web$/m, "the record was cleared");
  });

  it("restart killed after its stop: the next start brings the same containers back", async () => {
    const before = await seen(group);
    const killed = await runBossWatched(dir, ["restart", "api", "--json"], {
      signalWhen: (e) => e.service === "api" && e.phase === "stopped",
    });
    assert.notEqual(killed.signalledAfter, undefined, killed.output);
    const run = await runBoss(dir, ["start"]);
    assert.equal(run.code, 0, run.output);
    const now = await seen(group);
    for (const name of ["db", "api", "web"]) {
      assert.equal(now[name]?.[0], before[name]?.[0], `${name} keeps its container`);
      assert.equal(now[name]?.[1], "running", `${name} runs`);
    }
  });
});
