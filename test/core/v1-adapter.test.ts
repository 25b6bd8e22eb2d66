import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { makeTempDir } from "../helpers/temp-dir.js";
import { call, configFrom, eventually, startTestCore, writeFiles } from "./helpers.js";

// A v1-style adapter: it manages its own process and uses none of the optional services.
const V1_ADAPTER = `
const { spawn } = require("node:child_process");
class LegacyAdapter {
  start(payload, { ensureUser }) {
    const [command, ...args] = ensureUser([process.execPath, "-e", "setTimeout(() => process.exit(Number(process.argv[1])), 300)", String(payload.code)]);
    this.child = spawn(command, args, { stdio: "ignore" });
    return this.child;
  }
  stop() { this.child?.kill("SIGTERM"); }
}
module.exports = { LegacyAdapter };
`;

describe("a v1-style adapter (own process, no optional services)", () => {
  const tmp = makeTempDir();
  writeFiles(tmp.path, { "legacy.cjs": V1_ADAPTER });
  let core: Awaited<ReturnType<typeof startTestCore>>;
  before(async () => {
    core = await startTestCore(
      configFrom("adapter:\n  class: legacy.LegacyAdapter\n  primary_payload_key: code\n", tmp.path),
    );
  });
  after(async () => {
    await core.shutdown();
    tmp.remove();
  });

  it("works unchanged: the returned child is watched, its pid and exit reported", async () => {
    const answer = await call(`${core.url}/api/start`, "POST", { code: 5 });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(typeof answer.json.pid, "number");
    const metrics = await call(`${core.url}/api/metrics`);
    assert.equal((metrics.json.process as { pid: number }).pid, answer.json.pid);
    await eventually(
      async () => ((await call(`${core.url}/api/health`)).json.state as { state: string }).state === "failed",
    );
    const state = (await call(`${core.url}/api/health`)).json.state as Record<string, unknown>;
    assert.equal(state.exit_code, 5);
    assert.equal((await call(`${core.url}/api/update`, "POST", { x: 1 })).status, 400, "not running any more");
    assert.equal((await call(`${core.url}/api/stop`, "POST")).status, 200);
  });
});
