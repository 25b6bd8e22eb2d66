// The todo sample app tested the way a user's test suite would: the README
// demo started through boss's programmatic API in `before`, assertions
// against the app's HTTP API and its database, everything removed in `after`.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadGroup, type ServiceGroup } from "../src/index.js";
import { removeGroup, containersOf, engineUnavailable, networksOf } from "./harness.js";
import {
  copyReadmeDemo,
  demoImagesMissing,
  psql,
  removeTodoImages,
  todoApi,
  todoPage,
  type DemoCopy,
  type Todo,
} from "./readme-demo-copy.js";

const skip = (await engineUnavailable()) ?? (await demoImagesMissing());

describe("the todo app, with its services started through loadGroup()", { skip, timeout: 240_000 }, () => {
  let copy: DemoCopy;
  let group: ServiceGroup;

  before(async () => {
    copy = await copyReadmeDemo("todo");
    // The services file reads its images and ports from the environment when it loads.
    Object.assign(process.env, copy.env);
    group = await loadGroup(`${copy.dir}/boss.ts`);
    await group.start({ timeoutSeconds: 180 });
  });

  after(async () => {
    try {
      const summary = await group.stop({ remove: true });
      assert.deepEqual(summary.stopped, ["appdb", "todo"]);
      assert.deepEqual(await containersOf(group.name), []);
      assert.deepEqual(await networksOf(group.name), []);
    } finally {
      await removeGroup(copy.group, copy.root);
      await removeTodoImages(copy);
    }
  });

  /** The owner the database's postStart made, as the group's context has it. */
  function ownerId(): number {
    const id = group.context.owner_id;
    assert.ok(typeof id === "number" && id > 0, `owner_id ${JSON.stringify(id)}`);
    return id;
  }

  it("runs both services, the app on the published port, with the owner from the context", async () => {
    assert.equal(group.name, copy.group);
    const services = await group.services();
    assert.deepEqual(
      services.map((s) => [s.name, s.state, s.ready]),
      [
        ["appdb", "running", true],
        ["todo", "running", true],
      ],
    );
    assert.equal(await group.hostPort("todo", 8080), copy.todoPort);
    assert.equal(await psql(group.name, `SELECT name FROM owners WHERE id = ${ownerId()}`), "demo");
    assert.match(await todoPage(copy), /<title>Todos<\/title>[\s\S]*Owner: <strong>demo<\/strong>/);
  });

  it("creates, lists and completes todos, stored for the owner in PostgreSQL", async () => {
    const first = await todoApi<Todo>(copy, "/api/todos", { method: "POST", body: '{"title":"write tests"}' }, 201);
    const second = await todoApi<Todo>(copy, "/api/todos", { method: "POST", body: '{"title":"ship it"}' }, 201);
    assert.deepEqual(
      (await todoApi<Todo[]>(copy, "/api/todos")).map((t) => [t.title, t.done]),
      [
        ["write tests", false],
        ["ship it", false],
      ],
    );
    await todoApi<Todo>(copy, `/api/todos/${first.id}/complete`, { method: "POST" });
    assert.equal(
      await psql(group.name, "SELECT title || ':' || done || ':' || owner_id FROM todos ORDER BY id"),
      `write tests:true:${ownerId()}\nship it:false:${ownerId()}`,
    );
    await todoApi(copy, `/api/todos/${second.id + 100}/complete`, { method: "POST" }, 404);
  });

  it("refuses a todo without a title", async () => {
    const answer = await todoApi<{ error: string }>(copy, "/api/todos", { method: "POST", body: "{}" }, 400);
    assert.match(answer.error, /non-empty title/);
  });

  it("keeps the running services on a second start", async () => {
    const ids = (await containersOf(group.name)).map((c) => c.Id).sort();
    const summary = await group.start();
    assert.deepEqual(
      summary.started.map((s) => [s.name, s.action]),
      [
        ["appdb", "kept"],
        ["todo", "kept"],
      ],
    );
    assert.deepEqual((await containersOf(group.name)).map((c) => c.Id).sort(), ids);
  });
});
