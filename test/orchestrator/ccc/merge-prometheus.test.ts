import assert from "node:assert/strict";
import { describe, it } from "node:test";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { mergePrometheus } from "../../../src/orchestrator/ccc/merge-prometheus.js";

/** What a core's /metrics looks like (prom-client's layout), for one service. */
function coreText(rss: number, requests: number): string {
  return `# HELP ccc_up 1 while the Container Control Core answers
# TYPE ccc_up gauge
ccc_up 1

# HELP ccc_workload_state 1 for the workload's current state
# TYPE ccc_workload_state gauge
ccc_workload_state{state="running"} 1
ccc_workload_state{state="stopped"} 0

# HELP ccc_container_network_transmit_bytes_total Bytes sent
# TYPE ccc_container_network_transmit_bytes_total counter
ccc_container_network_transmit_bytes_total{interface="eth0"} 9328

# HELP ccc_process_resident_memory_bytes Workload resident memory
# TYPE ccc_process_resident_memory_bytes gauge
ccc_process_resident_memory_bytes ${rss}

# HELP ccc_adapter_requests Adapter metric requests
# TYPE ccc_adapter_requests gauge
ccc_adapter_requests ${requests}

# HELP ccc_adapter_requests_count Adapter metric requests_count
# TYPE ccc_adapter_requests_count gauge
ccc_adapter_requests_count ${requests * 2}
`;
}

const merged = mergePrometheus([
  { service: "feed", text: coreText(1000, 3) },
  { service: "api", text: coreText(2000, 5) },
]);
const families = new Map(parsePrometheusTextFormat(merged).map((f) => [f.name, f]));

describe("mergePrometheus", () => {
  it("gives every sample a service label first and keeps its own labels", () => {
    assert.deepEqual(families.get("ccc_workload_state")?.metrics, [
      { labels: { service: "feed", state: "running" }, value: "1" },
      { labels: { service: "feed", state: "stopped" }, value: "0" },
      { labels: { service: "api", state: "running" }, value: "1" },
      { labels: { service: "api", state: "stopped" }, value: "0" },
    ]);
    assert.deepEqual(families.get("ccc_up")?.metrics, [
      { labels: { service: "feed" }, value: "1" },
      { labels: { service: "api" }, value: "1" },
    ]);
  });

  it("writes each family's HELP and TYPE once, right before all of its samples", () => {
    for (const name of ["ccc_up", "ccc_workload_state", "ccc_process_resident_memory_bytes"]) {
      assert.equal(merged.match(new RegExp(`^# TYPE ${name} `, "gm"))?.length, 1, name);
      assert.equal(merged.match(new RegExp(`^# HELP ${name} `, "gm"))?.length, 1, name);
    }
    const counter = families.get("ccc_container_network_transmit_bytes_total");
    assert.equal(counter?.type, "COUNTER");
    assert.equal(counter?.metrics.length, 2);
  });

  it("keeps a family whose name ends like a histogram suffix apart from its neighbour", () => {
    // Adapter keys "requests" and "requests_count" are two gauges, not a summary and its count.
    assert.deepEqual(
      families.get("ccc_adapter_requests")?.metrics.map((m) => m.value),
      ["3", "5"],
    );
    assert.deepEqual(
      families.get("ccc_adapter_requests_count")?.metrics.map((m) => m.value),
      ["6", "10"],
    );
    const lines = merged.split("\n");
    const typeAt = lines.indexOf("# TYPE ccc_adapter_requests_count gauge");
    assert.ok(
      lines.slice(typeAt + 1, typeAt + 3).every((l) => l.startsWith("ccc_adapter_requests_count{")),
      merged,
    );
  });

  it("keeps a histogram's _bucket, _sum and _count samples under the histogram", () => {
    const text = `# HELP rtt Round trips
# TYPE rtt histogram
rtt_bucket{le="0.1"} 1
rtt_bucket{le="+Inf"} 2
rtt_sum 0.3
rtt_count 2
`;
    const parsed = parsePrometheusTextFormat(mergePrometheus([{ service: "feed", text }]));
    assert.equal(parsed.length, 1);
    assert.equal(parsed[0]?.type, "HISTOGRAM");
  });

  it("escapes a service name that needs it", () => {
    const text = mergePrometheus([{ service: 'we"ird', text: "# TYPE ccc_up gauge\nccc_up 1\n" }]);
    assert.match(text, /^ccc_up\{service="we\\"ird"\} 1$/m);
  });
});
