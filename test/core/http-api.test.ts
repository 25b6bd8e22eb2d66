import assert from "node:assert/strict";
import { chmodSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { IS_ROOT, TEST_ADAPTER, testConfigYaml } from "./fixtures-adapter.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { call, type Answer, configFrom, eventually, startTestCore, writeFiles } from "./helpers.js";

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

interface TestAdapterView {
  calls: string[];
  wrapped: string[];
}
const adapterView = (): TestAdapterView =>
  (globalThis as unknown as { __cccTestAdapter: TestAdapterView }).__cccTestAdapter;
const setMetricsThrow = (on: boolean): void => {
  (globalThis as Record<string, unknown>).__cccMetricsThrow = on;
};
/** Starts the workload and waits until it runs its code (its SIGTERM handler is in place). */
async function startAndWait(core: { url: string; logger: { lines: string[] } }, flowfile: string): Promise<Answer> {
  const count = (): number => core.logger.lines.filter((l) => l.startsWith("[workload] ids")).length;
  const before = count();
  const answer = await call(`${core.url}/api/start`, "POST", { flowfile });
  if (answer.status === 200) await eventually(() => count() > before, 5000, "the workload's first line");
  return answer;
}
const stateOf = (answer: { json: Record<string, unknown> }): unknown => answer.json.state;

describe("CCC HTTP API", () => {
  const tmp = makeTempDir();
  chmodSync(tmp.path, 0o755); // the workload runs as nobody in this folder
  const marks = join(tmp.path, "marks.txt");
  const mark = (word: string): string[] => [
    process.execPath,
    "-e",
    `require("fs").appendFileSync(${JSON.stringify(marks)}, "${word}\\n")`,
  ];
  writeFiles(tmp.path, { "test_adapter.cjs": TEST_ADAPTER, "marks.txt": "" });
  const config = configFrom(
    testConfigYaml(
      `privileged_commands:\n  pre_start: [${JSON.stringify(mark("pre_start"))}]\n  post_stop: [${JSON.stringify(mark("post_stop"))}]\n`,
    ),
    tmp.path,
  );
  let core: Awaited<ReturnType<typeof startTestCore>>;

  before(async () => {
    core = await startTestCore(config);
  });
  after(async () => {
    await core.shutdown();
    tmp.remove();
  });
  beforeEach(() => setMetricsThrow(false));

  it("GET /api/health answers 200 with the state and microsecond timestamps", async () => {
    const answer = await call(`${core.url}/api/health`);
    assert.equal(answer.status, 200);
    assert.equal(answer.json.status, "ok");
    assert.match(String(answer.json.timestamp), TIMESTAMP);
    assert.equal((answer.json.state as { state: string }).state, "idle");
  });

  it("answers 404 for an unknown route and 405 with Allow for a wrong method", async () => {
    const missing = await call(`${core.url}/api/nothing`);
    assert.equal(missing.status, 404);
    assert.match(String(missing.json.error), /no route \/api\/nothing/);
    const wrong = await call(`${core.url}/api/start`, "GET");
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get("allow"), "POST");
  });

  it("answers 400 for malformed JSON or a non-object body, and 413 for a body over the limit", async () => {
    const bad = await call(`${core.url}/api/start`, "POST", "{not json");
    assert.equal(bad.status, 400);
    assert.match(String(bad.json.error), /not valid JSON/);
    const list = await call(`${core.url}/api/start`, "POST", "[1,2]");
    assert.equal(list.status, 400);
    const big = await call(`${core.url}/api/start`, "POST", { flowfile: "x".repeat(1100 * 1024) });
    assert.equal(big.status, 413);
    assert.equal((await call(`${core.url}/api/health`)).status, 200, "the core survives");
  });

  it("answers 400 naming the primary payload key when it is missing", async () => {
    const answer = await call(`${core.url}/api/start`, "POST", { other: 1 });
    assert.equal(answer.status, 400);
    assert.match(String(answer.json.error), /"flowfile" is required/);
    assert.equal((stateOf(answer) as { state: string }).state, "idle");
  });

  it("answers 400 for update while not running", async () => {
    const answer = await call(`${core.url}/api/update`, "POST", { level: 2 });
    assert.equal(answer.status, 400);
    assert.match(String(answer.json.error), /not running/);
  });

  it("starts the workload as run_as_user after pre_start and the adapter, and reports it in metrics", async () => {
    const answer = await startAndWait(core, "sleep");
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.json.state, "running");
    assert.equal(typeof answer.json.pid, "number");
    assert.match(String(answer.json.started_at), TIMESTAMP);
    await eventually(
      () => core.logger.lines.some((l) => l.startsWith("[workload] ids")),
      5000,
      "the workload's first line",
    );
    const ids = core.logger.lines.find((l) => l.startsWith("[workload] ids")) ?? "";
    assert.match(ids, IS_ROOT ? /uid=65534 gid=65534 groups=65534$/ : /uid=\d+/);
    assert.ok(readFileSync(marks, "utf8").includes("pre_start"));
    assert.deepEqual(adapterView().calls.slice(-3), ["preStartHooks", "start:begin", "start:end"]);
    if (IS_ROOT) assert.ok(adapterView().wrapped.length > 1, "ensureUser wraps the command");
    assert.equal(adapterView().wrapped.at(-1), "id");

    const metrics = await call(`${core.url}/api/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(String(metrics.json.timestamp), TIMESTAMP);
    assert.equal(metrics.json.state, "running");
    const proc = metrics.json.process as Record<string, number>;
    assert.equal(proc.pid, answer.json.pid);
    assert.ok(proc.rss_bytes! > 0 && proc.threads! > 0);
    assert.deepEqual(metrics.json.adapter, { level: 0, healthy: true, label: "text" });
  });

  it("serves /metrics as Prometheus text that a parser reads", async () => {
    const answer = await call(`${core.url}/metrics`);
    assert.equal(answer.status, 200);
    assert.match(answer.headers.get("content-type") ?? "", /text\/plain/);
    const families = parsePrometheusTextFormat(answer.text);
    const byName = new Map(families.map((f) => [f.name, f]));
    assert.equal(byName.get("ccc_up")?.metrics[0]?.value, "1");
    const running = byName.get("ccc_workload_state")?.metrics.find((m) => m.labels?.state === "running");
    assert.equal(running?.value, "1");
    assert.ok(byName.has("ccc_process_resident_memory_bytes"));
    assert.equal(byName.get("ccc_adapter_healthy")?.metrics[0]?.value, "1");
    assert.ok(!byName.has("ccc_adapter_label"), "strings stay out of Prometheus");
  });

  it("applies an update the adapter supports (200) and refuses one it does not (409)", async () => {
    const applied = await call(`${core.url}/api/update`, "POST", { level: 7 });
    assert.equal(applied.status, 200, applied.text);
    assert.equal(applied.json.applied, true);
    assert.equal(((await call(`${core.url}/api/metrics`)).json.adapter as { level: number }).level, 7);
    const refused = await call(`${core.url}/api/update`, "POST", { colour: "red" });
    assert.equal(refused.status, 409);
    assert.match(String(refused.json.error), /colour/);
    assert.equal((await call(`${core.url}/api/update`, "POST", {})).status, 400);
  });

  it("answers 500 with the adapter's message when getMetrics throws", async () => {
    setMetricsThrow(true);
    const answer = await call(`${core.url}/api/metrics`);
    assert.equal(answer.status, 500);
    assert.match(String(answer.json.error), /metrics broke/);
    assert.equal((await call(`${core.url}/metrics`)).status, 500);
  });

  it("restarts the workload when started while running", async () => {
    const before = (await call(`${core.url}/api/health`)).json.state as { pid: number };
    const answer = await startAndWait(core, "sleep");
    assert.equal(answer.status, 200);
    assert.notEqual(answer.json.pid, before.pid);
    assert.equal(answer.json.restarts, 1);
    assert.ok(core.logger.lines.includes("[workload] got SIGTERM"), "the old workload was stopped gracefully");
  });

  it("stops gracefully (SIGTERM, exit 0), runs post_stop, and answers 200 again when already stopped", async () => {
    const lines = core.logger.lines.length;
    const answer = await call(`${core.url}/api/stop`, "POST");
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.json.state, "stopped");
    assert.equal(answer.json.exit_code, 0);
    assert.ok(core.logger.lines.slice(lines).includes("[workload] got SIGTERM"));
    assert.ok(readFileSync(marks, "utf8").trim().endsWith("post_stop"));
    assert.deepEqual(adapterView().calls.slice(-2), ["stop:begin", "stop:end"]);
    const again = await call(`${core.url}/api/stop`, "POST");
    assert.equal(again.status, 200);
    assert.equal(again.json.state, "stopped");
  });

  it("reports a workload that exits on its own as failed with its exit code", async () => {
    assert.equal((await call(`${core.url}/api/start`, "POST", { flowfile: "crash" })).status, 200);
    await eventually(
      async () => ((await call(`${core.url}/api/health`)).json.state as { state: string }).state === "failed",
    );
    const state = (await call(`${core.url}/api/health`)).json.state as Record<string, unknown>;
    assert.equal(state.exit_code, 3);
    assert.match(String(state.reason), /exited with code 3/);
    assert.equal(state.pid, null);
    assert.equal((await call(`${core.url}/api/stop`, "POST")).status, 200);
  });

  it("kills a workload that ignores SIGTERM after stop_timeout_seconds", async () => {
    assert.equal((await startAndWait(core, "ignore-term")).status, 200);
    const started = Date.now();
    const answer = await call(`${core.url}/api/stop`, "POST");
    assert.equal(answer.status, 200);
    assert.equal(answer.json.exit_signal, "SIGKILL");
    assert.equal(answer.json.exit_code, 137);
    assert.ok(Date.now() - started >= 450, "waited for the timeout first");
  });

  it("answers 500 with the adapter's message when start fails, leaving nothing half-started", async () => {
    const before = readFileSync(marks, "utf8").split("\n").filter(Boolean).length;
    const answer = await call(`${core.url}/api/start`, "POST", { flowfile: "sleep", fail_start: "no licence" });
    assert.equal(answer.status, 500);
    assert.match(String(answer.json.error), /adapter refused: no licence/);
    const state = stateOf(answer) as Record<string, unknown>;
    assert.equal(state.state, "failed");
    assert.equal(state.pid, null);
    assert.deepEqual(adapterView().calls.slice(-2), ["stop:begin", "stop:end"], "the adapter was stopped again");
    const after = readFileSync(marks, "utf8").split("\n").filter(Boolean);
    assert.deepEqual(after.slice(before), ["pre_start", "post_stop"], "pre_start undone by post_stop");
    const hook = await call(`${core.url}/api/start`, "POST", { flowfile: "sleep", fail_hook: "nope" });
    assert.equal(hook.status, 500);
    assert.match(String(hook.json.error), /hook refused: nope/);
  });

  it("serialises concurrent start and stop requests", async () => {
    const view = adapterView();
    const from = view.calls.length;
    const answers = await Promise.all([
      call(`${core.url}/api/start`, "POST", { flowfile: "sleep" }),
      call(`${core.url}/api/stop`, "POST"),
      call(`${core.url}/api/start`, "POST", { flowfile: "sleep" }),
      call(`${core.url}/api/stop`, "POST"),
    ]);
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200, 200, 200],
    );
    // Requests on separate connections may arrive in any order, but each
    // adapter call must finish before the next begins.
    const calls = view.calls.slice(from).filter((c) => c !== "preStartHooks");
    for (let i = 0; i < calls.length; i += 2) {
      assert.equal(calls[i + 1], calls[i]!.replace(":begin", ":end"), `interleaved: ${calls.join(" ")}`);
    }
    assert.equal(calls.filter((c) => c === "start:end").length, 2);
    const last = await call(`${core.url}/api/stop`, "POST");
    assert.equal(last.json.state, "stopped");
    assert.equal(last.json.pid, null);
  });
});

describe("CCC_TOKEN", () => {
  const tmp = makeTempDir();
  writeFiles(tmp.path, { "test_adapter.cjs": TEST_ADAPTER });
  let core: Awaited<ReturnType<typeof startTestCore>>;
  before(async () => {
    core = await startTestCore(configFrom(testConfigYaml(), tmp.path), { CCC_TOKEN: "s3cret" });
  });
  after(async () => {
    await core.shutdown();
    tmp.remove();
  });

  it("needs Authorization: Bearer on /api/* except /api/health", async () => {
    assert.equal((await call(`${core.url}/api/health`)).status, 200);
    const missing = await call(`${core.url}/api/metrics`);
    assert.equal(missing.status, 401);
    assert.equal(missing.headers.get("www-authenticate"), "Bearer");
    assert.equal((await call(`${core.url}/api/stop`, "POST", {}, { Authorization: "Bearer wrong" })).status, 401);
    assert.equal(
      (await call(`${core.url}/api/metrics`, "GET", undefined, { Authorization: "Bearer s3cret" })).status,
      200,
    );
  });
});
