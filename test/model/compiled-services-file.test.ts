import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, beforeEach, describe, it } from "node:test";
import { compiledServicesFile, type RunningBoss } from "../../src/model/compiled-services-file.js";
import { loadServicesFile } from "../../src/model/services-file.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";

/** As loadServicesFile runs it: this checkout's version, from its sources. */
const boss: RunningBoss = {
  version: (createRequire(import.meta.url)("../../package.json") as { version: string }).version,
  targets: {
    boss: new URL("../../src/index.ts", import.meta.url),
    "boss/core": new URL("../../src/core/index.ts", import.meta.url),
  },
};

const folders: TempDir[] = [];
after(() => folders.forEach((f) => f.remove()));

/** A project folder with a node_modules, so that its cache is its own: node_modules/.cache/boss. */
let project: TempDir;
beforeEach(() => {
  project = makeTempDir();
  folders.push(project);
  project.write("node_modules/.keep", "");
});

function servicesFile(image: string, more = ""): string {
  return project.write(
    "boss.ts",
    `import { Service } from "boss";\n${more}\nexport class Web extends Service { name = "web"; image = ${image}; }\n`,
  );
}

function cacheFiles(): string[] {
  return readdirSync(join(project.path, "node_modules", ".cache", "boss")).sort();
}

async function imageOf(file: string): Promise<string | undefined> {
  const { servicesFile } = await loadServicesFile(file);
  return servicesFile.services[0]?.image;
}

describe("a services file compiled into the cache", () => {
  it("is compiled once, then the cached module is what later loads import", async () => {
    const file = servicesFile(`"busybox"`);
    const first = await compiledServicesFile(file, boss);
    assert.ok(first, "compiled");
    assert.deepEqual(
      cacheFiles()
        .map((name) => name.replace(/^[0-9a-f]+/, ""))
        .sort(),
      [".json", ".mjs"],
    );
    // Marked, to see that the next load imports it rather than compiling again.
    const path = fileURLToPath(first);
    writeFileSync(path, `${readFileSync(path, "utf8")}\nexport const fromTheCache = true;\n`);
    const second = await compiledServicesFile(file, boss);
    assert.equal(second, first);
    const loaded = (await import(`${second}?test=marked`)) as { fromTheCache?: boolean };
    assert.equal(loaded.fromTheCache, true);
  });

  it("is compiled again when the file changes", async () => {
    const file = servicesFile(`"busybox:1"`);
    assert.equal(await imageOf(file), "busybox:1");
    servicesFile(`"busybox:2"`);
    assert.equal(await imageOf(file), "busybox:2");
  });

  it("is compiled again when a file it imports changes", async () => {
    project.write("images.ts", `export const web = "nginx:1";\n`);
    const file = servicesFile("web", `import { web } from "./images.js";`);
    assert.equal(await imageOf(file), "nginx:1");
    project.write("images.ts", `export const web = "nginx:2";\n`);
    assert.equal(await imageOf(file), "nginx:2");
  });

  it("is compiled again for another version of boss, leaving the other's entry", async () => {
    const file = servicesFile(`"busybox"`);
    await compiledServicesFile(file, boss);
    const before = cacheFiles().filter((name) => name.endsWith(".json"));
    await compiledServicesFile(file, { ...boss, version: `${boss.version}-next` });
    const manifests = cacheFiles().filter((name) => name.endsWith(".json"));
    assert.equal(manifests.length, 2);
    assert.ok(before.every((name) => manifests.includes(name)));
  });

  it("is left to tsx when it reads where it is (import.meta.url means the file, not a copy)", async () => {
    const file = servicesFile(`new URL(import.meta.url).pathname.endsWith("/boss.ts") ? "right" : "wrong"`);
    assert.equal(await compiledServicesFile(file, boss), undefined);
    assert.equal(await imageOf(file), "right");
  });

  it("is left to tsx when it does not link natively (a named export a CommonJS package hides), and that is remembered", async () => {
    // A name the CommonJS export lexer cannot see: Node's ESM gives no named export for it; tsx does.
    project.write("node_modules/hidden/package.json", `{ "name": "hidden", "main": "index.js" }`);
    project.write("node_modules/hidden/index.js", `module.exports = { ["ima" + "ge"]: "from-commonjs" };\n`);
    const file = servicesFile("image", `import { image } from "hidden";`);
    assert.equal(await imageOf(file), "from-commonjs");
    assert.equal(await compiledServicesFile(file, boss), undefined, "remembered: tsx");
  });

  it("is not used with BOSS_NO_COMPILE_CACHE", async () => {
    const file = servicesFile(`"busybox"`);
    process.env.BOSS_NO_COMPILE_CACHE = "1";
    try {
      assert.equal(await compiledServicesFile(file, boss), undefined);
      assert.equal(await imageOf(file), "busybox");
    } finally {
      delete process.env.BOSS_NO_COMPILE_CACHE;
    }
  });
});
