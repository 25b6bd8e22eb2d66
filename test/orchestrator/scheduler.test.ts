import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { abortError } from "../../src/orchestrator/readiness.js";
import { schedule, type Outcome } from "../../src/orchestrator/scheduler.js";

/**
 * Tasks that begin when the scheduler runs them and end only when the test
 * says so, to look at what runs at the same time.
 */
class Tasks {
  readonly begun: string[] = [];
  readonly ended: string[] = [];
  private readonly gates = new Map<string, { resolve: () => void; reject: (e: unknown) => void }>();

  run = (name: string): Promise<void> => {
    this.begun.push(name);
    return new Promise<void>((resolve, reject) => {
      this.gates.set(name, { resolve, reject });
    }).then(() => {
      this.ended.push(name);
    });
  };

  async finish(name: string): Promise<void> {
    await until(() => this.gates.has(name), `${name} to begin`);
    this.gates.get(name)?.resolve();
  }

  async fail(name: string, error: unknown): Promise<void> {
    await until(() => this.gates.has(name), `${name} to begin`);
    this.gates.get(name)?.reject(error);
  }
}

/** Lets pending promise callbacks run until `condition` holds. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const graph =
  (edges: Record<string, string[]>) =>
  (name: string): string[] =>
    edges[name] ?? [];

describe("schedule", () => {
  it("starts a node as soon as its own prerequisites are done, not in waves", async () => {
    // c needs a; b is slow and unrelated: c must begin while b is still running.
    const tasks = new Tasks();
    const result = schedule(["a", "b", "c"], graph({ c: ["a"] }), tasks.run);
    await until(() => tasks.begun.length === 2, "a and b to begin");
    assert.deepEqual(tasks.begun, ["a", "b"]);
    await tasks.finish("a");
    await until(() => tasks.begun.includes("c"), "c to begin");
    assert.deepEqual(tasks.ended, ["a"], "b is still running when c begins");
    await tasks.finish("c");
    await tasks.finish("b");
    const outcomes = await result;
    assert.deepEqual([...outcomes.values()], [{ status: "done" }, { status: "done" }, { status: "done" }]);
    assert.deepEqual(tasks.ended, ["a", "c", "b"]);
  });

  it("runs independent nodes in parallel", async () => {
    const tasks = new Tasks();
    const result = schedule(["x", "y", "z"], graph({}), tasks.run);
    await until(() => tasks.begun.length === 3, "all three to begin");
    assert.deepEqual(tasks.ended, []);
    for (const name of ["z", "x", "y"]) await tasks.finish(name);
    assert.equal((await result).size, 3);
  });

  it("never begins a node before its prerequisites are done", async () => {
    const tasks = new Tasks();
    const result = schedule(["web", "api", "db"], graph({ web: ["api"], api: ["db"] }), tasks.run);
    await until(() => tasks.begun.length === 1, "db to begin");
    assert.deepEqual(tasks.begun, ["db"]);
    await tasks.finish("db");
    await until(() => tasks.begun.length === 2, "api to begin");
    assert.deepEqual(tasks.begun, ["db", "api"]);
    await tasks.finish("api");
    await tasks.finish("web");
    await result;
    assert.deepEqual(tasks.ended, ["db", "api", "web"]);
  });

  it("runs a diamond: the base once, both sides together, the top after both", async () => {
    const tasks = new Tasks();
    const edges = graph({ top: ["left", "right"], left: ["base"], right: ["base"] });
    const result = schedule(["top", "left", "right", "base"], edges, tasks.run);
    await tasks.finish("base");
    await until(() => tasks.begun.length === 3, "left and right to begin");
    assert.deepEqual([...tasks.begun].sort(), ["base", "left", "right"]);
    await tasks.finish("left");
    await until(() => tasks.ended.length === 2, "left to end");
    assert.ok(!tasks.begun.includes("top"), "top waits for right too");
    await tasks.finish("right");
    await tasks.finish("top");
    const outcomes = await result;
    assert.deepEqual(
      tasks.begun.filter((n) => n === "base"),
      ["base"],
    );
    assert.ok([...outcomes.values()].every((o) => o.status === "done"));
  });

  it("skips every node that needs a failed one, naming the node that failed; other branches go on", async () => {
    const tasks = new Tasks();
    const boom = new Error("db crashed");
    const edges = graph({ api: ["db"], web: ["api"], admin: ["db", "cache"], docs: [] });
    const result = schedule(["db", "cache", "api", "web", "admin", "docs"], edges, tasks.run);
    await tasks.fail("db", boom);
    await tasks.finish("cache");
    await tasks.finish("docs");
    const outcomes = await result;
    assert.deepEqual(Object.fromEntries(outcomes), {
      db: { status: "failed", error: boom },
      cache: { status: "done" },
      api: { status: "skipped", because: "db" },
      web: { status: "skipped", because: "db" },
      admin: { status: "skipped", because: "db" },
      docs: { status: "done" },
    } satisfies Record<string, Outcome>);
    assert.deepEqual([...tasks.begun].sort(), ["cache", "db", "docs"]);
  });

  it("skips the top of a diamond when one side fails, and still runs the other side", async () => {
    const tasks = new Tasks();
    const edges = graph({ top: ["left", "right"], left: ["base"], right: ["base"] });
    const result = schedule(["base", "left", "right", "top"], edges, tasks.run);
    await tasks.finish("base");
    await tasks.fail("left", new Error("left broke"));
    await tasks.finish("right");
    const outcomes = await result;
    assert.deepEqual(outcomes.get("top"), { status: "skipped", because: "left" });
    assert.deepEqual(outcomes.get("right"), { status: "done" });
    assert.ok(!tasks.begun.includes("top"));
  });

  it("takes prerequisites outside the given names as satisfied", async () => {
    const ran: string[] = [];
    const outcomes = await schedule(["web"], graph({ web: ["db"] }), (name) => {
      ran.push(name);
      return Promise.resolve();
    });
    assert.deepEqual(ran, ["web"]);
    assert.deepEqual(outcomes.get("web"), { status: "done" });
  });

  it("reports what a node waits on", async () => {
    const waits: Array<[string, string[]]> = [];
    await schedule(["a", "b", "c"], graph({ c: ["a", "b"] }), () => Promise.resolve(), {
      onWaiting: (name, pending) => waits.push([name, pending]),
    });
    assert.deepEqual(waits, [["c", ["a", "b"]]]);
  });

  describe("when aborted", () => {
    it("cancels the nodes that have not begun and lets the ones in flight settle", async () => {
      const tasks = new Tasks();
      const controller = new AbortController();
      const edges = graph({ api: ["db"], web: ["api"] });
      const result = schedule(["db", "cache", "api", "web"], edges, tasks.run, { signal: controller.signal });
      await until(() => tasks.begun.length === 2, "db and cache to begin");
      controller.abort();
      await tasks.finish("db");
      await tasks.fail("cache", abortError());
      const outcomes = await result;
      assert.deepEqual(Object.fromEntries(outcomes), {
        db: { status: "done" },
        cache: { status: "cancelled" },
        api: { status: "cancelled" },
        web: { status: "cancelled" },
      });
      assert.deepEqual(tasks.begun, ["db", "cache"]);
      assert.deepEqual(tasks.ended, ["db"]);
    });

    it("still reports a real failure of a node in flight as failed", async () => {
      const tasks = new Tasks();
      const controller = new AbortController();
      const result = schedule(["db"], graph({}), tasks.run, { signal: controller.signal });
      await until(() => tasks.begun.length === 1, "db to begin");
      controller.abort();
      const boom = new Error("disk full");
      await tasks.fail("db", boom);
      assert.deepEqual((await result).get("db"), { status: "failed", error: boom });
    });

    it("runs nothing when aborted before it begins", async () => {
      const controller = new AbortController();
      controller.abort();
      const ran: string[] = [];
      const outcomes = await schedule(
        ["a", "b"],
        graph({ b: ["a"] }),
        (name) => {
          ran.push(name);
          return Promise.resolve();
        },
        { signal: controller.signal },
      );
      assert.deepEqual(ran, []);
      assert.deepEqual([...outcomes.values()], [{ status: "cancelled" }, { status: "cancelled" }]);
    });
  });
});
