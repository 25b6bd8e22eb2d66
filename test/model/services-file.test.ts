import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { findServicesFile, loadServicesFile, locateServicesFile, slug } from "../../src/model/services-file.js";
import { outsideGroupState } from "../../src/model/group-state.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";
import { expectUserError } from "../helpers/user-error.js";

const folders: TempDir[] = [];
after(() => folders.forEach((f) => f.remove()));

/** Writes `source` as boss.ts in a fresh folder and returns its path. */
function writeServicesFile(source: string, name = "boss.ts"): string {
  const folder = makeTempDir();
  folders.push(folder);
  return folder.write(name, source);
}

describe("loadServicesFile", () => {
  it("loads the exported Service subclasses, importing Service from 'boss'", async () => {
    const file = writeServicesFile(`
      import { Service } from "boss";
      export class Database extends Service {
        name = "appdb";
        image = "postgres:16";
      }
      export class Web extends Service {
        name = "web";
        image = "nginx";
        dependencies = ["appdb"];
      }
      export const notAService = { name: "x", image: "y" };
    `);
    const { servicesFile, graph } = await loadServicesFile(file);
    assert.deepEqual(
      servicesFile.services.map((s) => [s.className, s.name]),
      [
        ["Database", "appdb"],
        ["Web", "web"],
      ],
    );
    assert.equal(servicesFile.file, file);
    assert.deepEqual(graph.startOrder(), ["appdb", "web"]);
  });

  it("takes dependencies given as classes", async () => {
    const file = writeServicesFile(`
      import { Service } from "boss";
      export class Database extends Service { name = "appdb"; image = "postgres:16"; }
      export class Web extends Service { name = "web"; image = "nginx"; dependencies = [Database]; }
    `);
    const { graph } = await loadServicesFile(file);
    assert.deepEqual(graph.dependenciesOf("web"), ["appdb"]);
  });

  it("finds services through inheritance; a nameless base class is not a service", async () => {
    const file = writeServicesFile(`
      import { Service } from "boss";
      export abstract class Base extends Service {
        image = "busybox";
        env = { SHARED: "yes" };
      }
      export class Web extends Base { name = "web"; }
      export class Admin extends Web { name = "admin"; env = { ...this.env, ROLE: "admin" }; }
    `);
    const { servicesFile } = await loadServicesFile(file);
    const byName = servicesFile.services.map((s) => [s.className, s.name, s.image, s.env]).sort();
    assert.deepEqual(byName, [
      ["Admin", "admin", "busybox", { SHARED: "yes", ROLE: "admin" }],
      ["Web", "web", "busybox", { SHARED: "yes" }],
    ]);
  });

  it("resolves relative volume host paths against the services file's folder, not the cwd", async () => {
    const file = writeServicesFile(`
      import { Service } from "boss";
      export class Store extends Service {
        name = "store";
        image = "busybox";
        volumes = ["./data:/data:ro"];
      }
    `);
    const { servicesFile } = await loadServicesFile(file);
    assert.notEqual(process.cwd(), servicesFile.dir);
    assert.deepEqual(servicesFile.services[0]?.volumes, [
      { type: "bind", host: join(servicesFile.dir, "data"), container: "/data", mode: "ro" },
    ]);
  });

  it("names the group after the services file's folder by default", async () => {
    const folder = makeTempDir();
    folders.push(folder);
    mkdirSync(join(folder.path, "My Shop.App"));
    const file = folder.write(
      "My Shop.App/boss.ts",
      `import { Service } from "boss"; export class A extends Service { name = "a"; image = "busybox"; }`,
    );
    const { servicesFile } = await loadServicesFile(file);
    assert.equal(servicesFile.group, "my-shop-app");
    assert.equal(slug("--Hello, World!--"), "hello-world");
  });

  it("uses group() when the file calls it", async () => {
    const file = writeServicesFile(`
      import { Service, group } from "boss";
      group("shop");
      export class A extends Service { name = "a"; image = "busybox"; }
    `);
    assert.equal((await loadServicesFile(file)).servicesFile.group, "shop");
  });

  it("keeps each file's group, hooks and Context values to itself", async () => {
    const first = writeServicesFile(`
      import { Service, group, onStartServices } from "boss";
      group("first");
      onStartServices(() => {});
      export class A extends Service { name = "a"; image = "busybox"; }
    `);
    const second = writeServicesFile(`
      import { Service } from "boss";
      export class B extends Service { name = "b"; image = "busybox"; }
    `);
    const one = await loadServicesFile(first);
    const two = await loadServicesFile(second);
    assert.equal(one.servicesFile.group, "first");
    assert.equal(one.state.onStart.length, 1);
    assert.notEqual(two.servicesFile.group, "first");
    assert.equal(two.state.onStart.length, 0);
    assert.equal(outsideGroupState().onStart.length, 0, "nothing leaked outside the groups");
  });
});

