// /metrics passes `promtool check metrics`: the scaffold's own example metric
// used to fail its lint (`settings_count`: a gauge with a suffix reserved for
// histograms), adapter keys in camelCase or with reserved suffixes would too,
// and keys `a-b` and `a_b` silently overwrote each other.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { SKELETON_ADAPTER } from "../../src/ccc-scaffold/templates.js";
import type { AdapterMetrics } from "../../src/core/adapter.js";
import { adapterGaugeName, adapterGauges } from "../../src/core/metrics/metric-names.js";
import { toPrometheus } from "../../src/core/metrics/prometheus.js";
import type { MetricsReport } from "../../src/core/metrics/collector.js";
import { makeTempDir } from "../helpers/temp-dir.js";

function report(adapter: AdapterMetrics): MetricsReport {
  return {
    timestamp: "2026-01-02T03:04:05.123456Z",
    state: "running",
    container: {
      cgroup_version: 2,
      cpu_percent: 1,
      cpu_usage_seconds_total: 2,
      memory_usage_bytes: 3,
      memory_limit_bytes: 4,
      network_interface: "eth0",
      network_rx_bytes: 1,
      network_tx_bytes: 2,
      network_rx_packets: 3,
      network_tx_packets: 4,
    },
    process: {
      pid: 9,
      cpu_percent: 1,
      rss_bytes: 5,
      threads: 2,
      process_count: 1,
      uptime_seconds: 3,
      restarts: 1,
      last_exit_code: 0,
    },
    adapter,
    core: { pid: 1, zombie_children: 0 },
  };
}

const promtool = spawnSync("promtool", ["--version"]).status === 0;
// CI installs it (scripts/test-all.sh): there a missing promtool is a failure, never a skip.
if (!promtool && process.env.CI === "true")
  throw new Error("promtool is not installed (Debian: apt-get install prometheus)");

/** `promtool check metrics` on the text: its lint findings, "" when clean. */
function lint(text: string): string {
  const result = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
  return result.status === 0 ? "" : `${result.stdout}${result.stderr}`.trim() || `exit ${result.status}`;
}

describe("adapter metric names", () => {
  it("are snake_case gauges; names Prometheus reserves for other types get _value", () => {
    assert.equal(adapterGaugeName("queueDepth"), "ccc_adapter_queue_depth");
    assert.equal(adapterGaugeName("queue-depth"), "ccc_adapter_queue_depth");
    assert.equal(adapterGaugeName("9lives"), "ccc_adapter__9lives");
    assert.equal(adapterGaugeName("settings_count"), "ccc_adapter_settings_count_value");
    assert.equal(adapterGaugeName("requests_total"), "ccc_adapter_requests_total_value");
    assert.equal(adapterGaugeName("settings_keys"), "ccc_adapter_settings_keys");
  });

  it("keys that land on one name are all left out, with a message naming them", () => {
    const { names, collisions } = adapterGauges(["a-b", "a_b", "c"]);
    assert.deepEqual([...names.keys()], ["ccc_adapter_c"]);
    assert.match(collisions[0] ?? "", /"a-b" and "a_b" would all be exported as ccc_adapter_a_b/);
    const problems: string[] = [];
    const text = toPrometheus(report({ "a-b": 1, a_b: 2, c: 3 }), (p) => problems.push(p));
    assert.ok(!text.includes("ccc_adapter_a_b"), "neither value is passed off as the other");
    assert.match(text, /^ccc_adapter_c 3$/m);
    assert.equal(problems.length, 1);
  });

  it(
    "the whole exposition passes promtool check metrics",
    { skip: promtool ? false : "promtool is not installed" },
    () => {
      const adapter = { queueDepth: 4, "9lives": true, settings_count: 2, requests_total: 7, label: "x", ok: false };
      assert.equal(lint(toPrometheus(report(adapter))), "");
    },
  );
});

describe("the scaffold's skeleton adapter", () => {
  const tmp = makeTempDir();
  after(tmp.remove);

  it(
    "exports metrics that pass promtool check metrics",
    { skip: promtool ? false : "promtool is not installed" },
    () => {
      writeFileSync(
        join(tmp.path, "ccc-adapter.cjs"),
        "class ApplicationAdapter {}\nmodule.exports = { ApplicationAdapter };\n",
      );
      writeFileSync(join(tmp.path, "my_adapter.cjs"), SKELETON_ADAPTER);
      const { MyAdapter } = createRequire(join(tmp.path, "x.cjs"))("./my_adapter.cjs") as {
        MyAdapter: new () => { start(p: object, c: object): unknown; getMetrics(): AdapterMetrics };
      };
      const adapter = new MyAdapter();
      adapter.start({ target_url: "http://x" }, {});
      const text = toPrometheus(report(adapter.getMetrics()));
      assert.match(text, /^ccc_adapter_settings_keys 1$/m);
      assert.equal(lint(text), "");
    },
  );
});
