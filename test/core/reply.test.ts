// The reply path cannot throw: a body that cannot be serialised becomes a 500
// that says so (a JSON.stringify that threw used to leave the request hanging
// forever), and a controller that is closed for a shutdown starts nothing.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ShuttingDownError } from "../../src/core/errors.js";
import { serialize } from "../../src/core/http/reply.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { call, configFrom, startTestCore, writeFiles } from "./helpers.js";

const CYCLIC_ADAPTER = `
class Cyclic {
  getMetrics() { const a = { n: 1 }; a.self = a; return a; }
}
module.exports = { Cyclic };
`;

describe("the reply path", () => {
  it("serialize() turns what JSON.stringify refuses into a 500 naming the problem", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const reply = serialize({ status: 200, body: cyclic });
    assert.equal(reply.status, 500);
    assert.match(reply.text, /could not be written as JSON: Converting circular structure/);
    assert.equal(serialize({ status: 200, body: 10n }).status, 500, "a BigInt too");
    assert.deepEqual(serialize({ status: 201, body: "text" }), {
      status: 201,
      text: "text",
      contentType: "application/json; charset=utf-8",
    });
  });

  describe("against a core whose adapter returns a cyclic object", () => {
    const tmp = makeTempDir();
    let core: Awaited<ReturnType<typeof startTestCore>>;
    before(async () => {
      writeFiles(tmp.path, { "cyclic.cjs": CYCLIC_ADAPTER });
      core = await startTestCore(
        configFrom(
          'adapter:\n  class: cyclic.Cyclic\n  primary_payload_key: k\nprocess_management:\n  command: ["sleep", "{k}"]\n',
          tmp.path,
        ),
      );
    });
    after(async () => {
      await core.shutdown();
      tmp.remove();
    });

    it("answers 500 at once, and every later request is answered", async () => {
      const metrics = await call(`${core.url}/api/metrics`);
      assert.equal(metrics.status, 500);
      assert.match(String(metrics.json.error), /could not be written as JSON/);
      assert.equal((await call(`${core.url}/api/health`)).status, 200);
      assert.equal((await call(`${core.url}/api/nothing`)).status, 404);
    });

    it("every answer, an error too, carries one Date header, an HTTP date of now", async () => {
      for (const path of ["/api/health", "/api/metrics", "/api/nothing"]) {
        const answer = await call(`${core.url}${path}`);
        const date = answer.headers.get("date") ?? "";
        assert.match(date, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/, path);
        assert.ok(Math.abs(Date.parse(date) - Date.now()) < 5000, `${path}: ${date}`);
      }
    });

    it("after close() (a shutdown) start and update answer 503 and start nothing", async () => {
      await core.controller.close();
      await assert.rejects(core.controller.start({ k: "100" }), ShuttingDownError);
      const answer = await call(`${core.url}/api/start`, "POST", { k: "100" });
      assert.equal(answer.status, 503, answer.text);
      assert.equal((answer.json.state as { state: string }).state, "idle");
    });
  });
});
