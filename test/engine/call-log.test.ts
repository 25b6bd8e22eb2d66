import createDebug from "debug";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { format } from "node:util";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { nodeDebugWants } from "../../src/engine/call-log.js";
import { DockerContainerClient } from "../../src/engine/docker-client.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";

/** Just enough of the Engine API, on a unix socket, to see what each call answered. */
function fakeEngine(socket: string): Promise<Server> {
  const server = createServer((request, response) => {
    const route = `${request.method} ${request.url?.split("?")[0]}`;
    const reply = (status: number, body?: object) => {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(body ? JSON.stringify(body) : undefined);
    };
    request.resume();
    if (route === "GET /_ping") return response.end("OK");
    if (route === "POST /containers/create") return reply(201, { Id: "f00d".repeat(16) });
    if (route.startsWith("POST /containers/") && route.endsWith("/start")) return reply(304);
    return reply(404, { message: "No such container: gone" });
  });
  return new Promise((resolve) => server.listen(socket, () => resolve(server)));
}

describe("engine calls under DEBUG=boss:engine", () => {
  let folder: TempDir;
  let server: Server;
  let client: DockerContainerClient;
  let lines: string[] = [];
  const host = process.env.DOCKER_HOST;
  const write = createDebug.log;

  before(async () => {
    folder = makeTempDir();
    const socket = join(folder.path, "engine.sock");
    server = await fakeEngine(socket);
    process.env.DOCKER_HOST = `unix://${socket}`;
    client = new DockerContainerClient();
  });

  after(() => {
    server.close();
    folder.remove();
    if (host === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = host;
  });

  beforeEach(() => {
    lines = [];
    createDebug.log = (...args: unknown[]) => lines.push(format(...args));
  });

  afterEach(() => {
    createDebug.log = write;
    createDebug.disable();
  });

  const spec = {
    name: "shop-web-1",
    image: "busybox",
    env: {},
    ports: [],
    mounts: [],
    capAdd: [],
    network: "net",
    alias: "web",
    labels: {},
  };

  it("logs one line per call: what, the engine's statuses (or its words) and the time, calls at once kept apart", async () => {
    createDebug.enable("boss:*");
    const [id] = await Promise.all([
      client.createContainer(spec),
      client.startContainer("0123456789abcdef"),
      assert.rejects(client.inspectContainer("gone")),
      client.checkAvailable(),
    ]);
    assert.equal(id, "f00d".repeat(16));
    const calls = lines.map((line) => /boss:engine (.*)$/.exec(line)?.[1]?.replace(/\(\d+ ms\)/, "(N ms)")).sort();
    assert.deepEqual(calls, [
      "create the container shop-web-1 → 201 (N ms)",
      "inspect container gone → 404: No such container: gone (N ms)",
      "ping the engine → 200 (N ms)",
      "start container 0123456789ab → 304 (N ms)",
    ]);
  });

  it("prints nothing without DEBUG", async () => {
    await client.createContainer(spec);
    await assert.rejects(client.inspectContainer("gone"));
    assert.deepEqual(lines, []);
  });
});

describe("nodeDebugWants", () => {
  it("reads NODE_DEBUG as Node does: names separated by commas, * as a wildcard, any case", () => {
    for (const value of ["boss", "http,boss", "BOSS", "boss:*", "boss:engine", "bo*", "*"]) {
      assert.equal(nodeDebugWants(value, "boss:engine"), true, value);
    }
    for (const value of [undefined, "", "http", "boss:other", "bossy"]) {
      assert.equal(nodeDebugWants(value, "boss:engine"), false, String(value));
    }
  });
});
