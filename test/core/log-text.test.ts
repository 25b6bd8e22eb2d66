// What reaches the core's log from outside is escaped and cut: one long URL
// used to add 30 KB to the log, and control characters in payload values
// reached it raw.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { forLog } from "../../src/core/log-text.js";
import { createLogger } from "../../src/core/logger.js";
import { startCore, type RunningCore } from "../../src/core/run-core.js";
import { IS_ROOT } from "./fixtures-adapter.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { call, configFrom, eventually, writeFiles } from "./helpers.js";
import { rawExchange } from "./raw-http.js";
import { EMPTY_ADAPTER } from "./sleep-core.js";

describe("forLog", () => {
  it("escapes control characters and cuts long text, saying how much went", () => {
    assert.equal(forLog("a\nb\r\tc\u001b[31m\u0000"), "a\\nb\\r\\tc\\x1b[31m\\x00");
    assert.equal(forLog("x".repeat(10), 4), "xxxx… (6 more characters)");
    assert.equal(forLog("plain ü"), "plain ü");
  });
});

describe("the core's log", () => {
  const tmp = makeTempDir();
  const written: string[] = [];
  let core: RunningCore;
  before(async () => {
    writeFiles(tmp.path, { "empty.cjs": EMPTY_ADAPTER });
    const yaml = `adapter:\n  class: empty.Empty\n  primary_payload_key: word\n  run_as_user: ${IS_ROOT ? "nobody" : "null"}\nprocess_management:\n  command: ["sleep", "100", "{word}"]\n`;
    core = await startCore({
      config: configFrom(yaml, tmp.path),
      logger: createLogger("INFO", (line) => written.push(line)),
      env: { PATH: process.env.PATH, CCC_PORT: "0", CCC_HOST: "127.0.0.1", CCC_TOKEN: "tok" },
    });
  });
  after(async () => {
    await core.shutdown();
    tmp.remove();
  });

  it("quotes at most 200 characters of a long unauthenticated URL", async () => {
    const from = written.length;
    const answer = await rawExchange(
      core.port,
      `GET /api/${"a".repeat(15_000)} HTTP/1.1\r\nHost: c\r\nConnection: close\r\n\r\n`,
    );
    assert.equal(answer.status, 401);
    await eventually(() => written.length > from, 2000, "the log line");
    const added = written.slice(from).join("");
    assert.ok(added.length < 600, `${added.length} characters logged`);
  });

  it("escapes control characters of payload values (one record stays one line)", async () => {
    const from = written.length;
    const word = "evil\n2026-01-01T00:00:00.000000Z INFO  [ccc] forged\u001b[2J";
    const start = await call(
      `http://127.0.0.1:${core.port}/api/start`,
      "POST",
      { word },
      { Authorization: "Bearer tok" },
    );
    assert.equal(start.status, 200, start.text);
    const lines = written.slice(from).join("");
    assert.ok(!lines.includes("\u001b"), "no raw escape character");
    assert.ok(lines.includes("evil\\n2026-01-01"), lines);
    assert.ok(
      lines.split("\n").every((l) => l === "" || /^\d{4}-\d{2}-\d{2}T/.test(l)),
      "every line is a record",
    );
  });
});
