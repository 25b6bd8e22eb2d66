import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { cccCoreBundle, engineUnavailable, removeLabelled } from "../harness.js";
import { docker, dockerResult, http, publishedPort, RUN_LABEL, TEST_LABEL, waitUntil } from "./docker-cli.js";
import { BASE_IMAGE, buildImage, makeImageProject } from "./image.js";

const repo = new URL("../../", import.meta.url).pathname;
// The base images: cheap when they exist (a recipe label is checked), built on a fresh machine.
if ((await engineUnavailable({ image: "", built: cccCoreBundle }).catch(() => "none")) === undefined) {
  execFileSync("bash", [`${repo}scripts/build-base-images.sh`, "node"], { stdio: "inherit" });
}
const skip = await engineUnavailable({ image: BASE_IMAGE, built: cccCoreBundle });
const id = `${process.pid}-${Date.now().toString(36)}`;
const image = `boss-ccc-it:${id}`;
const network = `boss-ccc-it-${id}`;
const labels = ["--label", TEST_LABEL, "--label", RUN_LABEL];

async function runCore(name: string, extra: string[] = [], cmd: string[] = []): Promise<string> {
  await docker([
    "run",
    "-d",
    ...labels,
    "--name",
    name,
    "--network",
    network,
    "-p",
    "127.0.0.1::8080",
    ...extra,
    image,
    ...cmd,
  ]);
  const url = `http://127.0.0.1:${await publishedPort(name)}`;
  await waitUntil(
    async () => (await http(`${url}/api/health`, "GET", undefined, 2000)).status === 200,
    30_000,
    `${name} health`,
  );
  return url;
}

async function state(url: string): Promise<Record<string, unknown>> {
  return (await http(`${url}/api/health`)).json.state as Record<string, unknown>;
}

/** Downloads `bytes` from the server container in a second container; returns Mbit/s. */
async function measureMbps(bytes: number): Promise<number> {
  const out = await docker([
    "run",
    "--rm",
    ...labels,
    "--network",
    network,
    image,
    "node",
    "/app/measure.mjs",
    `http://server:9000/bytes?n=${bytes}`,
  ]);
  return (JSON.parse(out.split("\n").pop() ?? "{}") as { mbps: number }).mbps;
}

const within = (actual: number, expected: number, tolerance: number): boolean =>
  Math.abs(actual - expected) <= expected * tolerance;

