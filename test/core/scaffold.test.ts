import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { parse } from "yaml";
import { initCccProject } from "../../src/ccc-scaffold/init-ccc-project.js";
import { parseConfigText } from "../../src/core/config/config.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { writeFiles } from "./helpers.js";

describe("boss ccc init", () => {
  const tmp = makeTempDir();
  after(tmp.remove);
  writeFiles(tmp.path, {
    "core-v1.cjs": "// core v1\n",
    "core-v2.cjs": "// core v2\n",
    "base.cjs": "// base\n",
    "types.d.ts": "export declare const x: 1;\n//# sourceMappingURL=adapter.d.ts.map\n",
  });
  const project = join(tmp.path, "image");
  const files = (core: string) => ({
    coreFile: join(tmp.path, core),
    adapterRuntimeFile: join(tmp.path, "base.cjs"),
    adapterTypesFile: join(tmp.path, "types.d.ts"),
  });

  it("writes the core, the adapter base and types, a skeleton adapter, config.yaml and a Dockerfile", async () => {
    const result = await initCccProject(project, files("core-v1.cjs"));
    assert.deepEqual(result.written.sort(), [
      ".dockerignore",
      "Dockerfile",
      "ccc-adapter.cjs",
      "ccc-adapter.d.cts",
      "ccc-core.cjs",
      "config.yaml",
      "my_adapter.cjs",
    ]);
    assert.equal(readFileSync(join(project, "ccc-adapter.d.cts"), "utf8").includes("sourceMappingURL"), false);
    const dockerfile = readFileSync(join(project, "Dockerfile"), "utf8");
    for (const part of [
      "ARG BASE_IMAGE=node:20-bookworm-slim",
      "FROM ${BASE_IMAGE}",
      "iproute2",
      "useradd",
      "app_user",
      "EXPOSE 8080",
      'CMD ["node", "--no-opt", "--no-sparkplug", "--optimize-for-size", "ccc-core.cjs"]',
    ]) {
      assert.ok(dockerfile.includes(part), `Dockerfile has ${part}`);
    }
    // The template config is valid for the core and names the skeleton adapter.
    const config = parseConfigText(readFileSync(join(project, "config.yaml"), "utf8"), project);
    assert.equal(config.adapter.ref.spec, "my_adapter.MyAdapter");
    assert.equal(config.adapter.runAsUser, "app_user");
    assert.ok(parse(readFileSync(join(project, "config.yaml"), "utf8")));
  });

  it("updates the core on a re-run and never overwrites the user's adapter or config", async () => {
    writeFileSync(join(project, "my_adapter.cjs"), "// mine\n");
    writeFileSync(join(project, "config.yaml"), "# mine\n");
    const result = await initCccProject(project, files("core-v2.cjs"));
    assert.deepEqual(result.updated.sort(), ["ccc-adapter.cjs", "ccc-adapter.d.cts", "ccc-core.cjs"]);
    assert.deepEqual(result.skipped.sort(), [".dockerignore", "Dockerfile", "config.yaml", "my_adapter.cjs"]);
    assert.equal(readFileSync(join(project, "ccc-core.cjs"), "utf8"), "// core v2\n");
    assert.equal(readFileSync(join(project, "my_adapter.cjs"), "utf8"), "// mine\n");
    assert.equal(readFileSync(join(project, "config.yaml"), "utf8"), "# mine\n");
  });
});