describe("loadServicesFile refuses", () => {
  it("a field error, naming the file, the class and the field", async () => {
    const file = writeServicesFile(`
      import { Service } from "boss";
      export class Cache extends Service {
        name = "cache";
        image = "redis";
        ports = { 6379: 70000 };
      }
    `);
    await expectUserError(
      () => loadServicesFile(file),
      [`${file}: Cache: ports.6379: host port must be an integer 1-65535`],
    );
  });

  it("duplicate names, naming both classes", async () => {
    const file = writeServicesFile(`
      import { Service } from "boss";
      export class MainDb extends Service { name = "db"; image = "postgres"; }
      export class ReportDb extends Service { name = "db"; image = "postgres"; }
    `);
    await expectUserError(
      () => loadServicesFile(file),
      [`${file}: ReportDb: name: `, 'name "db" is also used by class MainDb'],
    );
  });

  it("a host port published twice, naming both services", async () => {
    const file = writeServicesFile(`
      import { Service } from "boss";
      export class Blue extends Service { name = "blue"; image = "nginx"; ports = { 80: 8080 }; }
      export class Green extends Service { name = "green"; image = "nginx"; ports = { 8000: 8080 }; }
    `);
    await expectUserError(
      () => loadServicesFile(file),
      [`${file}: Green: ports.8000: `, 'host port 8080 is already published by "blue"'],
    );
  });

  it("an unknown dependency, listing the known services", async () => {
    const file = writeServicesFile(`
      import { Service } from "boss";
      export class Db extends Service { name = "appdb"; image = "postgres"; }
      export class Web extends Service { name = "web"; image = "nginx"; dependencies = ["appdb", "cache"]; }
    `);
    await expectUserError(
      () => loadServicesFile(file),
      [`${file}: Web: dependencies[1]: `, 'unknown service "cache"; known services: appdb, web'],
    );
  });

  it("a dependency cycle, printing it", async () => {
    const file = writeServicesFile(`
      import { Service } from "boss";
      export class A extends Service { name = "a"; image = "busybox"; dependencies = ["b"]; }
      export class B extends Service { name = "b"; image = "busybox"; dependencies = ["c"]; }
      export class C extends Service { name = "c"; image = "busybox"; dependencies = ["a"]; }
      export class D extends Service { name = "d"; image = "busybox"; dependencies = ["a"]; }
    `);
    await expectUserError(
      () => loadServicesFile(file),
      [`${file}: A: dependencies: `, "dependency cycle: a -> b -> c -> a"],
    );
  });

  it("a file without services", async () => {
    const file = writeServicesFile(`
      import { Service } from "boss";
      export const version = 1;
      export class Helper { name = "helper"; image = "busybox"; }
    `);
    await expectUserError(
      () => loadServicesFile(file),
      [`${file}: no services found: export at least one class that extends Service`],
    );
  });

  it("a syntax error, showing file:line", async () => {
    const file = writeServicesFile(
      [
        `import { Service } from "boss";`,
        `export class A extends Service {`,
        `  name = "a";`,
        `  image = = "busybox";`,
        `}`,
      ].join("\n"),
    );
    await expectUserError(() => loadServicesFile(file), [`syntax error at ${file}:4:`]);
  });

  it("a runtime error while loading, showing file:line", async () => {
    const file = writeServicesFile(
      [
        `import { Service } from "boss";`,
        `export class A extends Service { name = "a"; image = "busybox"; }`,
        `const settings: Record<string, { port: number }> = {};`,
        `export const port = settings.web!.port;`,
      ].join("\n"),
    );
    await expectUserError(
      () => loadServicesFile(file),
      [
        `${file}: loading the services file failed at ${file}:4:`,
        "TypeError: Cannot read properties of undefined (reading 'port')",
      ],
    );
  });

  it("a constructor that throws, naming the class", async () => {
    const file = writeServicesFile(`
      import { Service } from "boss";
      export class A extends Service {
        name = "a";
        image = process.env.BOSS_TEST_SURELY_UNSET ?? (() => { throw new Error("set BOSS_TEST_SURELY_UNSET"); })();
      }
    `);
    await expectUserError(
      () => loadServicesFile(file),
      [`${file}: A: constructing the service failed: set BOSS_TEST_SURELY_UNSET`],
    );
  });

  it("group() called twice, saying where it was first set", async () => {
    const file = writeServicesFile(
      [
        `import { Service, group } from "boss";`,
        `group("shop");`,
        `group("store");`,
        `export class A extends Service { name = "a"; image = "busybox"; }`,
      ].join("\n"),
    );
    await expectUserError(
      () => loadServicesFile(file),
      [`${file}: group: `, `group("store"): the group is already set to "shop" (at `, `${file}:2:`],
    );
  });

  it("a group name that is not a valid label", async () => {
    const file = writeServicesFile(`
      import { Service, group } from "boss";
      group("My Shop");
      export class A extends Service { name = "a"; image = "busybox"; }
    `);
    await expectUserError(() => loadServicesFile(file), [`${file}: group: group("My Shop"): use lowercase letters`]);
  });
});

