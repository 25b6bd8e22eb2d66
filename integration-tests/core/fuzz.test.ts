// Fuzzing the shipped core: thousands of seeded hostile requests (malformed,
// deeply nested, oversized, unauthenticated, invalid payloads, slow, aborted)
// and a pool of held connections against dist/ccc-core.cjs as a host process
// in the `boss ccc init` layout, with a `sleep` workload (as nobody under root).
// Throughout, the core must answer /api/health within 100 ms, its memory must
// stay bounded, and the workload must keep running untouched; at the end,
// SIGTERM must end the core and the workload's process group within the grace
// period while hostile connections are open.
//
// The memory bound, 150 MB of RSS: an idle core is about 50 MB (Node 20 and
// the bundle). What the barrage may add is bounded by the core's limits: 16
// MiB of request bodies in memory at once with their parsed copies (the body budget), 1,024
// connections with at most 16 KiB of headers each (16 MiB), replies of a few
// KiB, and V8's heap slack on top. A leak, an unbounded buffer or an echoed
// 1 MiB payload per reply would pass it within seconds.
import assert from "node:assert/strict";
import { request } from "node:http";
import type { Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { after, describe, it } from "node:test";
import { runProcess } from "../../test/helpers/run-process.js";
import type { FuzzFigures, FuzzPlan } from "./fuzz/fuzzer.js";
import { groupMembers, IS_ROOT, killGroup, procStatusBytes, startHostCore, uidOf, type HostCore } from "./host-core.js";
import { hold } from "./fuzz/raw-client.js";

const TOKEN = "fuzz-token-0123456789abcdef";
const SEED = Number(process.env.CCC_FUZZ_SEED ?? 20_261_130);
const STOP_TIMEOUT_SECONDS = 5;
const HEALTH_LIMIT_MS = 100;
const RSS_LIMIT_BYTES = 150 * 1024 * 1024;
const fuzzer = fileURLToPath(new URL("./fuzz/fuzzer.ts", import.meta.url));

/** GET /api/health on a fresh connection; its status and latency. */
function health(port: number): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: "/api/health", agent: false, timeout: 5000 }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve({ status: 0, ms: performance.now() - started }));
    req.end();
  });
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !check(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function runFuzzer(plan: FuzzPlan): Promise<FuzzFigures> {
  const run = await runProcess(process.execPath, ["--import", "tsx", fuzzer, JSON.stringify(plan)], {
    timeoutMs: plan.maxMs + 20_000,
  });
  if (run.code !== 0) throw new Error(`the fuzzer exited ${run.code}: ${run.stderr.slice(-4000)}`);
  return JSON.parse(run.stdout) as FuzzFigures;
}

describe("fuzzing the core", { timeout: 120_000 }, () => {
  let core: HostCore | undefined;
  let workloadPid = 0;
  after(async () => {
    if (workloadPid) killGroup(workloadPid);
    await core?.cleanup();
  });

  it("survives a seeded barrage of hostile requests, and SIGTERM still ends it with hostile connections open", async (t) => {
    core = await startHostCore({ token: TOKEN, stopTimeoutSeconds: STOP_TIMEOUT_SECONDS });
    const { port } = core;
    const start = await post(`${core.url}/api/start`, { seconds: 3600 });
    assert.equal(start.status, 200, JSON.stringify(start.json));
    workloadPid = start.json.pid as number;
    // setpriv sets the uid and then execs sleep in the same pid: wait for it to get there.
    if (IS_ROOT) await waitFor(() => uidOf(workloadPid) === 65534, "the workload to run as nobody (uid 65534)");

    // Health probes and memory samples from this process, while the fuzzer runs in its own.
    const latencies: number[] = [];
    const failedProbes: number[] = [];
    let peakRss = 0;
    let probing = true;
    const prober = (async () => {
      while (probing) {
        const answer = await health(port);
        latencies.push(answer.ms);
        if (answer.status !== 200) failedProbes.push(answer.status);
        peakRss = Math.max(peakRss, procStatusBytes(core.pid, "VmRSS"));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const figures = await runFuzzer({
      port,
      token: TOKEN,
      seed: SEED,
      requests: 6000,
      maxMs: 30_000,
      concurrency: 12,
      held: 300,
    });
    for (let i = 0; i < 10; i++) {
      const answer = await health(port); // and after the barrage
      latencies.push(answer.ms);
      if (answer.status !== 200) failedProbes.push(answer.status);
    }
    probing = false;
    await prober;
    const stateAfter = (await (await fetch(`${core.url}/api/health`)).json()) as { state: Record<string, unknown> };
    const workloadAlive = groupMembers(workloadPid).includes(workloadPid);
    const hwm = procStatusBytes(core.pid, "VmHWM");
    peakRss = Math.max(peakRss, hwm);

    // SIGTERM with hostile connections open: silent, half headers, pending bodies.
    const heads = [
      "",
      "GET /api/health HTTP/1.1\r\nHost: c\r\n",
      "POST /api/update HTTP/1.1\r\nHost: c\r\nContent-Length: 9999\r\n\r\n{",
    ];
    const hostile = (await Promise.all(Array.from({ length: 150 }, (_, i) => hold(port, heads[i % 3]!)))).filter(
      (s): s is Socket => s !== null,
    );
    const sigtermAt = Date.now();
    core.child.kill("SIGTERM");
    const exit = await Promise.race([
      core.exited,
      new Promise<null>((r) => setTimeout(() => r(null), STOP_TIMEOUT_SECONDS * 1000 + 10_000)),
    ]);
    const sigtermMs = exit ? exit.at - sigtermAt : Number.NaN;
    for (const socket of hostile) socket.destroy();
    const leftInGroup = groupMembers(workloadPid);

    const sent = Object.values(figures.sent).reduce((a, b) => a + b, 0);
    const crashes = (core.output().match(/ccc: uncaught|unhandled rejection/g) ?? []).length;
    const serverErrors = Object.values(figures.outcomes).reduce(
      (n, o) =>
        n +
        Object.entries(o)
          .filter(([k]) => /^5\d\d$/.test(k) && k !== "503")
          .reduce((a, [, v]) => a + v, 0),
      0,
    );
    const unanswered = (["deep", "oversized", "unauthenticated", "invalid-payload"] as const).reduce(
      (n, kind) => n + (figures.outcomes[kind]["no-answer"] ?? 0),
      0,
    );
    const maxLatency = Math.max(...latencies);
    t.diagnostic(
      `seed ${SEED}: ${sent} hostile requests in ${(figures.ms / 1000).toFixed(1)} s, by kind ${JSON.stringify(figures.sent)}`,
    );
    t.diagnostic(`outcomes by kind ${JSON.stringify(figures.outcomes)}`);
    t.diagnostic(`held connections opened: ${figures.heldOpened} (pool of 300, refilled as the core times them out)`);
    t.diagnostic(
      `crashes ${crashes}; 5xx answers (other than 503) ${serverErrors}; complete requests left unanswered ${unanswered}`,
    );
    t.diagnostic(`health probes ${latencies.length}: max ${maxLatency.toFixed(1)} ms, failed ${failedProbes.length}`);
    t.diagnostic(
      `peak RSS of the core ${(peakRss / 1024 / 1024).toFixed(1)} MiB (VmHWM ${(hwm / 1024 / 1024).toFixed(1)} MiB)`,
    );
    t.diagnostic(
      `SIGTERM with ${hostile.length} hostile connections open: core exited ${JSON.stringify(exit && { code: exit.code, signal: exit.signal })} after ${sigtermMs} ms; workload group left: ${leftInGroup.length}`,
    );

    assert.ok(sent >= 3000, `${sent} requests sent`);
    assert.ok(workloadAlive, "the workload process is still there");
    assert.deepEqual(
      [stateAfter.state.state, stateAfter.state.pid, stateAfter.state.restarts],
      ["running", workloadPid, 0],
      "the workload kept running untouched: same pid, never restarted",
    );
    assert.equal(crashes, 0, core.output().slice(-3000));
    assert.equal(serverErrors, 0, JSON.stringify(figures.outcomes));
    assert.equal(unanswered, 0, JSON.stringify(figures.outcomes));
    assert.deepEqual(failedProbes, [], "every health probe answered 200");
    assert.ok(maxLatency < HEALTH_LIMIT_MS, `health answered in at most ${maxLatency.toFixed(1)} ms`);
    assert.ok(peakRss < RSS_LIMIT_BYTES, `peak RSS ${peakRss} bytes`);
    assert.ok(exit, "the core exited after SIGTERM");
    assert.equal(exit.code, 0);
    assert.ok(sigtermMs < STOP_TIMEOUT_SECONDS * 1000, `SIGTERM took ${sigtermMs} ms`);
    assert.deepEqual(leftInGroup, [], "nothing of the workload's process group is left");
    assert.match(core.output(), /SIGTERM received/);
  });
});
