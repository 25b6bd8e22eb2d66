import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { bossBin, makeProject, runBoss, servicesFilePreamble, uniqueGroup } from "./harness.js";

// No engine is needed here, only the built binary; a missing one is an error, never a skip.
if (!existsSync(bossBin)) throw new Error(`${bossBin} is missing: run npm run build first`);

const unreachable = ["tcp://127.0.0.1:1", "unix:///nonexistent.sock"];

describe("Docker engine unreachable", () => {
  const group = uniqueGroup("nodocker");
  let dir = "";

  before(async () => {
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(group) +
        `
export class Db extends Service { name = "db"; image = busybox; cmd = httpd("db"); }
export class Site extends Service { name = "site"; image = "boss-it-never-built:latest"; buildFrom = "./site"; dependencies = ["db"]; }
`,
      "site/Dockerfile": "FROM boss-busybox:latest\n",
    });
  });
  // Nothing reached an engine, so there is nothing but the folder to clean up.
  after(() => rm(dir, { recursive: true, force: true }));

  for (const host of unreachable) {
    for (const args of [["start"], ["stop", "--remove"], ["reload", "site"]]) {
      it(`${args.join(" ")} with DOCKER_HOST=${host} exits 3 and says what was tried`, async () => {
        const began = Date.now();
        const run = await runBoss(dir, args, { env: { DOCKER_HOST: host }, timeoutMs: 30_000 });
        assert.equal(run.code, 3, run.output);
        assert.equal(run.stdout, "");
        assert.ok(run.stderr.startsWith("boss: cannot reach the Docker engine"), run.stderr);
        assert.ok(run.stderr.includes(`DOCKER_HOST=${host}`), run.stderr);
        assert.doesNotMatch(run.stderr, /^\s+at /m, "a stack trace");
        assert.equal(run.stderr.trimEnd().split("\n").length, 1, run.stderr);
        assert.ok(Date.now() - began < 15_000, "waited long for an engine that refuses at once");
      });
    }
  }

  it("wrote no context file", () => {
    assert.equal(existsSync(join(dir, ".boss-context")), false);
  });
});
