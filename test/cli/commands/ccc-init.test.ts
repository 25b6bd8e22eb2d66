import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import { bossInProcess } from "../../helpers/run-cli.js";
import { makeTempDir } from "../../helpers/temp-dir.js";

const runInit = (args: string[], cwd: string) => bossInProcess(["ccc", "init", ...args, "--plain"], { cwd });

describe("boss ccc init (command)", () => {
  const tmp = makeTempDir();
  after(tmp.remove);
  const built = existsSync(fileURLToPath(new URL("../../../dist/ccc-core.cjs", import.meta.url)));

  it(built ? "writes the project and reports each file" : "says to build first when dist/ is missing", async () => {
    const result = await runInit(["app"], tmp.path);
    if (!built) {
      assert.equal(result.code, 2);
      assert.match(result.stderr + result.stdout, /run npm run build/);
      return;
    }
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /wrote {4}app\/ccc-core\.cjs/);
    assert.ok(existsSync(join(tmp.path, "app", "Dockerfile")));
    const again = await runInit(["app"], tmp.path);
    assert.match(again.stdout, /updated {2}app\/ccc-core\.cjs/);
    assert.match(again.stdout, /kept {5}app\/config\.yaml \(yours\)/);
  });
});
