// The shipped core as a host process, stopped by signals: SIGHUP stops the
// workload like SIGTERM (it used to kill the core and leave the workload
// running), a stop reaches what the workload started, and environment values
// that are set but unusable stop the core at start-up with one line.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { after, describe, it } from "node:test";
import { groupMembers, killGroup, layOutProject, startHostCore, type HostCore } from "./host-core.js";

const TOKEN = "signals-token";

async function startWorkload(core: HostCore, seconds: number): Promise<number> {
  const response = await fetch(`${core.url}/api/start`, {
    method: "POST",
    headers: { Authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ seconds }),
    signal: AbortSignal.timeout(10_000),
  });
  const state = (await response.json()) as { pid: number };
  assert.equal(response.status, 200, JSON.stringify(state));
  return state.pid;
}

async function eventually(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !check(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

describe("the core's signals (dist/ccc-core.cjs as a host process)", { timeout: 60_000 }, () => {
  const cores: HostCore[] = [];
  const groups: number[] = [];
  const dirs: string[] = [];
  after(async () => {
    for (const pgid of groups) killGroup(pgid);
    for (const core of cores) await core.cleanup();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  for (const signal of ["SIGHUP", "SIGTERM"] as const) {
    it(`${signal} stops the workload's whole process group and ends the core with 0`, async () => {
      const command = ["bash", "-c", 'sleep "$1" & sleep "$1" & wait', "workload", "{seconds}"];
      const core = await startHostCore({ token: TOKEN, command });
      cores.push(core);
      const pgid = await startWorkload(core, 1000);
      groups.push(pgid);
      await eventually(() => groupMembers(pgid).length === 3, "bash and its two sleeps");
      const sent = Date.now();
      core.child.kill(signal);
      const exit = await core.exited;
      assert.equal(exit.code, 0, core.output());
      assert.ok(exit.at - sent < 5000, `exited after ${exit.at - sent} ms`);
      assert.deepEqual(groupMembers(pgid), [], "nothing of the workload is left");
      assert.match(core.output(), new RegExp(`${signal} received: stopping the workload`));
    });
  }

  it("ends within stop_timeout_seconds + 5 s even when the stop sequence hangs, killing the workload's group", async () => {
    const hanging =
      "class MyAdapter { start() {} stop() { return new Promise(() => {}); } }\nmodule.exports = { MyAdapter };\n";
    const core = await startHostCore({ token: TOKEN, stopTimeoutSeconds: 1, adapterSource: hanging });
    cores.push(core);
    const pgid = await startWorkload(core, 1000);
    groups.push(pgid);
    const sent = Date.now();
    core.child.kill("SIGTERM");
    const exit = await core.exited;
    const took = exit.at - sent;
    assert.equal(exit.code, 1, core.output());
    assert.ok(took >= 5500 && took < 8000, `exited after ${took} ms (deadline 1 s + 5 s)`);
    assert.match(core.output(), /shutdown still not done after 6000 ms: killing the workload's process group/);
    assert.deepEqual(groupMembers(pgid), []);
  });

  it("refuses to start with an empty CCC_TOKEN, a token with spaces, or an empty CCC_PORT", async () => {
    const dir = await layOutProject();
    dirs.push(dir);
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [{ CCC_TOKEN: "" }, /^ccc: environment: CCC_TOKEN: expected a non-empty token .* found an empty value$/],
      [{ CCC_TOKEN: " s3cret " }, /^ccc: environment: CCC_TOKEN: .* found a value with spaces or control characters$/],
      [
        { CCC_PORT: "" },
        /^ccc: environment: CCC_PORT: expected a port number 1-65535 \(0: any free port\), found the string ""$/,
      ],
    ];
    for (const [extra, expected] of cases) {
      const result = spawnSync(process.execPath, ["ccc-core.cjs"], {
        cwd: dir,
        env: { PATH: process.env.PATH, HOME: "/tmp", CCC_HOST: "127.0.0.1", ...extra },
        encoding: "utf8",
        timeout: 10_000,
      });
      assert.equal(result.status, 2, result.stderr);
      assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
      assert.match(result.stderr.trim(), expected);
      assert.ok(!result.stderr.includes("s3cret"), "the token is not printed");
    }
  });
});
