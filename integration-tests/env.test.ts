import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, describe, it } from "node:test";
import {
  bossBin,
  removeGroup,
  engineUnavailable,
  makeProject,
  plainOutputEnv,
  runBoss,
  servicesFilePreamble,
  uniqueGroup,
} from "./harness.js";

const skip = await engineUnavailable();

const tricky = `it's "quoted" $HOME \`id\` \\\\ and\na second line`;

describe("boss env", { skip, timeout: 60_000 }, () => {
  const group = uniqueGroup("env");
  let dir = "";
  before(async () => {
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(group) +
        `export class Db extends Service {
  name = "db";
  image = busybox;
  cmd = httpd("db");
  async postStart() { Context.set("db.password", ${JSON.stringify(tricky)}); Context.set("port", 5433); }
}
export class Api extends Service {
  name = "api";
  image = busybox;
  cmd = httpd("api");
  dependencies = [Db];
  env = { DB_URI: "postgresql://app:{db.password}@db:{port}/app", MODE: "test" };
}
`,
    });
    const start = await runBoss(dir, ["start"]);
    assert.equal(start.code, 0, start.output);
  });
  after(() => removeGroup(group, dir));

  it("prints exports that a shell evals back to exactly the values the container got", () => {
    const script = `eval "$(${process.execPath} ${bossBin} env api)" && printf '%s\\0' "$DB_PASSWORD" "$PORT" "$DB_URI" "$MODE"`;
    const result = spawnSync("sh", ["-c", script], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, ...plainOutputEnv },
    });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.stdout.split("\0").slice(0, -1), [
      tricky,
      "5433",
      `postgresql://app:${tricky}@db:5433/app`,
      "test",
    ]);
  });

  it("prints the Context alone without a service, and JSON with the keys as they are", async () => {
    const plain = await runBoss(dir, ["env"]);
    assert.equal(plain.code, 0, plain.output);
    assert.deepEqual(
      plain.stdout
        .split("\n")
        .filter((l) => l.startsWith("export "))
        .map((l) => l.slice(0, l.indexOf("="))),
      ["export DB_PASSWORD", "export PORT"],
    );
    const json = await runBoss(dir, ["env", "api", "--json"]);
    assert.equal(json.code, 0, json.output);
    assert.deepEqual(JSON.parse(json.stdout), {
      context: { "db.password": tricky, port: 5433 },
      service: "api",
      env: { DB_URI: `postgresql://app:${tricky}@db:5433/app`, MODE: "test" },
    });
  });
});

describe("boss graph", { timeout: 30_000 }, () => {
  let dir = "";
  before(async () => {
    dir = await makeProject({
      "boss.ts": `import { Service } from "boss";
export class Db extends Service { name = "db"; image = "busybox"; }
export class Cache extends Service { name = "cache"; image = "busybox"; }
export class Api extends Service { name = "api"; image = "busybox"; dependencies = [Db, Cache]; }
`,
    });
  });

  it("prints the tree and the DOT without an engine", async () => {
    const tree = await runBoss(dir, ["graph"], { env: { DOCKER_HOST: "unix:///nonexistent.sock" } });
    assert.equal(tree.code, 0, tree.output);
    assert.equal(tree.stdout, "api\n├── db\n└── cache\n");
    const dot = await runBoss(dir, ["graph", "--dot"], { env: { DOCKER_HOST: "unix:///nonexistent.sock" } });
    assert.equal(dot.code, 0, dot.output);
    assert.match(dot.stdout, /^digraph "[^"]+" \{\n/);
    assert.match(dot.stdout, /\n {2}"api" -> "db";\n {2}"api" -> "cache";\n\}\n$/);
  });
});
