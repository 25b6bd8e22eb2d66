// examples/hooks-script run the way its header says: `tsx boss.ts start` in
// its folder, with `boss` installed beside it; its collection hooks call the
// started api and write started.json.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { cp, mkdir, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  busybox,
  removeGroup,
  containersOf,
  engineUnavailable,
  networksOf,
  plainOutputEnv,
  repoRoot,
  runBoss,
  uniqueGroup,
  type BossRun,
} from "./harness.js";
import { runProcess } from "../test/helpers/run-process.js";
import { freePort } from "./readme-demo-copy.js";
import { makeTempDir } from "../test/helpers/temp-dir.js";

const skip = await engineUnavailable();
const tsxCli = createRequire(join(repoRoot, "package.json")).resolve("tsx/cli");

describe("the hooks-script example, run as a script", { skip, timeout: 90_000 }, () => {
  const group = uniqueGroup("hooks");
  let root = "";
  let dir = "";
  let env: NodeJS.ProcessEnv = {};

  /** `tsx boss.ts ARGS` in the example's folder. */
  function script(args: string[]): Promise<BossRun> {
    return runProcess(process.execPath, [tsxCli, "boss.ts", ...args], {
      cwd: dir,
      env: { ...process.env, ...plainOutputEnv, ...env },
      timeoutMs: 60_000,
    });
  }

  before(async () => {
    // The folder's name is the group; boss resolves from node_modules as for a user who installed it.
    root = makeTempDir("boss-it-hooks-").path;
    dir = join(root, group);
    await mkdir(dir);
    await cp(join(repoRoot, "examples", "hooks-script", "boss.ts"), join(dir, "boss.ts"));
    await mkdir(join(root, "node_modules"));
    await symlink(repoRoot, join(root, "node_modules", "boss"), "dir");
    env = { BUSYBOX_IMAGE: busybox, API_PORT: String(await freePort()) };
  });
  after(() => removeGroup(group, root));

  it("starts, and its onStartServices hook reads the api and writes started.json", async () => {
    const run = await script(["start"]);
    assert.equal(run.code, 0, run.output);
    assert.match(run.stdout, /^hooks-script: running queue, api$/m);
    const summary = JSON.parse(readFileSync(join(dir, "started.json"), "utf8")) as {
      services: string[];
      status: { service: string; queue_started_at: string };
      context: { queue_started_at: string };
    };
    assert.deepEqual(summary.services, ["queue", "api"]);
    // What the api serves was made from the queue's postStart value, passed through {queue_started_at}.
    assert.equal(summary.status.service, "api");
    assert.match(summary.context.queue_started_at, /^\d{4}-\d\d-\d\dT/);
    assert.equal(summary.status.queue_started_at, summary.context.queue_started_at);
    assert.match(run.stdout, new RegExp(`the api says .*${summary.context.queue_started_at}`));
    const running = (await containersOf(group)).map((c) => [c.Labels["boss.service"], c.State]).sort();
    assert.deepEqual(running, [
      ["api", "running"],
      ["queue", "running"],
    ]);
  });

  it("is read by the boss binary too, without cli() running a second command", async () => {
    const status = await runBoss(dir, ["status", "--json"], { env });
    assert.equal(status.code, 0, status.output);
    // One JSON document: a second run (cli() at the file's end) would add another, or an error.
    const report = JSON.parse(status.stdout) as { group: string; services: Array<{ name: string; state: string }> };
    assert.equal(report.group, group);
    assert.deepEqual(
      report.services.map((s) => [s.name, s.state]),
      [
        ["queue", "running"],
        ["api", "running"],
      ],
    );
    assert.equal(status.stderr, "");
  });

  it("stops, and its onStopServices hook deletes started.json", async () => {
    const run = await script(["stop", "--remove"]);
    assert.equal(run.code, 0, run.output);
    assert.match(run.stdout, /^hooks-script: stopped api, queue$/m);
    assert.equal(existsSync(join(dir, "started.json")), false);
    assert.deepEqual(await containersOf(group), []);
    assert.deepEqual(await networksOf(group), []);
  });
});
