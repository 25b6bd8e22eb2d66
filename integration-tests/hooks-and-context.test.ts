import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  removeGroup,
  containersOf,
  engineUnavailable,
  envOf,
  makeProject,
  runBoss,
  savedContext,
  servicesFilePreamble,
  uniqueGroup,
} from "./harness.js";

const skip = await engineUnavailable();

/** The events recorded in hooks.log since the last call, which empties it. */
async function takeHookLog(dir: string): Promise<string[]> {
  const path = join(dir, "hooks.log");
  const text = await readFile(path, "utf8").catch(() => "");
  await rm(path, { force: true });
  return text.split("\n").filter(Boolean);
}

function count(events: string[], event: string): number {
  return events.filter((e) => e === event).length;
}

/** The hook calls of `service` as { preStart, ping, postStart } counts. */
function hookCounts(events: string[], service: string): { preStart: number; ping: number; postStart: number } {
  return {
    preStart: count(events, `${service}.preStart`),
    ping: count(events, `${service}.ping`),
    postStart: count(events, `${service}.postStart`),
  };
}

async function idsOf(group: string, service: string): Promise<string[]> {
  return (await containersOf(group, service)).map((c) => c.Id);
}

describe("hooks run exactly when described", { skip, timeout: 90_000 }, () => {
  const group = uniqueGroup("hooks");
  let dir = "";
  before(async () => {
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(group) +
        `abstract class Recorded extends Service {
  image = busybox;
  async preStart() { record(this.name + ".preStart"); }
  async ping() { record(this.name + ".ping"); return true; }
  async postStart() { record(this.name + ".postStart"); }
}
export class Web extends Recorded { name = "web"; cmd = httpd("web"); }
export class Fresh extends Recorded { name = "fresh"; cmd = httpd("fresh"); alwaysStartNew = true; dependencies = [Web]; }
onStartServices((names) => record("onStartServices " + [...names].sort().join(",")));
onStopServices((names) => record("onStopServices " + [...names].sort().join(",")));
`,
    });
  });
  after(() => removeGroup(group, dir));

  let webId = "";
  let freshId = "";

  it("a fresh start runs preStart, ping and postStart once each, then onStartServices with the names", async () => {
    const run = await runBoss(dir, ["start"]);
    assert.equal(run.code, 0, run.output);
    const events = await takeHookLog(dir);
    for (const service of ["web", "fresh"]) {
      // Each ping returns true at once: exactly one call.
      assert.deepEqual(hookCounts(events, service), { preStart: 1, ping: 1, postStart: 1 }, events.join("\n"));
    }
    assert.ok(events.indexOf("web.postStart") < events.indexOf("fresh.preStart"), events.join("\n"));
    assert.deepEqual(
      events.filter((e) => e.startsWith("on")),
      ["onStartServices fresh,web"],
    );
    assert.equal(events.at(-1), "onStartServices fresh,web", "onStartServices ran before a service was ready");
    [webId = ""] = await idsOf(group, "web");
    [freshId = ""] = await idsOf(group, "fresh");
    assert.ok(webId && freshId);
  });

  it("a second start with everything running runs no service hook and no ping", async () => {
    const run = await runBoss(dir, ["start"]);
    assert.equal(run.code, 0, run.output);
    assert.match(run.stdout, /^already running: web, fresh$/m);
    const events = await takeHookLog(dir);
    // A kept container is pinged only before a dependent starts (none does); onStartServices receives the services
    // found running too.
    assert.deepEqual(events, ["onStartServices fresh,web"]);
    assert.deepEqual(await idsOf(group, "web"), [webId]);
    assert.deepEqual(await idsOf(group, "fresh"), [freshId]);
  });

  it("stop runs onStopServices with the stopped services and no service hook", async () => {
    const run = await runBoss(dir, ["stop"]);
    assert.equal(run.code, 0, run.output);
    assert.deepEqual(await takeHookLog(dir), ["onStopServices fresh,web"]);
    const states = (await containersOf(group)).map((c) => c.State);
    assert.deepEqual(states, ["exited", "exited"]);
  });

  it("a start after stop restarts web (ping only) and makes fresh anew (alwaysStartNew, all hooks)", async () => {
    const run = await runBoss(dir, ["start"]);
    assert.equal(run.code, 0, run.output);
    const events = await takeHookLog(dir);
    assert.deepEqual(hookCounts(events, "web"), { preStart: 0, ping: 1, postStart: 0 }, events.join("\n"));
    assert.deepEqual(hookCounts(events, "fresh"), { preStart: 1, ping: 1, postStart: 1 }, events.join("\n"));
    assert.deepEqual(await idsOf(group, "web"), [webId], "web was not restarted in its own container");
    const freshIds = await idsOf(group, "fresh");
    assert.equal(freshIds.length, 1, "the old fresh container was left behind");
    assert.notEqual(freshIds[0], freshId, "fresh was restarted despite alwaysStartNew");
    assert.match(run.stdout, /^fresh: recreating — alwaysStartNew$/m);
    assert.deepEqual(
      (await containersOf(group)).map((c) => c.State),
      ["running", "running"],
    );
  });
});

