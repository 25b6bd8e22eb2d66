// The README's walkthrough with the real boss binary: start the demo, use the
// todo app, edit it, `boss reload todo`, `boss stop --remove`.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { removeGroup, containersOf, engineUnavailable, networksOf, runBoss } from "./harness.js";
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

/** service → container id of the group's running containers. */
async function running(group: string): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const c of await containersOf(group)) if (c.State === "running") ids[c.Labels["boss.service"] ?? "?"] = c.Id;
  return ids;
}

describe("the README demo, run with the boss binary", { skip, timeout: 240_000 }, () => {
  let copy: DemoCopy;
  let todo: Todo;
  let ownerId = 0;
  let before_reload: Record<string, string> = {};

  before(async () => {
    copy = await copyReadmeDemo("readme");
  });
  after(async () => {
    await removeGroup(copy.group, copy.root);
    await removeTodoImages(copy);
  });

  it("starts the database, then the todo app, and prints the app's URL", async () => {
    const start = await runBoss(copy.dir, ["start"], { env: copy.env, timeoutMs: 180_000 });
    assert.equal(start.code, 0, start.output);
    assert.match(start.stdout, new RegExp(`^todo app: http://127\\.0\\.0\\.1:${copy.todoPort}/$`, "m"));
    assert.match(start.stdout, /^started: appdb, todo$/m);
    assert.deepEqual(Object.keys(await running(copy.group)).sort(), ["appdb", "todo"]);
    // The owner the database's postStart made, as the app got it through {owner_id}.
    const context = JSON.parse(readFileSync(join(copy.dir, ".boss-context"), "utf8")) as { owner_id: number };
    ownerId = context.owner_id;
    assert.ok(Number.isInteger(ownerId) && ownerId > 0, `owner_id ${ownerId}`);
    assert.equal(await psql(copy.group, `SELECT name FROM owners WHERE id = ${ownerId}`), "demo");
  });

  it("stores a todo made through the HTTP API in PostgreSQL", async () => {
    todo = await todoApi<Todo>(
      copy,
      "/api/todos",
      { method: "POST", body: JSON.stringify({ title: "try boss" }) },
      201,
    );
    assert.equal(todo.title, "try boss");
    assert.equal(todo.done, false);
    assert.deepEqual(
      (await todoApi<Todo[]>(copy, "/api/todos")).map((t) => t.title),
      ["try boss"],
    );
    assert.equal(
      await psql(copy.group, `SELECT title, done, owner_id FROM todos WHERE id = ${todo.id}`),
      `try boss|f|${ownerId}`,
    );
  });

  it("runs the edited app after `boss reload todo`, with the todo still there", async () => {
    before_reload = await running(copy.group);
    assert.doesNotMatch(await todoPage(copy), /Todos, reloaded/);
    const page = join(copy.root, "sample-apps", "todo", "src", "page.js");
    const source = await readFile(page, "utf8");
    assert.ok(source.includes("<h1>Todos</h1>"));
    await writeFile(page, source.replace("<h1>Todos</h1>", "<h1>Todos, reloaded</h1>"));

    const reload = await runBoss(copy.dir, ["reload", "todo"], { env: copy.env, timeoutMs: 180_000 });
    assert.equal(reload.code, 0, reload.output);
    const after_reload = await running(copy.group);
    assert.equal(after_reload.appdb, before_reload.appdb, "the database kept running in the same container");
    assert.notEqual(after_reload.todo, before_reload.todo, "the app runs in a new container");
    assert.match(await todoPage(copy), /<h1>Todos, reloaded<\/h1>/);
    assert.deepEqual(await todoApi<Todo[]>(copy, "/api/todos"), [todo]);
  });

  it("completes the todo in the reloaded app", async () => {
    const done = await todoApi<Todo>(copy, `/api/todos/${todo.id}/complete`, { method: "POST" });
    assert.equal(done.done, true);
    assert.equal(await psql(copy.group, `SELECT done FROM todos WHERE id = ${todo.id}`), "t");
  });

  it("leaves nothing behind after `boss stop --remove`", async () => {
    const stop = await runBoss(copy.dir, ["stop", "--remove"], { env: copy.env });
    assert.equal(stop.code, 0, stop.output);
    assert.match(stop.stdout, /^stopped: appdb, todo$/m);
    assert.deepEqual(await containersOf(copy.group), []);
    assert.deepEqual(await networksOf(copy.group), []);
    assert.equal(existsSync(join(copy.dir, ".boss-context")), false);
  });
});
