import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  removeGroup,
  containersOf,
  docker,
  engineUnavailable,
  networksOf,
  plainOutputEnv,
  repoRoot,
  servicesFilePreamble,
  uniqueGroup,
  type BossRun,
} from "./harness.js";
import { runProcess } from "../test/helpers/run-process.js";
import { makeTempDir } from "../test/helpers/temp-dir.js";

const skip = await engineUnavailable();

// What `node --import tsx` and the `tsx` command resolve to, from the repo's own dependencies.
const fromRepo = createRequire(join(repoRoot, "package.json"));
const viaImport = ["--import", fromRepo.resolve("tsx")];
const viaTsxCommand = [fromRepo.resolve("tsx/cli")];

/** `node --import tsx boss.ts ARGS` (or `tsx boss.ts ARGS`) in `cwd`: the services file runs itself through cli(). */
function runScript(cwd: string, args: string[], runner = viaImport): Promise<BossRun> {
  return runProcess(process.execPath, [...runner, "boss.ts", ...args], {
    cwd,
    env: { ...process.env, ...plainOutputEnv },
  });
}

describe("a services file run as a script with cli()", { skip }, () => {
  const group = uniqueGroup("script");
  let root = "";
  let dir = "";

  before(async () => {
    // "boss" resolves the way it does for a user who installed it: node_modules/boss above the project.
    root = makeTempDir("boss-it-script-").path;
    dir = join(root, "project");
    await mkdir(join(root, "node_modules"));
    await symlink(repoRoot, join(root, "node_modules", "boss"), "dir");
    await mkdir(dir);
    await writeFile(
      join(dir, "boss.ts"),
      servicesFilePreamble(group) +
        `import { cli } from "boss";
export class Db extends Service {
  name = "db"; image = busybox; cmd = httpd("db");
  async postStart() { record("db.postStart"); Context.set("dbHost", "db"); }
}
export class Web extends Service { name = "web"; image = busybox; cmd = httpd("web"); dependencies = [Db]; env = { DB_HOST: "{dbHost}" }; }
cli();
`,
    );
  });
  after(() => removeGroup(group, root));

  it("starts the services", async () => {
    const start = await runScript(dir, ["start"]);
    assert.equal(start.code, 0, start.output);
    const containers = await containersOf(group);
    assert.deepEqual(containers.map((c) => [c.Labels["boss.service"], c.State]).sort(), [
      ["db", "running"],
      ["web", "running"],
    ]);
    const web = containers.find((c) => c.Labels["boss.service"] === "web");
    const env = (await docker.getContainer(web?.Id ?? "").inspect()).Config.Env;
    assert.ok(env.includes("DB_HOST=db"), env.join("\n"));
    assert.ok(existsSync(join(dir, ".boss-context")));
  });

  it("keeps what runs on a second start, run with the tsx command", async () => {
    const before = (await containersOf(group)).map((c) => c.Id).sort();
    const start = await runScript(dir, ["start"], viaTsxCommand);
    assert.equal(start.code, 0, start.output);
    assert.match(start.stdout, /^already running: db, web$/m);
    assert.deepEqual((await containersOf(group)).map((c) => c.Id).sort(), before);
  });

  it("stops and removes everything with stop --remove", async () => {
    const stop = await runScript(dir, ["stop", "--remove"]);
    assert.equal(stop.code, 0, stop.output);
    assert.deepEqual(await containersOf(group), []);
    assert.deepEqual(await networksOf(group), []);
    assert.equal(existsSync(join(dir, ".boss-context")), false);
  });

  it("reports a bad flag like the binary does", async () => {
    const run = await runScript(dir, ["start", "--timeout", "soon"]);
    assert.equal(run.code, 2, run.output);
    assert.match(run.stderr, /Invalid value for --timeout/);
    assert.deepEqual(await containersOf(group), []);
  });
});
