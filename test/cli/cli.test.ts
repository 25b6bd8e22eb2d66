import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { ExitCode } from "../../src/errors.js";
import { bossInProcess } from "../helpers/run-cli.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";

const folders: TempDir[] = [];
after(() => folders.forEach((f) => f.remove()));

/** A folder with `boss.ts` holding `source`. */
function project(source: string): TempDir {
  const folder = makeTempDir();
  folders.push(folder);
  folder.write("boss.ts", source);
  return folder;
}

/** `boss ARGV` in-process in `cwd`: each case here fails before the engine is called. */
const boss = (argv: string[], cwd = process.cwd()) => bossInProcess(argv, { cwd });

const twoServices = `
import { Service } from "boss";
export class Db extends Service { name = "db"; image = "busybox"; }
export class Web extends Service { name = "web"; image = "busybox"; dependencies = [Db]; }
`;

describe("boss (in-process)", () => {
  it("prints help with the commands and exits 0", async () => {
    const { code, stdout } = await boss(["--help"]);
    assert.equal(code, ExitCode.ok);
    for (const command of ["boss start", "boss stop", "boss reload"]) assert.ok(stdout.includes(command), stdout);
  });

  it("refuses an unknown flag with exit 2 and a message on stderr", async () => {
    const { code, stdout, stderr } = await boss(["start", "--bogus"]);
    assert.equal(code, ExitCode.userError);
    assert.match(stderr, /--bogus/);
    assert.equal(stdout, "");
  });

  it("refuses an unknown command with exit 2", async () => {
    const { code, stderr } = await boss(["strat"]);
    assert.equal(code, ExitCode.userError);
    assert.notEqual(stderr, "");
  });

  it("refuses a --timeout that is not a positive number with exit 2", async () => {
    const folder = project(twoServices);
    const { code, stderr } = await boss(["start", "--timeout", "soon"], folder.path);
    assert.equal(code, ExitCode.userError);
    assert.match(stderr, /timeout/);
    assert.doesNotMatch(stderr, / {4}at /);
  });

  it("reports an invalid services file with exit 2, one message naming file, class and field, no stack", async () => {
    const folder = project(`
      import { Service } from "boss";
      export class Db extends Service { name = "db"; image = "busybox"; stopSignal = "SIGHUP" as "SIGTERM"; }
    `);
    const { code, stdout, stderr } = await boss(["start"], folder.path);
    assert.equal(code, ExitCode.userError);
    assert.equal(
      stderr,
      `boss: ${folder.path}/boss.ts: Db: stopSignal: expected one of SIGINT, SIGTERM, SIGKILL, SIGQUIT, got "SIGHUP"\n`,
    );
    assert.equal(stdout, "");
  });

  it("reports a syntax error in the services file with file:line and no stack", async () => {
    const folder = project(`import { Service } from "boss";\nexport class Db extends Service {\n  name = ;\n}\n`);
    const { code, stderr } = await boss(["stop"], folder.path);
    assert.equal(code, ExitCode.userError);
    assert.ok(stderr.startsWith(`boss: syntax error at ${folder.path}/boss.ts:3:`), stderr);
    assert.doesNotMatch(stderr, / {4}at /);
    assert.equal(stderr.trimEnd().split("\n").length, 1);
  });

  it("says where it looked when there is no services file", async () => {
    const folder = makeTempDir();
    folders.push(folder);
    const { code, stderr } = await boss(["start"], folder.path);
    assert.equal(code, ExitCode.userError);
    assert.equal(
      stderr,
      `boss: no services file in ${folder.path} or its parent folders: looked for boss.ts, boss.config.ts, boss.js, boss.mjs; use -f PATH to name one\n`,
    );
  });

  it("takes the services file from -f", async () => {
    const folder = project("");
    folder.write(
      "deploy/services.ts",
      `import { Service } from "boss"; export class X extends Service { name = "bad name"; image = "busybox"; }`,
    );
    const { code, stderr } = await boss(["start", "-f", "deploy/services.ts"], folder.path);
    assert.equal(code, ExitCode.userError);
    assert.ok(
      stderr.startsWith(`boss: ${folder.path}/deploy/services.ts: X: name: "bad name" is not a valid DNS label`),
      stderr,
    );
  });

  it("refuses excluding an unknown service or a needed dependency with exit 2", async () => {
    const folder = project(twoServices);
    const unknown = await boss(["start", "--exclude", "cache"], folder.path);
    assert.equal(unknown.code, ExitCode.userError);
    assert.equal(unknown.stderr, 'boss: --exclude: unknown service "cache"; known services: db, web\n');
    const needed = await boss(["start", "--exclude", "db"], folder.path);
    assert.equal(needed.code, ExitCode.userError);
    assert.match(needed.stderr, /cannot exclude "db": "web" depends on it/);
  });

  it("refuses reloading a service without buildFrom with exit 2", async () => {
    const folder = project(twoServices);
    const { code, stderr } = await boss(["reload", "web"], folder.path);
    assert.equal(code, ExitCode.userError);
    assert.equal(
      stderr,
      `boss: ${folder.path}/boss.ts: Web: buildFrom: is not set: \`boss reload\` rebuilds the image from the buildFrom folder\n`,
    );
  });

  it("refuses reload without a service name with exit 2", async () => {
    const { code, stderr } = await boss(["reload"]);
    assert.equal(code, ExitCode.userError);
    assert.notEqual(stderr, "");
  });
});
