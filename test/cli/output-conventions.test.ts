import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { ExitCode } from "../../src/errors.js";
import { bossInProcess } from "../helpers/run-cli.js";
import { FakeEngineFolder } from "./fake-engine-folder.js";

const escape = "\x1b[";
let group: FakeEngineFolder;
beforeEach(() => (group = new FakeEngineFolder()));
afterEach(() => group.remove());

describe("output to a pipe carries no escape codes; NO_COLOR and FORCE_COLOR are honoured", () => {
  it("help to a pipe is plain text, even where TERM says the terminal has colours", async () => {
    for (const argv of [["--help"], ["-h"], ["start", "--help"]]) {
      const run = await bossInProcess(argv, { env: { TERM: "xterm-256color" } });
      assert.equal(run.code, ExitCode.ok);
      assert.match(run.stdout, /boss start/);
      assert.ok(!run.stdout.includes(escape), `boss ${argv.join(" ")}:\n${run.stdout}`);
    }
  });

  it("help is coloured on a terminal, and on a pipe with FORCE_COLOR=1", async () => {
    const onTerminal = await bossInProcess(["--help"], { terminal: true });
    assert.ok(onTerminal.stdout.includes(escape));
    const forced = await bossInProcess(["start", "--help"], { env: { FORCE_COLOR: "1" } });
    assert.ok(forced.stdout.includes(escape));
  });

  it("NO_COLOR wins on a terminal: plain help, plain lines instead of the live view", async () => {
    const help = await bossInProcess(["--help"], { terminal: true, env: { NO_COLOR: "1" } });
    assert.ok(!help.stdout.includes(escape), help.stdout);
    const start = await group.boss(["start"], { terminal: true, env: { NO_COLOR: "1" } });
    assert.equal(start.code, ExitCode.ok, start.stderr);
    assert.ok(!start.stdout.includes(escape), start.stdout);
    assert.match(start.stdout, /^started: db, docs, web$/m);
  });

  it("FORCE_COLOR=0 on a terminal: no colour either", async () => {
    const start = await group.boss(["start"], { terminal: true, env: { FORCE_COLOR: "0" } });
    assert.ok(!start.stdout.includes(escape), start.stdout);
  });

  it("FORCE_COLOR on a pipe: plain lines (nothing redrawn), the summary and errors in colour", async () => {
    const start = await group.boss(["start"], { env: { FORCE_COLOR: "1" } });
    assert.match(start.stdout, /^web: waiting — on db\ndb: creating\n/, "one line per event");
    assert.ok(start.stdout.endsWith("\n\x1b[32mstarted: db, docs, web\x1b[39m\n"), start.stdout);
    const failed = await group.boss(["logs", "--since", "soon"], { env: { FORCE_COLOR: "1" } });
    assert.ok(failed.stderr.startsWith("\x1b[31mboss: --since: "), failed.stderr);
  });

  it("--plain: no colour even with FORCE_COLOR", async () => {
    const start = await group.boss(["start", "--plain"], { env: { FORCE_COLOR: "1" } });
    assert.equal(start.code, ExitCode.ok, start.stderr);
    assert.ok(!start.stdout.includes(escape), start.stdout);
  });
});
