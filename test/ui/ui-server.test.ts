import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { get, request } from "node:http";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { lockGroup } from "../../src/orchestrator/group-lock.js";
import { startServices } from "../../src/orchestrator/start.js";
import { groupSnapshot } from "../../src/ui/group-snapshot.js";
import type { WireActionUpdate, WireSnapshot } from "../../src/ui/page/wire.js";
import { sseFrame } from "../../src/ui/sse-channel.js";
import { startUiServer, type UiServer } from "../../src/ui/ui-server.js";
import { tokenMatches } from "../../src/ui/ui-token.js";
import { fakeProject, type FakeProject } from "../fakes/fake-project.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";

const token = "test-token-0123456789abcdef";

interface Reply {
  status: number;
  type: string;
  body: string;
}

function call(server: UiServer, path: string, options: { method?: string; header?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      `http://127.0.0.1:${server.port}${path}`,
      { method: options.method ?? "GET", headers: options.header ? { "x-boss-token": options.header } : {} },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** Reads server-sent events from `path` until `enough` says so; returns them parsed. */
function events(
  server: UiServer,
  path: string,
  enough: (seen: Array<{ event: string; data: unknown }>) => boolean,
): Promise<Array<{ event: string; data: unknown }>> {
  return new Promise((resolve, reject) => {
    const seen: Array<{ event: string; data: unknown }> = [];
    let buffer = "";
    const req = get(`http://127.0.0.1:${server.port}${path}`, (res) => {
      assert.equal(res.headers["content-type"], "text/event-stream; charset=utf-8");
      res.on("data", (chunk: Buffer) => {
        buffer += chunk.toString();
        const frames = buffer.split("\n\n");
        buffer = frames.pop() ?? "";
        for (const frame of frames) {
          const event = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (event && data) seen.push({ event, data: JSON.parse(data) });
        }
        if (enough(seen)) {
          req.destroy();
          resolve(seen);
        }
      });
    });
    req.on("error", (error) => (req.destroyed ? undefined : reject(error)));
  });
}

const states = (seen: Array<{ event: string; data: unknown }>) =>
  seen.filter((e) => e.event === "state").map((e) => e.data as WireSnapshot);
const stateOf = (snapshot: WireSnapshot | undefined, service: string) =>
  snapshot?.services.find((s) => s.name === service)?.state;

describe("boss ui's server", () => {
  let dir: TempDir;
  let fake: FakeProject;
  let server: UiServer;

  beforeEach(async () => {
    dir = makeTempDir("boss-ui-");
    fake = fakeProject(
      [
        { name: "db", image: "busybox" },
        { name: "web", image: "busybox", dependencies: ["db"], ports: { 80: 8080 } },
      ],
      dir.path,
    );
    await startServices(fake.project);
    server = await startUiServer({
      project: fake.project,
      token,
      timing: { settleMs: 10, refreshMs: 60_000, metricsMs: 60_000 },
    });
  });

  afterEach(async () => {
    await server.close();
    dir.remove();
  });

  describe("the token", () => {
    it("is in the address it prints, on 127.0.0.1", () => {
      assert.equal(server.url, `http://127.0.0.1:${server.port}/?token=${token}`);
    });

    it("every route refuses a request without it, or with a wrong one, with 403 and no state", async () => {
      for (const path of ["/", "/app.js", "/api/state", "/api/events", "/api/timeline.svg", "/api/logs?service=db"]) {
        const none = await call(server, path);
        assert.equal(none.status, 403, path);
        assert.doesNotMatch(none.body, /db|web/, `${path} says nothing of the group`);
        assert.equal((await call(server, `${path}${path.includes("?") ? "&" : "?"}token=wrong`)).status, 403, path);
        assert.equal((await call(server, path, { header: "wrong" })).status, 403, path);
      }
      assert.equal((await call(server, "/api/services/db/stop", { method: "POST" })).status, 403);
    });

    it("is accepted in the query or in the x-boss-token header", async () => {
      assert.equal((await call(server, `/api/state?token=${token}`)).status, 200);
      assert.equal((await call(server, "/api/state", { header: token })).status, 200);
    });

    it("a button needs it in the header: another site's form can put it in no header", async () => {
      const reply = await call(server, `/api/services/db/stop?token=${token}`, { method: "POST" });
      assert.equal(reply.status, 403);
      assert.equal(fake.client.containersOf("db")[0]?.status, "running");
    });

    it("compares whole tokens only", () => {
      assert.equal(tokenMatches(token, token), true);
      assert.equal(tokenMatches(token.slice(0, -1), token), false);
      assert.equal(tokenMatches(`${token}x`, token), false);
      assert.equal(tokenMatches(undefined, token), false);
    });
  });

  describe("routes", () => {
    it("/ is the page, loading its script with the token; /app.js is the bundled page", async () => {
      const page = await call(server, `/?token=${token}`);
      assert.equal(page.status, 200);
      assert.match(page.type, /^text\/html/);
      assert.ok(page.body.includes(`<script src="app.js?token=${token}"></script>`));
      const script = await call(server, `/app.js?token=${token}`);
      assert.equal(script.status, 200);
      assert.match(script.type, /^text\/javascript/);
      assert.ok(script.body.length > 1000, "a bundle, Preact included");
      assert.doesNotMatch(script.body, /\bimport\s*\(|from\s*"preact"/, "nothing left to load");
    });

    it("/api/state is the group as boss status reads it, with the graph's edges", async () => {
      const reply = await call(server, `/api/state?token=${token}`);
      const state = JSON.parse(reply.body) as WireSnapshot;
      assert.equal(state.group, "shop");
      assert.deepEqual(
        state.services.map((s) => [s.name, s.state, s.ready, s.dependencies, s.controlled, s.buildable]),
        [
          ["db", "running", true, [], false, false],
          ["web", "running", true, ["db"], false, false],
        ],
      );
      assert.equal(state.services[1]?.ports[0]?.hostPort, 8080);
      assert.equal(state.timeline?.command, "start");
    });

    it("/api/timeline.svg is the last start's waterfall", async () => {
      const reply = await call(server, `/api/timeline.svg?token=${token}`);
      assert.equal(reply.status, 200);
      assert.match(reply.type, /^image\/svg\+xml/);
      assert.match(reply.body, /^<svg /);
      assert.match(reply.body, /critical path/);
    });

    it("unknown paths, services and actions are 404; a button by GET is 405", async () => {
      assert.equal((await call(server, "/nothing", { header: token })).status, 404);
      assert.equal((await call(server, "/api/services/nope/stop", { method: "POST", header: token })).status, 404);
      assert.equal((await call(server, "/api/services/db/explode", { method: "POST", header: token })).status, 404);
      assert.equal((await call(server, "/api/services/db/stop", { header: token })).status, 405);
      assert.equal((await call(server, `/api/logs?service=nope&token=${token}`)).status, 404);
    });
  });

  describe("server-sent events", () => {
    it("frames an event as its name and one line of JSON", () => {
      assert.equal(sseFrame("state", { a: "x\ny" }), 'event: state\ndata: {"a":"x\\ny"}\n\n');
    });

    it("sends the state first, then a new state when the engine says a container changed", async () => {
      const seen = events(server, `/api/events?token=${token}`, (s) => stateOf(states(s).at(-1), "web") === "exited");
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Another boss (the CLI) stops web: the page hears it through the engine's events.
      fake.client.exit("web");
      const got = await seen;
      assert.equal(got[0]?.event, "state");
      assert.equal(stateOf(states(got)[0], "web"), "running");
      assert.equal(stateOf(states(got).at(-1), "db"), "running");
    });

    it("a button runs the command: progress lines, then done with the summary, and the new state", async () => {
      const seen = events(
        server,
        `/api/events?token=${token}`,
        (s) =>
          s.some((e) => e.event === "action" && (e.data as WireActionUpdate).status !== "running") &&
          stateOf(states(s).at(-1), "web") === "exited",
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      const reply = await call(server, "/api/services/web/stop", { method: "POST", header: token });
      assert.equal(reply.status, 202);
      const id = (JSON.parse(reply.body) as { id: number }).id;
      const updates = (await seen).filter((e) => e.event === "action").map((e) => e.data as WireActionUpdate);
      assert.ok(updates.every((u) => u.id === id && u.service === "web" && u.action === "stop"));
      assert.deepEqual(updates[0]?.lines, ["boss stop web"]);
      assert.equal(updates.at(-1)?.status, "done");
      assert.deepEqual(updates.at(-1)?.lines, ["stopped: web"]);
      assert.ok(
        updates.some((u) => u.lines.some((l) => l.startsWith("web: stop"))),
        "the orchestrator's events",
      );
      assert.equal(fake.client.containersOf("web")[0]?.status, "exited");
      assert.equal(fake.client.containersOf("db")[0]?.status, "running");
    });

    it("a button waits for another boss that holds the group's lock, says so, and then runs", async () => {
      // Another boss (the CLI) is changing the group.
      const held = await lockGroup({
        group: "shop",
        address: fake.client.address,
        command: "start",
        waitSeconds: 5,
        onWait: () => undefined,
        onUnavailable: () => undefined,
      });
      const seen = events(server, `/api/events?token=${token}`, (s) =>
        s.some((e) => e.event === "action" && (e.data as WireActionUpdate).status !== "running"),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      await call(server, "/api/services/web/stop", { method: "POST", header: token });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(fake.client.containersOf("web")[0]?.status, "running", "nothing done while the lock is held");
      await held.release();
      const updates = (await seen).filter((e) => e.event === "action").map((e) => e.data as WireActionUpdate);
      assert.ok(
        updates.some((u) => u.lines.some((l) => /waiting for .*start.* on group shop/.test(l))),
        "says whom it waits for",
      );
      assert.equal(updates.at(-1)?.status, "done");
      assert.equal(fake.client.containersOf("web")[0]?.status, "exited");
    });

    it("a button never writes an older Context value over one another boss saved meanwhile", async () => {
      const file = join(dir.path, ".boss-context");
      const saved = () => JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      // The ui has read the file (its first state); then another boss's postStart saves a value, and a newer one.
      writeFileSync(file, JSON.stringify({ ...saved(), owner: "one" }));
      await call(server, `/api/state?token=${token}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      writeFileSync(file, JSON.stringify({ ...saved(), owner: "two" }));
      const seen = events(server, `/api/events?token=${token}`, (s) =>
        s.some((e) => e.event === "action" && (e.data as WireActionUpdate).status !== "running"),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      await call(server, "/api/services/web/stop", { method: "POST", header: token });
      await seen;
      assert.equal(saved().owner, "two");
      assert.equal(fake.project.state.context.get("owner"), "two");
    });

    it("a failing command ends failed with its message", async () => {
      const seen = events(server, `/api/events?token=${token}`, (s) =>
        s.some((e) => e.event === "action" && (e.data as WireActionUpdate).status === "failed"),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      // web has no buildFrom: reload refuses, as the CLI does.
      await call(server, "/api/services/web/reload", { method: "POST", header: token });
      const failed = (await seen).map((e) => e.data as WireActionUpdate).find((u) => u.status === "failed");
      assert.match(failed?.lines.join("\n") ?? "", /buildFrom/);
    });

    it("/api/logs streams a service's lines", async () => {
      const db = fake.client.containersOf("db")[0];
      assert.ok(db);
      db.logs = "one\ntwo\n";
      // Stopped: the fake's followed logs end at once, and boss logs -f waits for the next run.
      fake.client.exit("db");
      const seen = await events(server, `/api/logs?service=db&token=${token}`, (s) => s.length > 0);
      assert.deepEqual(seen[0], {
        event: "lines",
        data: [
          { stream: "stdout", text: "one" },
          { stream: "stdout", text: "two" },
        ],
      });
    });
  });
});

describe("the page's wire types", () => {
  let dir: TempDir;
  before(() => (dir = makeTempDir("boss-ui-")));
  after(() => dir.remove());

  it("fit what the server sends (checked by the compiler)", async () => {
    const { project } = fakeProject([{ name: "db", image: "busybox" }], dir.path);
    const snapshot: WireSnapshot = await groupSnapshot(project);
    assert.equal(snapshot.services[0]?.name, "db");
  });
});
