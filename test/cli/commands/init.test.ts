import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ExitCode } from "../../../src/errors.js";
import { bossInProcess } from "../../helpers/run-cli.js";
import { makeTempDir } from "../../helpers/temp-dir.js";

const tmp = makeTempDir();
after(tmp.remove);
let n = 0;
/** A fresh folder with `files` in it. */
function folder(files: Record<string, string> = {}): string {
  n += 1;
  for (const [name, text] of Object.entries(files)) tmp.write(`f${n}/${name}`, text);
  tmp.write(`f${n}/.keep`, "");
  return join(tmp.path, `f${n}`);
}
const read = (dir: string, name: string) => readFileSync(join(dir, name), "utf8");

describe("boss init (in-process)", () => {
  it("writes a starter boss.ts that boss loads, and a tsconfig.json pointing at this boss", async () => {
    const dir = folder();
    const run = await bossInProcess(["init", "--plain"], { cwd: dir });
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.equal(run.stdout, "wrote    boss.ts\nwrote    tsconfig.json\nnext: boss start\n");
    assert.match(read(dir, "boss.ts"), /^group\("f\d+"\);$/m);
    const tsconfig = read(dir, "tsconfig.json");
    assert.match(tsconfig, /^\/\/ Written by `boss init`/);
    const { compilerOptions } = JSON.parse(tsconfig.replace(/^\/\/.*$/gm, "")) as {
      compilerOptions: { paths: Record<string, string[]> };
    };
    const { paths } = compilerOptions;
    assert.equal(paths.boss?.[0], join(import.meta.dirname, "../../../src/index"));
    const graph = await bossInProcess(["graph"], { cwd: dir });
    assert.equal(graph.code, ExitCode.ok, graph.stderr);
    assert.equal(graph.stdout, "web\n");
  });

  it("never overwrites a services file: exit 2, nothing written", async () => {
    const dir = folder({ "boss.ts": "// mine\n" });
    const run = await bossInProcess(["init"], { cwd: dir });
    assert.equal(run.code, ExitCode.userError);
    assert.match(run.stderr, /boss\.ts already exists: boss init never overwrites it/);
    assert.equal(read(dir, "boss.ts"), "// mine\n");
    assert.throws(() => read(dir, "tsconfig.json"), /ENOENT/);
  });

  it("--editor writes only the tsconfig.json; rewrites its own, keeps the user's", async () => {
    const dir = folder({ "boss.ts": "// mine\n" });
    const first = await bossInProcess(["init", "--editor", "--plain"], { cwd: dir });
    assert.equal(first.stdout, "wrote    tsconfig.json\n");
    const again = await bossInProcess(["init", "--editor", "--plain"], { cwd: dir });
    assert.equal(again.stdout, "updated  tsconfig.json (boss's, for this boss)\n");
    writeFileSync(join(dir, "tsconfig.json"), "{}\n");
    const kept = await bossInProcess(["init", "--editor", "--plain"], { cwd: dir });
    assert.match(kept.stdout, /^kept {5}tsconfig\.json \(yours/);
    assert.equal(read(dir, "tsconfig.json"), "{}\n");
    assert.equal(read(dir, "boss.ts"), "// mine\n");
  });

  it("-f names the services file to write", async () => {
    const dir = folder();
    const run = await bossInProcess(["init", "-f", "stack/services.ts", "--plain"], { cwd: dir });
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.match(read(join(dir, "stack"), "services.ts"), /export class Web extends Service/);
    assert.match(read(join(dir, "stack"), "tsconfig.json"), /"paths"/);
  });
});

describe("boss init --from-compose (in-process)", () => {
  const compose = `
services:
  web:
    image: \${WEB_IMAGE:-busybox}
    command: ["httpd", "-f"]
    depends_on: { db: { condition: service_started }, seed: { condition: service_completed_successfully } }
    deploy: { replicas: 3 }
  seed: { image: busybox, command: "true" }
  db: { image: busybox, environment: { A: "1" } }
`;

  it("finds compose's default file name, writes a boss.ts boss loads, and lists what it kept on stderr", async () => {
    const dir = folder({ "compose.yaml": compose });
    const run = await bossInProcess(["init", "--from-compose", "--plain"], { cwd: dir });
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.equal(run.stderr, "note: services.web.deploy.replicas: no boss equivalent; kept as a comment\n");
    assert.match(read(dir, "boss.ts"), /^\/\/ compose: deploy\.replicas: 3\nexport class Web extends Service \{$/m);
    const graph = await bossInProcess(["graph"], { cwd: dir });
    assert.equal(graph.code, ExitCode.ok, graph.stderr);
    assert.match(graph.stdout, /web\n(├|└)── /);
  });

  it("takes a named compose file and says the same in --json", async () => {
    const dir = folder({ "deploy/stack.yml": compose });
    const run = await bossInProcess(["init", "--from-compose", "deploy/stack.yml", "--json"], { cwd: dir });
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.equal(run.stderr, "");
    const result = JSON.parse(run.stdout) as { type: string; written: string[]; notes: string[] };
    assert.equal(result.type, "result");
    assert.deepEqual(result.written, ["boss.ts", "tsconfig.json"]);
    assert.deepEqual(result.notes, ["services.web.deploy.replicas: no boss equivalent; kept as a comment"]);
  });

  it("exits 2 naming the file and the path for invalid compose, and writes nothing", async () => {
    const dir = folder({ "docker-compose.yml": "services:\n  web:\n    image: w\n    port: [80]\n" });
    const run = await bossInProcess(["init", "--from-compose"], { cwd: dir });
    assert.equal(run.code, ExitCode.userError);
    assert.match(run.stderr, /docker-compose\.yml: not a valid compose file: services\.web: unknown key "port"/);
    assert.throws(() => read(dir, "boss.ts"), /ENOENT/);
  });

  it("exits 2 for a compose file that is not there, or given without --from-compose", async () => {
    const dir = folder();
    const missing = await bossInProcess(["init", "--from-compose", "nope.yml"], { cwd: dir });
    assert.equal(missing.code, ExitCode.userError);
    assert.match(missing.stderr, /compose file not found: .*nope\.yml/);
    const stray = await bossInProcess(["init", "nope.yml"], { cwd: dir });
    assert.equal(stray.code, ExitCode.userError);
    assert.match(stray.stderr, /read only with --from-compose/);
  });
});
