// Hostile payloads are refused with 400 before anything happens: a deep one
// (which used to start the workload and then hang every reply), and values
// the kernel cannot pass to the workload (which used to stop the running one
// first and then fail with 500).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { jsonDepth, MAX_JSON_DEPTH } from "../../src/core/http/json-depth.js";
import { checkArgv, MAX_ARG_BYTES } from "../../src/core/process/argv-limits.js";
import { call } from "./helpers.js";
import { nested, startSleepCore, type TestCore } from "./sleep-core.js";

describe("jsonDepth and checkArgv", () => {
  it("measures nesting outside strings, without recursion", () => {
    assert.equal(jsonDepth('{"a": 1}'), 1);
    assert.equal(jsonDepth('{"a": [{"b": "[[[{{"}]}'), 3);
    assert.equal(jsonDepth('"\\"["'), 0);
    assert.equal(jsonDepth(nested(200_000)), 200_000);
  });

  it("refuses NUL bytes, over-long arguments and over-long command lines", () => {
    assert.doesNotThrow(() => checkArgv(["sleep", "5"]));
    assert.throws(() => checkArgv(["sleep", "5\0"]), /argument 1 holds a NUL byte/);
    assert.throws(() => checkArgv(["sleep", "x".repeat(MAX_ARG_BYTES + 1)]), /argument 1 is 131072 bytes long/);
    assert.doesNotThrow(() => checkArgv(["sleep", "x".repeat(MAX_ARG_BYTES)]));
    assert.throws(() => checkArgv(Array.from({ length: 10 }, () => "x".repeat(120_000))), /command line is/);
  });
});

describe("payload limits of the core", () => {
  let core: TestCore;
  before(async () => {
    core = await startSleepCore();
  });
  after(() => core.cleanup());

  it("answers 400 for a payload nested 5,000 deep and starts nothing; every reply still works", async () => {
    const deep = `{"seconds": 100, "x": ${nested(5000)}}`;
    const answer = await call(`${core.url}/api/start`, "POST", deep);
    assert.equal(answer.status, 400, answer.text);
    assert.match(String(answer.json.error), /nests 5001 levels deep; at most 64/);
    const health = await call(`${core.url}/api/health`);
    assert.equal(health.status, 200);
    assert.equal((health.json.state as { state: string }).state, "idle", "nothing was started");
    assert.equal((await call(`${core.url}/api/nothing`)).status, 404);
    assert.equal((await call(`${core.url}/api/stop`, "POST")).status, 200);
  });

  it(`accepts a payload nested ${MAX_JSON_DEPTH} deep and refuses one level more`, async () => {
    const at = (depth: number): string => `{"seconds": 100, "x": ${nested(depth - 1)}}`;
    const ok = await call(`${core.url}/api/start`, "POST", at(MAX_JSON_DEPTH));
    assert.equal(ok.status, 200, ok.text);
    assert.equal((await call(`${core.url}/api/start`, "POST", at(MAX_JSON_DEPTH + 1))).status, 400);
  });

  it("answers 400 for a NUL byte or an over-long value and leaves the running workload alone", async () => {
    const running = await call(`${core.url}/api/start`, "POST", { seconds: 100 });
    assert.equal(running.status, 200, running.text);
    const pid = running.json.pid;
    for (const seconds of ["100\u0000", "1".repeat(200 * 1024)]) {
      const answer = await call(`${core.url}/api/start`, "POST", { seconds });
      assert.equal(answer.status, 400, answer.text.slice(0, 300));
      assert.match(String(answer.json.error), /NUL byte|bytes long/);
      const state = (await call(`${core.url}/api/health`)).json.state as { state: string; pid: number };
      assert.deepEqual([state.state, state.pid], ["running", pid], "the workload was not touched");
    }
    assert.equal((await call(`${core.url}/api/stop`, "POST")).status, 200);
  });
});
