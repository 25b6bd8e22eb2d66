// The editor experience of `boss init`, with the real built boss: in a folder with no node_modules, `tsc`
// resolves `import "boss"` through the tsconfig.json boss wrote (a wrong field type is an error, so the types
// are really there), and boss itself still loads the file with that tsconfig beside it.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { runProcess } from "../test/helpers/run-process.js";
import { makeTempDir } from "../test/helpers/temp-dir.js";
import { repoRoot, runBoss } from "./harness.js";

const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
const tmp = makeTempDir("boss-it-init-");
after(tmp.remove);

async function typecheck(dir: string) {
  return runProcess(process.execPath, [tsc, "-p", dir], { cwd: dir, timeoutMs: 120_000 });
}

describe("boss init: an editor resolves the types of boss", { timeout: 300_000 }, () => {
  it("tsc checks the starter against boss's types, with no node_modules in the folder", async () => {
    const dir = join(tmp.path, "starter");
    const init = await runBoss(tmp.path, ["init", "-f", "starter/boss.ts"]);
    assert.equal(init.code, 0, init.stderr);
    assert.match(readFileSync(join(dir, "tsconfig.json"), "utf8"), new RegExp(`"${join(repoRoot, "dist", "index")}"`));

    const clean = await typecheck(dir);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    const graph = await runBoss(dir, ["graph"]);
    assert.equal(graph.code, 0, graph.stderr);
    assert.equal(graph.stdout, "web\n");

    writeFileSync(join(dir, "boss.ts"), readFileSync(join(dir, "boss.ts"), "utf8").replace('name = "web"', "name = 5"));
    const wrong = await typecheck(dir);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stdout, /boss\.ts\(\d+,\d+\): error TS2416: Property 'name' in type 'Web'/);
  });

  it("works without boss's own Node types too, as for a boss installed globally (no devDependencies)", async () => {
    const dir = join(tmp.path, "global");
    const init = await runBoss(tmp.path, ["init", "-f", "global/boss.ts"]);
    assert.equal(init.code, 0, init.stderr);
    const file = join(dir, "tsconfig.json");
    const config = readFileSync(file, "utf8")
      .replace(/"types": \[[^\]]*\]/, '"types": []')
      .replace(/"typeRoots": \[[^\]]*\],/, "");
    writeFileSync(file, config);
    const clean = await typecheck(dir);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
  });

  it("tsc checks what --from-compose wrote", async () => {
    const dir = join(tmp.path, "compose");
    tmp.write(
      "compose/docker-compose.yml",
      `
services:
  web:
    build: { context: ./web, args: { BASE: debian } }
    ports: ["8080:80", "127.0.0.1:9090:90"]
    volumes: ["data:/data", { type: bind, source: ./conf, target: /conf, read_only: true }]
    restart: unless-stopped
    stop_signal: SIGINT
    pull_policy: never
    depends_on: { db: { condition: service_healthy }, migrate: { condition: service_completed_successfully } }
  db: { image: postgres, healthcheck: { test: ["CMD", "pg_isready"], interval: 2s }, ulimits: { nofile: 1024 } }
  migrate: { image: migrate, healthcheck: { disable: true }, extra_hosts: ["host.docker.internal:host-gateway"] }
volumes: { data: {} }
`,
    );
    const init = await runBoss(dir, ["init", "--from-compose"]);
    assert.equal(init.code, 0, init.stderr);
    const checked = await typecheck(dir);
    assert.equal(checked.code, 0, checked.stdout + checked.stderr + readFileSync(join(dir, "boss.ts"), "utf8"));
  });
});
