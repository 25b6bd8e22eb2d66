import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { ExitCode } from "../../../src/errors.js";
import { FakeEngineFolder, jsonLines } from "../fake-engine-folder.js";

let group: FakeEngineFolder;
beforeEach(async () => {
  group = new FakeEngineFolder();
  await group.boss(["start"]);
  // What the fake engine's containers printed (the fake gives a container's logs as its stdout).
  const say = (service: string, logs: string) => {
    for (const container of group.client.containersOf(service)) container.logs = logs;
  };
  say("db", "ready to accept connections\ncheckpoint\n");
  say("web", "listening on 80\n");
});
afterEach(() => group.remove());

describe("boss logs (in-process, fake engine)", () => {
  it("prefixes each line with its service's name, aligned, service by service in start order", async () => {
    const run = await group.boss(["logs"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.equal(run.stdout, "db   | ready to accept connections\ndb   | checkpoint\nweb  | listening on 80\n");
  });

  it("--tail 1 db: the last line of the one service", async () => {
    const run = await group.boss(["logs", "--tail", "1", "db"]);
    assert.equal(run.stdout, "db | checkpoint\n");
  });

  it("--json: one {service, stream, line} per line", async () => {
    const run = await group.boss(["logs", "--json", "web", "db"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.deepEqual(jsonLines(run.stdout), [
      { service: "db", stream: "stdout", line: "ready to accept connections" },
      { service: "db", stream: "stdout", line: "checkpoint" },
      { service: "web", stream: "stdout", line: "listening on 80" },
    ]);
  });

  it("colours each service's prefix on a terminal", async () => {
    const run = await group.boss(["logs", "db", "web"], { terminal: true });
    assert.equal(
      run.stdout,
      "\x1b[36mdb  |\x1b[39m ready to accept connections\n\x1b[36mdb  |\x1b[39m checkpoint\n\x1b[33mweb |\x1b[39m listening on 80\n",
    );
  });

  it("refuses a --since that is neither a duration nor a time with exit 2", async () => {
    const run = await group.boss(["logs", "--since", "yesterday"]);
    assert.equal(run.code, ExitCode.userError);
    assert.match(run.stderr, /^boss: --since: "yesterday" is neither a duration/);
  });
});
