// The three sample stacks of examples/compose, as a user moving from compose would run them: `boss init
// --from-compose` on the compose file, the boss.ts it wrote started unchanged, requests that go through every
// service, data kept by stop/start, and `stop web` / `start web` / `restart web` doing what they say.
// These need the other parts of issue 13 (ports in compose's syntax, healthchecks, jobs, verbs by name).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { api, call, containerStates, copyStack, eventually, type StackCopy } from "./compose-stack-copy.js";
import { engineUnavailable } from "./harness.js";
import { demoImagesMissing } from "./readme-demo-copy.js";

const skip = (await engineUnavailable()) ?? (await demoImagesMissing());
const minutes = 60_000;

/**
 * Converts and starts a stack, asserting both worked, and waits until its published ports answer: like compose,
 * the converted file has no ping for the apps (the compose files have no healthcheck for them), so they are
 * "started" a moment before they listen.
 */
async function convertAndStart(stack: StackCopy): Promise<string> {
  const init = await stack.boss(["init", "--from-compose"]);
  assert.equal(init.code, 0, init.stderr);
  const start = await stack.boss(["start"]);
  assert.equal(start.code, 0, start.stdout + start.stderr + readFileSync(join(stack.dir, "boss.ts"), "utf8"));
  for (const port of Object.values(stack.ports)) await eventually(async () => void (await call(port, "GET", "/")));
  return init.stderr;
}

/** The body of `class NAME extends Service { … }` in the converted file. */
function classBody(stack: StackCopy, name: string): string {
  const file = readFileSync(join(stack.dir, "boss.ts"), "utf8");
  const start = file.indexOf(`export class ${name} extends Service {`);
  assert.ok(start >= 0, `no class ${name} in\n${file}`);
  return file.slice(start, file.indexOf("\n}\n", start));
}

/**
 * `stop web` stops that service only (nothing depends on it here), `start web` brings it back with its data,
 * `restart web` restarts the same container (its definition is unchanged) and leaves the database alone.
 */
async function webVerbs(stack: StackCopy, web: string, port: number, probe: () => Promise<void>): Promise<void> {
  const before = await containerStates(stack.group);
  const stop = await stack.boss(["stop", web]);
  assert.equal(stop.code, 0, stop.stderr);
  const stopped = await containerStates(stack.group);
  assert.equal(stopped[web]?.state, "exited");
  assert.equal(stopped.db?.state, "running");
  assert.equal(stopped.db?.startedAt, before.db?.startedAt);
  await assert.rejects(call(port, "GET", "/"), /ECONNREFUSED|ECONNRESET|socket hang up|no answer/);

  const start = await stack.boss(["start", web]);
  assert.equal(start.code, 0, start.stderr);
  await eventually(probe);
  const started = await containerStates(stack.group);
  assert.equal(started[web]?.state, "running");
  assert.equal(started.db?.startedAt, before.db?.startedAt);

  const restart = await stack.boss(["restart", web]);
  assert.equal(restart.code, 0, restart.stderr);
  const restarted = await containerStates(stack.group);
  assert.equal(restarted[web]?.id, started[web]?.id, "the same container: its definition did not change");
  assert.notEqual(restarted[web]?.startedAt, started[web]?.startedAt);
  assert.equal(restarted.db?.startedAt, before.db?.startedAt);
  await eventually(probe);
}

/** `stop` then `start` of the whole group keeps what `check` finds. */
async function stopStartKeeps(stack: StackCopy, check: () => Promise<void>): Promise<void> {
  const stop = await stack.boss(["stop"]);
  assert.equal(stop.code, 0, stop.stderr);
  const start = await stack.boss(["start"]);
  assert.equal(start.code, 0, start.stdout + start.stderr);
  await eventually(check);
}

