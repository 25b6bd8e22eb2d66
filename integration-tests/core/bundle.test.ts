// The one-file core as shipped: dist/ccc-core.cjs run from an empty folder with
// no node_modules anywhere above it, on this machine's Node.
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import { http, waitUntil } from "./docker-cli.js";
import { makeTempDir } from "../../test/helpers/temp-dir.js";

const bundle = fileURLToPath(new URL("../../dist/ccc-core.cjs", import.meta.url));
/** Keep in step with scripts/build-core.mjs. */
const SIZE_BUDGET_BYTES = 400 * 1024;

function emptyFolder(): string {
  const dir = makeTempDir("ccc-bundle-").path;
  for (let up = dir; up !== "/"; up = join(up, "..")) {
    assert.ok(!existsSync(join(up, "node_modules")), `${up} has node_modules: not an empty place`);
  }
  copyFileSync(bundle, join(dir, "ccc-core.cjs"));
  return dir;
}

const env = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: "/tmp", ...extra });

describe("dist/ccc-core.cjs", () => {
  assert.ok(existsSync(bundle), `${bundle} is missing: run npm run build first`);
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  after(() => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("stays within its size budget", () => {
    assert.ok(statSync(bundle).size <= SIZE_BUDGET_BYTES, `${statSync(bundle).size} bytes`);
  });

  it("runs from an empty folder with an ESM adapter, serves the API and stops on SIGTERM", async () => {
    const dir = emptyFolder();
    dirs.push(dir);
    writeFileSync(join(dir, "adapter.mjs"), "export class Empty { getMetrics() { return { answer: 42 }; } }\n");
    writeFileSync(
      join(dir, "config.yaml"),
      `adapter:\n  class: ./adapter.mjs#Empty\n  primary_payload_key: job\nprocess_management:\n  command: [${JSON.stringify(process.execPath)}, "-e", "setInterval(() => {}, 1000)", "{job}"]\n`,
    );
    const child = spawn(process.execPath, ["ccc-core.cjs"], {
      cwd: dir,
      env: env({ CCC_PORT: "0", LOG_LEVEL: "DEBUG" }),
    });
    children.push(child);
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
    await waitUntil(
      () => Promise.resolve(/listening on 0\.0\.0\.0:\d+/.test(out)),
      10_000,
      `the core to listen (output: ${out})`,
    );
    const port = /listening on 0\.0\.0\.0:(\d+)/.exec(out)?.[1];
    const url = `http://127.0.0.1:${port}`;
    assert.equal((await http(`${url}/api/health`)).status, 200);
    const start = await http(`${url}/api/start`, "POST", { job: "j1" });
    assert.equal(start.status, 200, start.text);
    assert.equal(((await http(`${url}/api/metrics`)).json.adapter as { answer: number }).answer, 42);
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    assert.equal(await exited, 0);
    assert.match(out, /SIGTERM received/);
    assert.match(out, /workload exited/);
    assert.match(out, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z (INFO |DEBUG) \[ccc\]/m);
  });

  it("exits non-zero with one line naming the key when config.yaml is wrong", () => {
    const dir = emptyFolder();
    dirs.push(dir);
    const cases: [string, RegExp][] = [
      [
        "adapter:\n  class: missing.Adapter\n  primary_payload_key: k\n",
        /adapter\.class: expected a module file missing\.js, \.cjs or \.mjs/,
      ],
      [
        "adapter:\n  class: a.B\n  primary_payload_key: k\n  extra: 1\n",
        /adapter\.extra: expected one of the known keys/,
      ],
      [
        "adapter:\n  class: a.B\n  primary_payload_key: k\nprocess_management:\n  command: ./tool --x\n",
        /process_management\.command: expected a command as a non-empty list of strings/,
      ],
    ];
    for (const [yaml, expected] of cases) {
      writeFileSync(join(dir, "custom.yaml"), yaml);
      const result = spawnSync(process.execPath, ["ccc-core.cjs"], {
        cwd: dir,
        env: env({ CCC_CONFIG_FILE: "custom.yaml" }),
        encoding: "utf8",
        timeout: 10_000,
      });
      assert.equal(result.status, 2, result.stderr);
      assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
      assert.match(result.stderr, expected);
    }
  });

  it(
    "runs a command as another uid with gid and supplementary groups in helper mode",
    { skip: process.getuid?.() !== 0 ? "needs root" : false },
    () => {
      const result = spawnSync(
        process.execPath,
        [bundle, "--ccc-run-as", "65534:65534:65534,4242", "--", "sh", "-c", "id -u; id -g; id -G; exit 3"],
        { encoding: "utf8" },
      );
      assert.equal(result.stdout, "65534\n65534\n65534 4242\n");
      assert.equal(result.status, 3);
    },
  );
});
