import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { ExitCode } from "../../../src/errors.js";
import { bossInProcess } from "../../helpers/run-cli.js";
import { FakeEngineFolder, jsonLines } from "../fake-engine-folder.js";

const profiled = `
import { Service, group } from "boss";
group("tools");
export class Db extends Service { name = "db"; image = "busybox"; }
export class Adminer extends Service {
  name = "adminer"; image = "busybox"; dependencies = ["db"]; profiles = ["debug"];
}
export class Seed extends Service { name = "seed"; image = "busybox"; profiles = ["seed"]; }
`;

let group: FakeEngineFolder | undefined;
afterEach(() => group?.remove());

describe("boss start --profile (in-process, fake engine)", () => {
  it("leaves profiled services out, says so, and status shows them as inactive", async () => {
    group = new FakeEngineFolder(profiled);
    const run = await group.boss(["start", "--plain"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.deepEqual(group.client.callsOf("start"), ["db"]);
    assert.match(
      run.stdout,
      /not started, their profiles are not active: adminer \(profile debug\); seed \(profile seed\)/,
    );
    const status = await group.boss(["status", "--plain"]);
    assert.match(status.stdout, /adminer +inactive \(profile debug\)/);
  });

  it("starts the services of the profiles given by flag, or by BOSS_PROFILES", async () => {
    group = new FakeEngineFolder(profiled);
    const run = await group.boss(["start", "--profile", "debug"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.deepEqual(group.client.callsOf("start").sort(), ["adminer", "db"]);
    const again = await group.boss(["start"], { env: { BOSS_PROFILES: "seed,debug" } });
    assert.equal(again.code, ExitCode.ok, again.stderr);
    assert.deepEqual(group.client.callsOf("start").sort(), ["adminer", "db", "seed"]);
  });

  it("starts a service named on the command line whatever its profiles, as compose's up NAME does", async () => {
    group = new FakeEngineFolder(profiled);
    const run = await group.boss(["start", "adminer", "--plain"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.deepEqual(group.client.callsOf("start").sort(), ["adminer", "db"]);
  });

  it("refuses a dependency in an inactive profile, naming both (exit 2)", async () => {
    group = new FakeEngineFolder(
      profiled.replace('profiles = ["debug"]', "") +
        'export class Web extends Service { name = "web"; image = "busybox"; dependencies = ["seed"]; }\n',
    );
    const run = await group.boss(["start"]);
    assert.equal(run.code, ExitCode.userError);
    assert.match(run.stderr, /Web: dependencies: "web" depends on "seed", which is only in profile "seed"/);
    assert.deepEqual(group.client.callsOf("create"), []);
  });
});

describe("services file warnings (in-process, fake engine)", () => {
  const misspelt = `
import { Service } from "boss";
export class Web extends Service {
  name = "web"; image = "busybox";
  environment = { A: "1" };
  port = 8080;
}
class Cache extends Service { name = "cache"; image = "busybox"; }
`;

  it("names unknown fields close to known ones and unexported services, on stderr", async () => {
    group = new FakeEngineFolder(misspelt);
    const run = await group.boss(["graph"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    const file = `${group.folder.path}/boss.ts`;
    assert.equal(
      run.stderr,
      `boss: ${file}: class Cache extends Service but is not exported, so it is not a service; write "export class Cache"\n` +
        `boss: ${file}: class Web: field "environment" is not a boss field and is ignored; did you mean "env"?\n`,
    );
    assert.doesNotMatch(run.stdout, /environment/);
  });

  it("--json: each warning is an event with file, class, field and suggestion", async () => {
    group = new FakeEngineFolder(misspelt);
    const run = await group.boss(["graph", "--json"]);
    const warning = jsonLines(run.stdout).find((e) => e.type === "warning" && e.field === "environment");
    assert.deepEqual(
      { ...warning, time: undefined, message: undefined },
      {
        type: "warning",
        file: `${group.folder.path}/boss.ts`,
        service: "Web",
        field: "environment",
        suggestion: "env",
        time: undefined,
        message: undefined,
      },
    );
  });
});

describe("the services file from a subfolder", () => {
  it("is found in a parent folder, says where, and keeps the group of the file's folder", async () => {
    group = new FakeEngineFolder();
    const sub = group.folder.write("src/deep/.keep", "");
    const run = await bossInProcess(["graph", "--json"], { cwd: sub.replace(/\/\.keep$/, "") });
    assert.equal(run.code, ExitCode.ok, run.stderr);
    const lines = jsonLines(run.stdout);
    assert.deepEqual(lines[0], {
      type: "warning",
      message: `using ${group.folder.path}/boss.ts (found in a parent folder)`,
      file: `${group.folder.path}/boss.ts`,
      time: lines[0]?.time,
    });
    assert.equal(lines.at(-1)?.group, "shop");
  });
});

describe("warnings of run and exec (in-process, fake engine)", () => {
  it("go to stderr under --json too: stdout is the command's own", async () => {
    group = new FakeEngineFolder(`
import { Service } from "boss";
export class Tool extends Service { name = "tool"; image = "busybox"; command = "ls"; }
`);
    group.client.process = (command, io) => {
      io.stdout.write(`ran ${command.join(" ")}\n`);
      return 0;
    };
    const run = await group.boss(["run", "--json", "tool", "echo"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.equal(run.stdout, "ran echo\n");
    assert.ok(jsonLines(run.stderr).some((e) => e.type === "warning" && e.suggestion === "cmd"));
  });
});

describe("env files (in-process, fake engine)", () => {
  it("a missing env file is exit 2 naming file, class and field, before anything is created", async () => {
    group = new FakeEngineFolder(`
import { Service } from "boss";
export class Api extends Service { name = "api"; image = "busybox"; envFile = [".env"]; }
`);
    const run = await group.boss(["start"]);
    assert.equal(run.code, ExitCode.userError);
    assert.equal(
      run.stderr,
      `boss: ${group.folder.path}/boss.ts: Api: envFile[0]: env file not found: ${group.folder.path}/.env\n`,
    );
    assert.deepEqual(group.client.callsOf("create"), []);
  });
});
