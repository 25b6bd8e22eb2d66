import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { ExitCode } from "../../src/errors.js";
import { FakeEngineFolder, jsonLines } from "./fake-engine-folder.js";

// The rule of docs/json-output.md, checked command by command: with --json, stdout is JSON Lines.
let group: FakeEngineFolder;
beforeEach(() => (group = new FakeEngineFolder()));
afterEach(() => group.remove());

/** Runs `boss ARGV --json` and returns its stdout as JSON values, after checking every line is one object. */
async function json(argv: string[], expectedCode: number = ExitCode.ok): Promise<Array<Record<string, unknown>>> {
  const run = await group.boss([...argv, "--json"]);
  assert.equal(run.code, expectedCode, `boss ${argv.join(" ")} --json: ${run.stderr}`);
  assert.ok(run.stdout.endsWith("\n"), "every line ends with a newline");
  const values = jsonLines(run.stdout);
  assert.ok(values.length > 0, "something was written");
  for (const value of values) assert.equal(typeof value, "object");
  return values;
}

describe("--json: one JSON value per line on stdout, one shape per command", () => {
  it("commands that change the group: events, then one result line naming the command", async () => {
    for (const argv of [["start"], ["stop"], ["stop", "--remove"]]) {
      const lines = await json(argv);
      const result = lines.at(-1);
      assert.equal(result?.type, "result");
      assert.equal(result?.command, argv[0]);
      for (const event of lines.slice(0, -1)) {
        assert.ok(["phase", "progress", "notice"].includes(String(event.type)), JSON.stringify(event));
        assert.equal(typeof event.time, "string");
      }
    }
  });

  it("reports: exactly one document, no type field", async () => {
    await group.boss(["start"]);
    for (const argv of [["status"], ["env"], ["env", "web"], ["graph"]]) {
      const lines = await json(argv);
      assert.equal(lines.length, 1, `boss ${argv.join(" ")}`);
      assert.equal(lines[0]?.type, undefined);
    }
  });

  it("logs: one object per line of output", async () => {
    await group.boss(["start"]);
    for (const container of group.client.containersOf("db")) container.logs = "one\ntwo\n";
    assert.deepEqual(await json(["logs", "db"]), [
      { service: "db", stream: "stdout", line: "one" },
      { service: "db", stream: "stdout", line: "two" },
    ]);
  });

  it("an error: a {type: error} line on stdout, the message on stderr, the error's exit code", async () => {
    const run = await group.boss(["start", "--exclude", "cache", "--json"]);
    assert.equal(run.code, ExitCode.userError);
    const message = '--exclude: unknown service "cache"; known services: db, docs, web';
    assert.deepEqual(jsonLines(run.stdout), [{ type: "error", message }]);
    assert.equal(run.stderr, `boss: ${message}\n`);
  });

  it("a command line boss cannot parse (a bad --timeout): nothing on stdout, the usage error on stderr, exit 2", async () => {
    const run = await group.boss(["start", "--timeout", "soon", "--json"]);
    assert.equal(run.code, ExitCode.userError);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, /timeout/);
  });
});
