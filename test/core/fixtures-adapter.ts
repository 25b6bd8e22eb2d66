// The small adapter and workload used by the in-process API tests. The adapter
// publishes itself on globalThis so tests can see which calls it received.
export const TEST_ADAPTER = `
class TestAdapter {
  constructor() {
    this.calls = [];
    this.level = 0;
    globalThis.__cccTestAdapter = this;
  }
  async preStartHooks(payload) {
    this.calls.push("preStartHooks");
    if (payload.fail_hook) throw new Error("hook refused: " + payload.fail_hook);
  }
  async start(payload, context) {
    this.calls.push("start:begin");
    this.wrapped = context.ensureUser(["id"]);
    await new Promise((r) => setTimeout(r, 30));
    if (payload.fail_start) throw new Error("adapter refused: " + payload.fail_start);
    this.calls.push("start:end");
  }
  async stop() {
    this.calls.push("stop:begin");
    await new Promise((r) => setTimeout(r, 30));
    this.calls.push("stop:end");
  }
  update(payload) {
    if ("level" in payload) { this.level = payload.level; return true; }
    return false;
  }
  getMetrics() {
    if (globalThis.__cccMetricsThrow) throw new Error("metrics broke");
    return { level: this.level, healthy: true, label: "text" };
  }
}
module.exports = { TestAdapter };
`;

/** A workload in Node: prints its ids, exits 0 on SIGTERM unless told to ignore it, crashes on request. */
export const WORKLOAD_SCRIPT = `
const mode = process.argv[1];
process.on("SIGTERM", () => { if (mode === "ignore-term") return; console.log("got SIGTERM"); process.exit(0); });
console.log("ids uid=" + process.getuid() + " gid=" + process.getgid() + " groups=" + process.getgroups().join(","));
if (mode === "crash") setTimeout(() => process.exit(3), 100);
setInterval(() => {}, 1000);
`;

/** Dropping privileges needs root; elsewhere the workload runs as the test's own user. */
export const IS_ROOT = process.getuid?.() === 0;

export function testConfigYaml(extra = ""): string {
  return `
adapter:
  class: test_adapter.TestAdapter
  primary_payload_key: flowfile
  run_as_user: ${IS_ROOT ? "nobody" : "null"}
process_management:
  enabled: true
  command: [${JSON.stringify(process.execPath)}, "-e", ${JSON.stringify(WORKLOAD_SCRIPT)}, "{flowfile}"]
  stop_timeout_seconds: 0.5
${extra}`;
}
