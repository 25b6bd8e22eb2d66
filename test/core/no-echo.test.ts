// Nothing unauthenticated echoes the start payload: /api/health and every
// error reply carry the public state only (secrets in a payload used to leak
// through them, and a 1 MiB payload made every health reply 1 MiB).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { call } from "./helpers.js";
import { startSleepCore, type TestCore } from "./sleep-core.js";

const TOKEN = "t0ken-for-tests";
const SECRET = "hunter2-secret-in-payload";
const auth = { Authorization: `Bearer ${TOKEN}` };

describe("the start payload is never echoed to the unauthenticated", () => {
  let core: TestCore;
  before(async () => {
    core = await startSleepCore({ CCC_TOKEN: TOKEN });
    const padding = "p".repeat(900 * 1024);
    const start = await call(`${core.url}/api/start`, "POST", { seconds: 100, password: SECRET, padding }, auth);
    assert.equal(start.status, 200, start.text.slice(0, 300));
  });
  after(() => core.cleanup());

  it("health says status, timestamps, version and the workload's state, never the payload", async () => {
    const health = await call(`${core.url}/api/health`);
    assert.equal(health.status, 200);
    assert.ok(!health.text.includes(SECRET));
    assert.ok(health.text.length < 2000, `a small reply, whatever was posted (${health.text.length} bytes)`);
    const state = health.json.state as Record<string, unknown>;
    assert.equal(state.state, "running");
    assert.equal(typeof state.pid, "number");
    assert.ok(!("payload" in state));
  });

  it("401, 404, 405 and 400 replies never include the payload", async () => {
    const answers = [
      await call(`${core.url}/api/metrics`),
      await call(`${core.url}/api/stop`, "POST", {}, { Authorization: "Bearer wrong" }),
      await call(`${core.url}/api/nothing`, "GET", undefined, auth),
      await call(`${core.url}/nothing`),
      await call(`${core.url}/api/start`, "GET", undefined, auth),
      await call(`${core.url}/api/update`, "POST", "{bad json", auth),
    ];
    assert.deepEqual(
      answers.map((a) => a.status),
      [401, 401, 404, 404, 405, 400],
    );
    for (const answer of answers) {
      assert.ok(!answer.text.includes(SECRET), answer.text.slice(0, 200));
      assert.ok(answer.text.length < 2000, `${answer.status}: ${answer.text.length} bytes`);
    }
  });

  it("the payload is there for the token holder: GET /api/state", async () => {
    assert.equal((await call(`${core.url}/api/state`)).status, 401);
    const state = await call(`${core.url}/api/state`, "GET", undefined, auth);
    assert.equal(state.status, 200);
    assert.equal((state.json.payload as { password: string }).password, SECRET);
  });
});
