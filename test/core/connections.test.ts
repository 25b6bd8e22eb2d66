// The core as an exposed server: a 401 does not read the body it refuses,
// malformed targets and aborted requests are the client's problem (400, or
// nothing), the reply path cannot hang, connections are bounded, and a
// shutdown ends however many connections hostile clients hold.
import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, describe, it } from "node:test";
import { SERVER_LIMITS } from "../../src/core/http/server-limits.js";
import { call, eventually } from "./helpers.js";
import { holdConnection, rawExchange } from "./raw-http.js";
import { startSleepCore, type TestCore } from "./sleep-core.js";

describe("connections", () => {
  let core: TestCore;
  before(async () => {
    core = await startSleepCore({ CCC_TOKEN: "tok" });
  });
  after(() => core.cleanup());

  it("sets a connection limit and headers/request timeouts", () => {
    assert.equal(core.server.maxConnections, SERVER_LIMITS.maxConnections);
    assert.equal(core.server.headersTimeout, SERVER_LIMITS.headersTimeoutMs);
    assert.equal(core.server.requestTimeout, SERVER_LIMITS.requestTimeoutMs);
    assert.equal(core.server.keepAliveTimeout, SERVER_LIMITS.keepAliveTimeoutMs);
  });

  it("answers 401 without reading the body and closes the connection", async () => {
    const declared = 200 * 1024 * 1024;
    const socket = connect(core.port, "127.0.0.1");
    let text = "";
    let written = 0;
    socket.setEncoding("latin1").on("data", (chunk: string) => (text += chunk));
    socket.on("error", () => undefined);
    const closed = new Promise<number>((resolve) => socket.on("close", () => resolve(Date.now())));
    const started = Date.now();
    socket.write(`POST /api/start HTTP/1.1\r\nHost: core\r\nContent-Length: ${declared}\r\n\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    // Keep sending (as fast as the server takes it) until it closes; a server that read the body would take all 200 MiB.
    const pump = (): void => {
      while (!socket.destroyed && written < declared) {
        written += chunk.length;
        if (!socket.write(chunk)) {
          socket.once("drain", pump);
          return;
        }
      }
    };
    pump();
    const at = await closed;
    assert.match(text, /^HTTP\/1\.1 401/);
    assert.match(text, /connection: close/i);
    assert.ok(at - started < 3000, `closed after ${at - started} ms`);
    assert.ok(written < 64 * 1024 * 1024, `${written} bytes went out before the close`);
  });

  it("answers 400 to an invalid URL and a malformed request, and cuts a run of slashes in linear time", async () => {
    assert.equal((await rawExchange(core.port, "GET //:x HTTP/1.1\r\nHost: c\r\n\r\n")).status, 400);
    assert.equal((await rawExchange(core.port, "\u0000\u0001garbage\r\n\r\n")).status, 400);
    const started = Date.now();
    const slashes = await rawExchange(
      core.port,
      `GET /${"/".repeat(15_000)}a HTTP/1.1\r\nHost: c\r\nConnection: close\r\n\r\n`,
    );
    assert.equal(slashes.status, 404);
    assert.ok(Date.now() - started < 200, `${Date.now() - started} ms`);
    assert.ok(slashes.text.length < 2000, "the reply quotes a bounded piece of the path");
  });

  it("ignores a client that aborts mid-body (no 500, nothing logged as an error)", async () => {
    const errors = (): number => core.logger.lines.filter((l) => l.startsWith("ERROR")).length;
    const before = errors();
    const socket = await holdConnection(
      core.port,
      'POST /api/update HTTP/1.1\r\nHost: c\r\nAuthorization: Bearer tok\r\nContent-Length: 1000\r\n\r\n{"a":',
    );
    await new Promise((r) => setTimeout(r, 100));
    socket.destroy();
    await eventually(() => core.logger.lines.some((l) => /client went away/.test(l)), 3000, "the abort noticed");
    assert.equal(errors(), before);
  });

  it("answers 413 for a declared body over the limit at once", async () => {
    const big = await rawExchange(
      core.port,
      "POST /api/update HTTP/1.1\r\nHost: c\r\nAuthorization: Bearer tok\r\nContent-Length: 5000000\r\n\r\n{",
    );
    assert.equal(big.status, 413);
    assert.ok(big.closedByServer && big.ms < 2000);
  });
});

describe("shutdown with hostile connections open", () => {
  it("ends every connection (silent, half headers, pending body, keep-alive) and stops the workload", async () => {
    const core = await startSleepCore();
    const start = await call(`${core.url}/api/start`, "POST", { seconds: 100 });
    assert.equal(start.status, 200);
    const held = await Promise.all([
      holdConnection(core.port),
      holdConnection(core.port, "GET /api/health HTTP/1.1\r\nHost: c\r\n"),
      holdConnection(core.port, "POST /api/update HTTP/1.1\r\nHost: c\r\nContent-Length: 100\r\n\r\n{"),
      holdConnection(core.port, "GET /api/health HTTP/1.1\r\nHost: c\r\n\r\n"),
    ]);
    const closed = held.map((s) => new Promise((r) => s.on("close", r)));
    const started = Date.now();
    await core.cleanup();
    assert.ok(Date.now() - started < 3000, `shutdown took ${Date.now() - started} ms`);
    await Promise.all(closed);
    assert.throws(() => process.kill(start.json.pid as number, 0), /ESRCH/, "the workload is gone");
  });
});
