import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import { afterEach, describe, it } from "node:test";
import { ExitCode } from "../../../src/errors.js";
import { FakeEngineFolder, jsonLines } from "../fake-engine-folder.js";

let group: FakeEngineFolder | undefined;
let held: Server | undefined;
afterEach(() => {
  group?.remove();
  held?.close();
});

describe("boss ui (in-process, fake engine)", () => {
  it("serves until Ctrl-C, printing its address, and then exits 0", async () => {
    group = new FakeEngineFolder();
    const running = group.boss(["ui", "--no-open"]);
    // It serves until SIGINT; against the fake engine it prints its address well within this.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    process.emit("SIGINT");
    const run = await running;
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.match(run.stdout, /^boss ui: http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{22}\n$/);
  });

  it("--json: one document with the address and the port", async () => {
    group = new FakeEngineFolder();
    const running = group.boss(["ui", "--no-open", "--json"]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    process.emit("SIGINT");
    const run = await running;
    assert.equal(run.code, ExitCode.ok, run.stderr);
    const [document, ...more] = jsonLines(run.stdout);
    assert.equal(more.length, 0);
    assert.match(String(document?.url), /^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    assert.equal(
      String(document?.url),
      `http://127.0.0.1:${String(document?.port)}/?token=${String(document?.url).split("token=")[1]}`,
    );
  });

  it("a port in use is a user error naming it (exit 2)", async () => {
    group = new FakeEngineFolder();
    held = createServer();
    await new Promise<void>((resolve) => held?.listen(0, "127.0.0.1", resolve));
    const port = (held.address() as { port: number }).port;
    const run = await group.boss(["ui", "--no-open", "--port", String(port)]);
    assert.equal(run.code, ExitCode.userError);
    assert.match(run.stderr, new RegExp(`--port ${port}: the port is in use`));
  });

  it("refuses a port out of range (exit 2)", async () => {
    group = new FakeEngineFolder();
    const run = await group.boss(["ui", "--port", "70000"]);
    assert.equal(run.code, ExitCode.userError);
  });
});