describe("context values flow into a dependent's env", { skip, timeout: 60_000 }, () => {
  const group = uniqueGroup("context");
  const ownerId = `owner-${Math.random().toString(36).slice(2, 8)}`;
  let dir = "";
  before(async () => {
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(group) +
        `export class Owner extends Service {
  name = "owner";
  image = busybox;
  cmd = httpd("owner");
  async postStart() { Context.set("owner_id", ${JSON.stringify(ownerId)}); Context.set("seats", 3); }
}
export class App extends Service {
  name = "app";
  image = busybox;
  cmd = httpd("app");
  dependencies = [Owner];
  env = { OWNER: "{owner_id}", SEATS: "{seats}", LITERAL: "{{owner_id}}" };
}
`,
    });
  });
  after(() => removeGroup(group, dir));

  it("a postStart's Context.set reaches the dependent's container env and .boss-context", async () => {
    const run = await runBoss(dir, ["start"]);
    assert.equal(run.code, 0, run.output);
    const [app, ...more] = await containersOf(group, "app");
    assert.ok(app && more.length === 0);
    const env = await envOf(app.Id);
    assert.equal(env.OWNER, ownerId);
    assert.equal(env.SEATS, "3");
    assert.equal(env.LITERAL, "{owner_id}");
    const saved = await savedContext(dir);
    assert.deepEqual(saved.values, { owner_id: ownerId, seats: 3 });
    assert.equal(saved.ready.app, app.Id, "the app's container is recorded ready");
  });
});

describe("a context key nobody set", { skip, timeout: 60_000 }, () => {
  const group = uniqueGroup("nokey");
  let dir = "";
  before(async () => {
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(group) +
        `Context.set("present", "yes");
export class Lonely extends Service { name = "lonely"; image = busybox; cmd = httpd("x"); env = { TOKEN: "{missing_key}" }; }
export class Needy extends Service { name = "needy"; image = busybox; cmd = httpd("x"); dependencies = [Lonely]; }
export class Other extends Service { name = "other"; image = busybox; cmd = httpd("x"); }
`,
    });
  });
  after(() => removeGroup(group, dir));

  it("fails that service naming service, field and key; exit 1; independent services still start", async () => {
    const run = await runBoss(dir, ["start"]);
    assert.equal(run.code, 1, run.output);
    const failed = run.stdout.split("\n").find((line) => line.startsWith("failed: lonely"));
    assert.ok(failed, run.output);
    assert.match(failed, /^failed: lonely — env\.TOKEN: no context value "missing_key" .*; context keys: present$/);
    assert.match(run.stdout, /^not started: needy \(because lonely failed\)$/m);
    assert.deepEqual(await containersOf(group, "lonely"), []);
    assert.deepEqual(await containersOf(group, "needy"), []);
    assert.equal((await containersOf(group, "other"))[0]?.State, "running");
  });
});
