import assert from "node:assert/strict";
import { chmodSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { hashBuildContext, type BuildContext } from "../../src/engine/context-hash.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";

let folder: TempDir;
let cache: string;
let build: BuildContext;

beforeEach(() => {
  folder = makeTempDir("boss-context-hash-");
  cache = join(folder.path, "cache", "hashes.json");
  folder.write("app/Dockerfile", "FROM base\nCOPY . /app\n");
  folder.write("app/server.js", "console.log('hello');\n");
  folder.write("app/.dockerignore", "node_modules\n*.log\n");
  folder.write("app/node_modules/dep/index.js", "module.exports = 1;\n");
  build = { context: join(folder.path, "app"), dockerfile: "Dockerfile", args: { BASE: "node:20" } };
});
afterEach(() => folder.remove());

const hash = (b: BuildContext = build) => hashBuildContext(b, cache);
const longAgo = new Date(Date.now() - 3_600_000);

describe("hashBuildContext", () => {
  it("is the same for the same content, whatever the timestamps (a touch does not rebuild)", async () => {
    const before = await hash();
    utimesSync(join(build.context, "server.js"), new Date(), new Date());
    assert.equal(await hash(), before);
    utimesSync(join(build.context, "server.js"), longAgo, longAgo);
    assert.equal(await hash(), before);
  });

  it("changes when a sent file's content changes, also with its size and mtime put back", async () => {
    const file = join(build.context, "server.js");
    utimesSync(file, longAgo, longAgo);
    const before = await hash();
    assert.equal(await hash(), before, "cached: the same");
    writeFileSync(file, readFileSync(file, "utf8").replace("hello", "HELLO"));
    utimesSync(file, longAgo, longAgo); // same size, same mtime: only the ctime and the content say it changed
    assert.notEqual(await hash(), before);
  });

  it("changes when a file is added or removed, or a file's mode changes", async () => {
    const first = await hash();
    folder.write("app/lib/extra.js", "1");
    const second = await hash();
    assert.notEqual(second, first);
    chmodSync(join(build.context, "lib/extra.js"), 0o755);
    assert.notEqual(await hash(), second);
  });

  it("ignores what .dockerignore leaves out of the build, and notices a change to .dockerignore itself", async () => {
    const before = await hash();
    folder.write("app/node_modules/dep/index.js", "module.exports = 2;\n");
    folder.write("app/debug.log", "noise");
    assert.equal(await hash(), before);
    folder.write("app/.dockerignore", "node_modules\n");
    assert.notEqual(await hash(), before, "debug.log is sent now, and .dockerignore changed");
  });

  it("still sees a file an exception (!pattern) brings back from an ignored folder", async () => {
    folder.write("app/.dockerignore", "node_modules\n!node_modules/dep/index.js\n");
    const before = await hash();
    folder.write("app/node_modules/dep/index.js", "module.exports = 3;\n");
    assert.notEqual(await hash(), before);
  });

  it("includes the Dockerfile's name and the build args", async () => {
    const before = await hash();
    assert.notEqual(await hash({ ...build, args: { BASE: "node:22" } }), before);
    folder.write("app/Dockerfile.dev", "FROM base\n");
    assert.notEqual(await hash({ ...build, dockerfile: "Dockerfile.dev" }), before);
  });

  it("works without its cache, and with a broken one", async () => {
    const before = await hash();
    writeFileSync(cache, "{not json");
    assert.equal(await hash(), before);
    assert.equal(
      await hashBuildContext(build, join(folder.path, "app", "Dockerfile", "cannot-be-a-folder.json")),
      before,
    );
  });
});