describe("compose stack: web app, Postgres and a migration job", { skip, timeout: 15 * minutes }, () => {
  let stack: StackCopy;
  let port: number;
  let notes: string;
  before(async () => {
    stack = await copyStack("web-migrate", ["WEB_PORT"]);
    port = stack.ports.WEB_PORT ?? 0;
    notes = await convertAndStart(stack);
  });
  after(() => stack.remove());

  it("converted with the job and the healthcheck, and listed what it kept", () => {
    assert.match(classBody(stack, "Migrate"), /\n {2}job = true;/);
    assert.match(classBody(stack, "Db"), /\n {2}ping = waitFor\.healthy\(\);/);
    assert.match(notes, /services\.web\.container_name: no boss equivalent/);
  });

  it("serves items through web and the database, in the table the job made", async () => {
    assert.deepEqual(await api(port, "GET", "/migrations"), ["001-items"]);
    assert.deepEqual(await api(port, "POST", "/items", { name: "pen" }, 201), { id: 1, name: "pen" });
    assert.deepEqual(await api(port, "GET", "/items"), [{ id: 1, name: "pen" }]);
    const states = await containerStates(stack.group);
    assert.equal(states.migrate?.state, "exited", "the job ran to its end");
  });

  it("keeps the items across stop and start", () =>
    stopStartKeeps(stack, async () => assert.deepEqual(await api(port, "GET", "/items"), [{ id: 1, name: "pen" }])));

  it("stop web / start web / restart web", () =>
    webVerbs(stack, "web", port, async () =>
      assert.deepEqual(await api(port, "GET", "/items"), [{ id: 1, name: "pen" }]),
    ));
});

describe("compose stack: a queue with a worker (the voting app's shape)", { skip, timeout: 15 * minutes }, () => {
  let stack: StackCopy;
  let vote: number;
  let result: number;
  before(async () => {
    stack = await copyStack("queue-worker", ["VOTE_PORT", "RESULT_PORT"]);
    vote = stack.ports.VOTE_PORT ?? 0;
    result = stack.ports.RESULT_PORT ?? 0;
    await convertAndStart(stack);
  });
  after(() => stack.remove());

  const totals = (expected: Record<string, number>) => () =>
    eventually(async () => assert.deepEqual(await api(result, "GET", "/results"), expected));

  it("counts votes: vote queues them, the worker counts them, result shows the totals", async () => {
    await api(vote, "POST", "/vote", { choice: "cats" }, 202);
    await api(vote, "POST", "/vote", { choice: "cats" }, 202);
    await api(vote, "POST", "/vote", { choice: "dogs" }, 202);
    await totals({ cats: 2, dogs: 1 })();
    assert.deepEqual(await api(vote, "GET", "/queue"), { waiting: 0 });
  });

  it("keeps the totals across stop and start, and the worker still counts", async () => {
    await stopStartKeeps(stack, totals({ cats: 2, dogs: 1 }));
    // vote declares no readiness check (its compose file has no healthcheck), so, as after `docker compose up`,
    // it may not listen yet when start returns: wait until it answers before the one vote that must count once.
    await eventually(async () => void (await api(vote, "GET", "/queue")));
    await api(vote, "POST", "/vote", { choice: "dogs" }, 202);
    await totals({ cats: 2, dogs: 2 })();
  });

  it("stop vote / start vote / restart vote", () =>
    webVerbs(stack, "vote", vote, async () => {
      await api(vote, "POST", "/vote", { choice: "cats" }, 202);
      await eventually(async () =>
        assert.equal(((await api(result, "GET", "/results")) as { cats: number }).cats > 2, true),
      );
    }));
});

describe("compose stack: a healthcheck-gated app with a named volume", { skip, timeout: 15 * minutes }, () => {
  let stack: StackCopy;
  let port: number;
  before(async () => {
    stack = await copyStack("healthy-volume", ["WEB_PORT"]);
    port = stack.ports.WEB_PORT ?? 0;
    await convertAndStart(stack);
  });
  after(() => stack.remove());

  // counter.js queries the database once at start, without retrying: it would have exited had it started first.
  it("started web only once the database was healthy, and counts visits in it", async () => {
    assert.match(classBody(stack, "Db"), /\n {2}ping = waitFor\.healthy\(\);/);
    const db = (await containerStates(stack.group)).db;
    const { at } = (await api(port, "GET", "/started")) as { at: string };
    assert.ok(db && Date.parse(at) > Date.parse(db.startedAt));
    assert.deepEqual(await api(port, "POST", "/visit", undefined, 201), { visits: 1 });
    assert.deepEqual(await api(port, "GET", "/visits"), { visits: 1 });
  });

  it("keeps the visits in the named volume, also when the containers are removed", async () => {
    await stopStartKeeps(stack, async () => assert.deepEqual(await api(port, "GET", "/visits"), { visits: 1 }));
    const removed = await stack.boss(["stop", "--remove"]);
    assert.equal(removed.code, 0, removed.stderr);
    const start = await stack.boss(["start"]);
    assert.equal(start.code, 0, start.stderr);
    await eventually(async () => assert.deepEqual(await api(port, "GET", "/visits"), { visits: 1 }));
  });

  it("stop web / start web / restart web", () =>
    webVerbs(stack, "web", port, async () => assert.deepEqual(await api(port, "GET", "/visits"), { visits: 1 })));
});