describe("the core in a real container", { skip, timeout: 600_000 }, () => {
  let project = "";
  let url = "";
  const app = `boss-ccc-it-app-${id}`;

  before(async () => {
    project = await makeImageProject();
    await buildImage(project, image);
    await docker(["network", "create", ...labels, network]);
    url = await runCore(app, ["--cap-add", "NET_ADMIN", "--network-alias", "server"]);
  });

  after(async () => {
    await removeLabelled(RUN_LABEL).catch((e: unknown) => console.error(e));
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it("starts the workload as app_user (uid, gid, supplementary groups) after pre_start ran as root", async () => {
    const answer = await http(`${url}/api/start`, "POST", { mode: "serve", bandwidth_limit: 10 });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.json.state, "running");
    const pid = answer.json.pid as number;
    const uid = await docker(["exec", app, "id", "-u", "app_user"]);
    const gid = await docker(["exec", app, "id", "-g", "app_user"]);
    const status = await docker(["exec", app, "cat", `/proc/${pid}/status`]);
    assert.match(status, new RegExp(`^Uid:\\s+${uid}\\s+${uid}\\s+${uid}\\s+${uid}$`, "m"));
    assert.match(status, new RegExp(`^Gid:\\s+${gid}\\s+${gid}`, "m"));
    assert.match(status, /^Groups:.*\b4242\b/m, "the supplementary group from /etc/group");
    assert.notEqual(uid, "0");
    await waitUntil(
      async () => (await dockerResult(["exec", app, "cat", "/tmp/workload-ids"])).code === 0,
      10_000,
      "workload ids",
    );
    assert.match(await docker(["exec", app, "cat", "/tmp/workload-ids"]), new RegExp(`^${uid} ${gid} `));
    assert.equal(await docker(["exec", app, "cat", "/tmp/pre_start_uid"]), "0");
  });

  it("shapes bandwidth between two containers and changes it live", async () => {
    const slow = await measureMbps(2_500_000);
    assert.ok(within(slow, 10, 0.2), `10 Mbit/s configured, measured ${slow.toFixed(2)}`);
    const update = await http(`${url}/api/update`, "POST", { bandwidth_limit: 25 });
    assert.equal(update.status, 200, update.text);
    assert.deepEqual(update.json.traffic_control, { bandwidth_mbps: 25, latency_ms: null });
    const fast = await measureMbps(6_000_000);
    console.log(`bandwidth measured: ${slow.toFixed(2)} Mbit/s at 10, ${fast.toFixed(2)} Mbit/s at 25`);
    assert.ok(within(fast, 25, 0.2), `25 Mbit/s after the update, measured ${fast.toFixed(2)}`);
  });

  it("reports non-zero metrics that change under load, as JSON and as Prometheus text", async () => {
    const first = (await http(`${url}/api/metrics`)).json;
    const c1 = first.container as Record<string, number>;
    assert.ok(c1.memory_usage_bytes! > 0 && c1.memory_limit_bytes! > 0 && c1.cpu_usage_seconds_total! > 0);
    assert.ok(c1.network_tx_bytes! > 8_000_000 && c1.network_rx_packets! > 0, "the downloads went out on eth0");
    const p1 = first.process as Record<string, number>;
    assert.ok(p1.pid! > 0 && p1.rss_bytes! > 0 && p1.threads! > 0 && p1.uptime_seconds! > 0);
    assert.deepEqual(first.adapter, { starts: 1, mode: "serve" });

    // Load: CPU inside the container, then traffic out of it.
    await docker(["exec", app, "node", "-e", "const end = Date.now() + 1500; while (Date.now() < end);"]);
    const busy = (await http(`${url}/api/metrics`)).json.container as Record<string, number>;
    assert.ok(busy.cpu_percent! > 20, `cpu_percent under load: ${busy.cpu_percent}`);
    // The busy loop ran 1.5 s; these shared machines give a process well under one full core.
    assert.ok(busy.cpu_usage_seconds_total! > c1.cpu_usage_seconds_total! + 0.3);
    await measureMbps(1_000_000);
    const c2 = (await http(`${url}/api/metrics`)).json.container as Record<string, number>;
    assert.ok(c2.network_tx_bytes! >= c1.network_tx_bytes! + 1_000_000);
    assert.ok(c2.network_tx_packets! > c1.network_tx_packets!);

    const text = (await http(`${url}/metrics`)).text;
    const families = new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
    assert.ok(Number(families.get("ccc_container_memory_usage_bytes")?.metrics[0]?.value) > 0);
    assert.ok(Number(families.get("ccc_container_network_transmit_bytes_total")?.metrics[0]?.value) > 9_000_000);
    assert.equal(families.get("ccc_adapter_starts")?.metrics[0]?.value, "1");
  });

  it("refuses latency with a clear 500 when the kernel has no netem, or shapes it when it has", async () => {
    const answer = await http(`${url}/api/start`, "POST", { mode: "serve", latency: 40 });
    if (answer.status === 500) {
      assert.match(String(answer.json.error), /needs the netem qdisc, which this kernel does not have/);
      const now = await state(url);
      assert.equal(now.state, "failed");
      assert.equal(now.pid, null, "nothing half-started");
      return;
    }
    // A kernel with netem: the round trip of a tiny request grows by the delay.
    assert.equal(answer.status, 200, answer.text);
    const out = await docker([
      "run",
      "--rm",
      ...labels,
      "--network",
      network,
      image,
      "node",
      "-e",
      "const h=require('http');const t=process.hrtime.bigint();h.get('http://server:9000/bytes?n=1',r=>{r.resume();r.on('end',()=>console.log(Number(process.hrtime.bigint()-t)/1e6))})",
    ]);
    assert.ok(Number(out) >= 40, `latency 40 ms, measured ${out} ms`);
  });

  it("stops gracefully: SIGTERM, exit within the timeout, shaping cleared, post_stop ran", async () => {
    assert.equal((await http(`${url}/api/start`, "POST", { mode: "serve", bandwidth_limit: 10 })).status, 200);
    await waitUntil(
      async () => (await docker(["exec", app, "tc", "qdisc", "show", "dev", "eth0"])).includes("tbf"),
      5000,
      "tbf",
    );
    await waitUntil(
      async () => (await dockerResult(["exec", app, "cat", "/tmp/workload-ids"])).code === 0,
      10_000,
      "workload up",
    );
    await dockerResult(["exec", app, "rm", "-f", "/tmp/workload-sigterm", "/tmp/post_stop_ran"]);
    const started = Date.now();
    const answer = await http(`${url}/api/stop`, "POST");
    assert.equal(answer.status, 200, answer.text);
    assert.ok(Date.now() - started < 5000, "within stop_timeout_seconds");
    assert.equal(answer.json.state, "stopped");
    assert.equal(answer.json.exit_code, 0);
    assert.equal(
      (await dockerResult(["exec", app, "cat", "/tmp/workload-sigterm"])).code,
      0,
      "the workload got SIGTERM",
    );
    assert.equal((await dockerResult(["exec", app, "cat", "/tmp/post_stop_ran"])).code, 0, "post_stop ran");
    assert.doesNotMatch(await docker(["exec", app, "tc", "qdisc", "show", "dev", "eth0"]), /tbf|netem/);
    assert.equal((await http(`${url}/api/stop`, "POST")).status, 200, "stopping again is fine");
  });

  it("shows a crashing workload as failed with its exit code", async () => {
    assert.equal((await http(`${url}/api/start`, "POST", { mode: "crash" })).status, 200);
    await waitUntil(async () => (await state(url)).state === "failed", 10_000, "state failed");
    const now = await state(url);
    assert.equal(now.exit_code, 42);
    assert.match(String(now.reason), /exited with code 42/);
    assert.equal((await http(`${url}/api/stop`, "POST")).status, 200);
  });

  it("names the missing CAP_NET_ADMIN in a 500 when started without it", async () => {
    const plain = await runCore(`boss-ccc-it-nocap-${id}`);
    const answer = await http(`${plain}/api/start`, "POST", { mode: "serve", bandwidth_limit: 10 });
    assert.equal(answer.status, 500);
    assert.match(String(answer.json.error), /CAP_NET_ADMIN/);
    assert.equal((await state(plain)).pid, null);
  });

  for (const variant of ["tini as PID 1 (the template)", "the core as PID 1"] as const) {
    it(`stops the workload cleanly on docker stop, with ${variant}`, async () => {
      const name = `boss-ccc-it-stop-${variant.startsWith("tini") ? "tini" : "pid1"}-${id}`;
      const entrypoint = variant.startsWith("tini") ? [] : ["--entrypoint", "node"];
      const cmd = variant.startsWith("tini") ? [] : ["ccc-core.cjs"];
      const coreUrl = await runCore(name, entrypoint, cmd);
      assert.equal((await http(`${coreUrl}/api/start`, "POST", { mode: "serve-orphan" })).status, 200);
      await waitUntil(
        async () => (await docker(["logs", name])).includes("workload serve-orphan as uid"),
        10_000,
        "workload up",
      );
      // The workload left an orphan that exits: only PID 1 can reap it.
      await new Promise((r) => setTimeout(r, 1000));
      const zombieCount = "grep -l '^[0-9]* ([^)]*) Z' /proc/[0-9]*/stat 2>/dev/null | wc -l";
      const zombies = Number(await docker(["exec", name, "sh", "-c", zombieCount]));
      const reported = ((await http(`${coreUrl}/api/metrics`)).json.core as { zombie_children: number })
        .zombie_children;
      if (variant.startsWith("tini")) {
        assert.equal(zombies, 0, "tini reaped the orphan");
      } else {
        // Node cannot wait for a process it did not spawn: the core reports the zombie it cannot reap.
        assert.equal(reported, zombies);
        assert.ok(zombies >= 1, "the orphan is a zombie under the core as PID 1");
      }
      const started = Date.now();
      await docker(["stop", "-t", "20", name]);
      assert.ok(Date.now() - started < 10_000, "exited well before docker's timeout");
      const logs = await docker(["logs", name]);
      assert.match(logs, /\[workload\] got SIGTERM/);
      assert.match(logs, /\[post_stop\] post_stop ran as 0/);
      assert.equal(await docker(["inspect", "-f", "{{.State.ExitCode}}", name]), "0");
    });
  }
});
