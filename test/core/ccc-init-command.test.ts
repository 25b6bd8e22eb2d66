import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import { Cli } from "clipanion";
import type { BossContext } from "../../src/cli/base-command.js";
import { CccInitCommand } from "../../src/cli/commands/ccc-init.js";
import { tempDir } from "./helpers.js";

async function runInit(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = new Cli<BossContext>({ binaryName: "boss" });
  cli.register(CccInitCommand);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  const code = await cli.run(["ccc", "init", ...args, "--plain"], { ...Cli.defaultContext, stdout, stderr, cwd });
  return { code, stdout: out, stderr: err };
}

describe("boss ccc init (command)", () => {
  const tmp = tempDir();
  after(tmp.cleanup);
  const built = existsSync(fileURLToPath(new URL("../../dist/ccc-core.cjs", import.meta.url)));

  it(built ? "writes the project and reports each file" : "says to build first when dist/ is missing", async () => {
    const result = await runInit(["app"], tmp.dir);
    if (!built) {
      assert.equal(result.code, 2);
      assert.match(result.stderr + result.stdout, /run npm run build/);
      return;
    }
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /wrote {4}app\/ccc-core\.cjs/);
    assert.ok(existsSync(join(tmp.dir, "app", "Dockerfile")));
    const again = await runInit(["app"], tmp.dir);
    assert.match(again.stdout, /updated {2}app\/ccc-core\.cjs/);
    assert.match(again.stdout, /kept {5}app\/config\.yaml \(yours\)/);
  });
});
