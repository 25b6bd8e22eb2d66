import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { ContainerMetricsReader } from "../../src/core/metrics/container-metrics.js";
import { CpuRate } from "../../src/core/metrics/cpu-rate.js";
import { ProcessMetricsReader } from "../../src/core/metrics/process-metrics.js";
import type { MetricsReport } from "../../src/core/metrics/collector.js";
import { metricName, PROMETHEUS_CONTENT_TYPE, toPrometheus } from "../../src/core/metrics/prometheus.js";
import { Registry } from "prom-client";
import { promClientExposition } from "./prom-client-reference.js";
import { makeTempDir } from "../helpers/temp-dir.js";

function tree(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, ".."), { recursive: true });
    writeFileSync(join(root, name), text);
  }
}

describe("container metrics", () => {
  const tmp = makeTempDir();
  after(tmp.remove);
  const net = {
    "eth0/statistics/rx_bytes": "1000\n",
    "eth0/statistics/tx_bytes": "2000\n",
    "eth0/statistics/rx_packets": "10\n",
    "eth0/statistics/tx_packets": "20\n",
  };
  tree(join(tmp.path, "net"), net);
  tree(join(tmp.path, "proc"), { meminfo: "MemTotal:       2048 kB\n" });

  it("reads cgroup v1 (usage minus inactive file cache; an unlimited limit shows the host's memory)", () => {
    const cg = join(tmp.path, "v1");
    tree(cg, {
      "memory/memory.usage_in_bytes": "5000\n",
      "memory/memory.stat": "cache 10\ntotal_inactive_file 1000\n",
      "memory/memory.limit_in_bytes": "9223372036854771712\n",
      "cpuacct/cpuacct.usage": "2000000000\n",
    });
    const reader = new ContainerMetricsReader(
      { enabled: true, interface: "eth0" },
      cg,
      join(tmp.path, "net"),
      join(tmp.path, "proc"),
    );
    const m = reader.read();
    assert.equal(m.cgroup_version, 1);
    assert.equal(m.memory_usage_bytes, 4000);
    assert.equal(m.memory_limit_bytes, 2048 * 1024);
    assert.equal(m.cpu_usage_seconds_total, 2);
    assert.deepEqual(
      [m.network_rx_bytes, m.network_tx_bytes, m.network_rx_packets, m.network_tx_packets],
      [1000, 2000, 10, 20],
    );
  });

  it("reads cgroup v2", () => {
    const cg = join(tmp.path, "v2");
    tree(cg, {
      "cgroup.controllers": "cpu memory\n",
      "memory.current": "8000\n",
      "memory.stat": "inactive_file 3000\n",
      "memory.max": "1048576\n",
      "cpu.stat": "usage_usec 1500000\nuser_usec 1\n",
    });
    const m = new ContainerMetricsReader({ enabled: false, interface: "eth0" }, cg, join(tmp.path, "net")).read();
    assert.equal(m.cgroup_version, 2);
    assert.equal(m.memory_usage_bytes, 5000);
    assert.equal(m.memory_limit_bytes, 1048576);
    assert.equal(m.cpu_usage_seconds_total, 1.5);
    assert.equal(m.network_rx_bytes, null, "network monitoring off");
  });

  it("turns CPU time into a percentage of one core", () => {
    const rate = new CpuRate(100);
    assert.equal(rate.update(10, 0), 0);
    assert.equal(rate.update(10.5, 1000), 50);
    assert.equal(rate.update(12, 1050), 50, "too soon: the last figure");
    assert.equal(rate.update(14.5, 2000), 400, "measured from the last kept reading");
  });

  it("reads this process's figures from /proc", () => {
    const figures = new ProcessMetricsReader().read(process.pid);
    assert.ok(figures && figures.rss_bytes > 0 && figures.threads > 0 && figures.process_count >= 1);
  });
});

function sampleReport(adapter: MetricsReport["adapter"], networkInterface = "eth0"): MetricsReport {
  return {
    timestamp: "2026-01-02T03:04:05.123456Z",
    state: "running",
    container: {
      cgroup_version: 1,
      cpu_percent: 12.5,
      cpu_usage_seconds_total: 3,
      memory_usage_bytes: 100,
      memory_limit_bytes: 200,
      network_interface: networkInterface,
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
      last_exit_code: null,
    },
    adapter,
    core: { pid: 1, zombie_children: 0 },
  };
}

describe("Prometheus exposition", () => {
  it("renders a report that a parser reads back, with sanitised adapter names", () => {
    const text = toPrometheus(sampleReport({ "queue-depth": 4, "9lives": true, label: "x" }));
    const families = new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
    assert.equal(families.get("ccc_container_cpu_percent")?.metrics[0]?.value, "12.5");
    assert.equal(families.get("ccc_container_network_receive_bytes_total")?.type, "COUNTER");
    assert.equal(families.get("ccc_container_network_receive_bytes_total")?.metrics[0]?.labels?.interface, "eth0");
    assert.equal(families.get("ccc_adapter_queue_depth")?.metrics[0]?.value, "4");
    assert.equal(families.get("ccc_adapter__9lives")?.metrics[0]?.value, "1");
    assert.ok(!families.has("ccc_process_last_exit_code"), "null figures are left out");
    assert.equal(metricName("a.b-c"), "a_b_c");
  });

  it("writes the text prom-client writes for the same figures, byte for byte", async () => {
    const reports = [
      sampleReport({ "queue-depth": 4, "9lives": true, label: "x", 'say "hi"\\n': 2, ok: false, big: 1e21 }),
      sampleReport({}, 'eth"0\\\n'),
      { ...sampleReport({ "a-b": 1, a_b: 2 }), state: "idle" as const, process: null },
    ];
    for (const report of reports) {
      const mine: string[] = [];
      const theirs: string[] = [];
      assert.equal(
        toPrometheus(report, (m) => mine.push(m)),
        await promClientExposition(report, (m) => theirs.push(m)),
      );
      assert.deepEqual(mine, theirs);
    }
    assert.equal(PROMETHEUS_CONTENT_TYPE, Registry.PROMETHEUS_CONTENT_TYPE);
  });
});