describe("findServicesFile", () => {
  it("prefers boss.ts, then boss.config.ts, boss.js, boss.mjs", () => {
    const folder = makeTempDir();
    folders.push(folder);
    folder.write("boss.mjs", "");
    assert.equal(findServicesFile(folder.path), join(folder.path, "boss.mjs"));
    folder.write("boss.config.ts", "");
    assert.equal(findServicesFile(folder.path), join(folder.path, "boss.config.ts"));
    folder.write("boss.ts", "");
    assert.equal(findServicesFile(folder.path), join(folder.path, "boss.ts"));
  });

  it("takes -f relative to the cwd", () => {
    const folder = makeTempDir();
    folders.push(folder);
    const file = folder.write("deploy/services.ts", "");
    assert.equal(findServicesFile(folder.path, "deploy/services.ts"), file);
  });

  it("refuses a -f file that does not exist", async () => {
    const folder = makeTempDir();
    folders.push(folder);
    await expectUserError(
      () => findServicesFile(folder.path, "nope.ts"),
      [`-f/--file: services file not found: ${join(folder.path, "nope.ts")}`],
    );
  });

  it("refuses a folder without a services file, saying what it looked for", async () => {
    const folder = makeTempDir();
    folders.push(folder);
    await expectUserError(
      () => findServicesFile(folder.path),
      [
        `no services file in ${folder.path} or its parent folders: looked for boss.ts, boss.config.ts, boss.js, boss.mjs`,
      ],
    );
  });

  it("looks in the parent folders, as compose does: the nearest file wins, and says it was found above", async () => {
    const folder = makeTempDir("boss-parent-");
    folders.push(folder);
    const outer = folder.write(
      "My Shop/boss.ts",
      'import { Service } from "boss";\nexport class A extends Service { name = "a"; image = "x"; }\n',
    );
    const deep = join(folder.path, "My Shop", "src", "deep");
    mkdirSync(deep, { recursive: true });
    assert.deepEqual(locateServicesFile(deep), { file: outer, above: true });
    assert.deepEqual(locateServicesFile(join(folder.path, "My Shop")), { file: outer, above: false });
    const inner = folder.write("My Shop/src/boss.js", "");
    assert.deepEqual(locateServicesFile(deep), { file: inner, above: true });
    // The group is named after the file's folder, not the current one.
    assert.equal(
      (await loadServicesFile(locateServicesFile(deep).file.replace("src/boss.js", "boss.ts"))).servicesFile.group,
      "my-shop",
    );
  });
});
