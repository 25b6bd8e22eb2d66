import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { ExitCode } from "../../../src/errors.js";
import { FakeEngineFolder, jsonLines } from "../fake-engine-folder.js";

let group: FakeEngineFolder;
beforeEach(() => {
  group = new FakeEngineFolder();
  // The process `run` and `exec` start: it prints its command line and exits with the number it is given.
  group.client.process = (command, io) => {
    io.stdout.write(`ran ${command.join(" ")}\n`);
    return Number(command.at(-1) ?? 0);
  };
});
afterEach(() => group.remove());

describe("boss run (in-process, fake engine)", () => {
  it("starts the dependencies (progress on stderr), runs the command, and exits with its exit code", async () => {
    const run = await group.boss(["run", "web", "--", "migrate", "7"]);
    assert.equal(run.code, 7);
    assert.equal(run.stdout, "ran migrate 7\n");
    assert.match(run.stderr, /^db: ready/m);
    assert.deepEqual(group.client.callsOf("run"), ["web"]);
  });

  it("--json: the dependencies' events on stderr as JSON lines, stdout the command's own", async () => {
    const run = await group.boss(["run", "web", "--json", "--", "migrate", "0"]);
    assert.equal(run.code, ExitCode.ok);
    assert.equal(run.stdout, "ran migrate 0\n");
    assert.ok(jsonLines(run.stderr).some((e) => e.type === "phase" && e.service === "db" && e.phase === "ready"));
  });

  it("--no-deps starts nothing else, so a value a dependency would set is missing: exit 2, naming it", async () => {
    const run = await group.boss(["run", "--no-deps", "web", "--", "check", "0"]);
    assert.equal(run.code, ExitCode.userError);
    assert.match(run.stderr, /^boss: web: env\.DB_URL: no context value "db_name"/);
    assert.deepEqual(group.client.callsOf("create"), []);
  });
});

describe("boss run on a terminal (in-process, fake engine)", () => {
  it("gives the process a terminal of the window's size, in raw mode, and takes it back after", async () => {
    const seen: Array<{ tty: boolean; size?: { columns: number; rows: number } }> = [];
    group.client.process = (_command, io) => {
      seen.push({ tty: io.tty, ...(io.size ? { size: io.size } : {}) });
      return 0;
    };
    const run = await group.boss(["run", "docs", "--", "sh"], { terminal: true });
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.deepEqual(seen, [{ tty: true, size: { columns: 100, rows: 30 } }]);
    assert.deepEqual(run.rawModes, [true, false]);
    assert.deepEqual(group.client.resizes, [{ columns: 100, rows: 30 }], "the size again once attached");
  });
});

describe("boss exec (in-process, fake engine)", () => {
  it("runs the command in the service's running container and exits with its exit code", async () => {
    await group.boss(["start"]);
    const run = await group.boss(["exec", "db", "--", "psql", "3"]);
    assert.equal(run.code, 3);
    assert.equal(run.stdout, "ran psql 3\n");
    assert.deepEqual(group.client.callsOf("exec"), ["db"]);
  });

  it("refuses a service that is not running with exit 2", async () => {
    const run = await group.boss(["exec", "db", "--", "sh"]);
    assert.equal(run.code, ExitCode.userError);
    assert.equal(run.stderr, 'boss: exec: "db" is not running; start it with boss start\n');
  });
});

describe("boss exec and run without -- (in-process, fake engine)", () => {
  it("exec: everything after the service is the command's, its flags included", async () => {
    await group.boss(["start"]);
    const run = await group.boss(["exec", "db", "psql", "-U", "shop", "--json", "4"]);
    assert.equal(run.code, 4, run.stderr);
    assert.equal(run.stdout, "ran psql -U shop --json 4\n");
  });

  it("run: the command without --, boss's flags before the service; --entrypoint replaces the entrypoint", async () => {
    const created: Array<{ entrypoint?: string[]; cmd?: string[] }> = [];
    const create = group.client.createContainer.bind(group.client);
    group.client.createContainer = (spec) => {
      created.push(spec);
      return create(spec);
    };
    const run = await group.boss(["run", "--entrypoint", "sh -c", "--no-deps", "docs", "ls -l", "0"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.equal(run.stdout, "ran ls -l 0\n");
    assert.deepEqual(created.at(-1)?.entrypoint, ["sh", "-c"]);
    assert.deepEqual(created.at(-1)?.cmd, ["ls -l", "0"]);
  });

  it("run: the older form with boss's flags between the service and -- still works", async () => {
    const run = await group.boss(["run", "docs", "--no-deps", "--", "echo", "5"]);
    assert.equal(run.code, 5, run.stderr);
    assert.equal(run.stdout, "ran echo 5\n");
    assert.deepEqual(group.client.callsOf("start"), [], "--no-deps was boss's: nothing else started");
  });
});
