// examples/controlled against the real engine and the real boss binary: a
// service whose image embeds the Container Control Core (feed) and a plain
// client of it. The example is copied to a temp folder named like the group
// (the group defaults to the folder's name) and given a per-run image tag.
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import {
  busybox,
  removeGroup,
  containersOf,
  docker,
  engineUnavailable,
  envOf,
  repoRoot,
  runBoss,
  uniqueGroup,
  type BossRun,
} from "./harness.js";
import { makeTempDir } from "../test/helpers/temp-dir.js";

const run = promisify(execFile);
const skip = await engineUnavailable();
const nodeImage = process.env.BOSS_TEST_NODE_IMAGE ?? "boss-node:20";
// Cheap when the image exists (its recipe label is checked); builds it on a fresh machine.
if (!skip) execFileSync("bash", [join(repoRoot, "scripts", "build-base-images.sh"), "node"], { stdio: "inherit" });

const example = join(repoRoot, "examples", "controlled");
const cacheImage = "boss-controlled-it-base:latest";
const recipeLabel = "boss.controlled-it-recipe";

/**
 * The feed Dockerfile's slow steps (apt-get, useradd) kept as an image, so
 * boss's build of the feed finds them in the builder's cache. The label holds
 * a hash of those steps and of the base image's id: a change rebuilds it.
 */
async function ensureBuildCache(): Promise<void> {
  const dockerfile = await readFile(join(example, "feed", "Dockerfile"), "utf8");
  const steps = dockerfile.slice(0, dockerfile.indexOf("WORKDIR"));
  const baseId = (await docker.getImage(nodeImage).inspect()).Id;
  const recipe = createHash("sha256").update(steps).update(baseId).digest("hex").slice(0, 16);
  const current = await docker
    .getImage(cacheImage)
    .inspect()
    .then((image) => image.Config.Labels?.[recipeLabel])
    .catch(() => undefined);
  if (current === recipe) return;
  const dir = makeTempDir("boss-controlled-cache-").path;
  try {
    await writeFile(join(dir, "Dockerfile"), `${steps}LABEL ${recipeLabel}=${recipe}\n`);
    await run("docker", ["build", "-q", "--build-arg", `BASE_IMAGE=${nodeImage}`, "-t", cacheImage, dir], {
      timeout: 600_000,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

/** One call to a core, with or without a bearer token (node:http: fetch can hang on a published port). */
function callCore(url: string, method: string, token?: string, body?: unknown): Promise<Reply> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        timeout: 10_000,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(data ? { "Content-Type": "application/json" } : {}),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }),
        );
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${url}: no answer`)));
    req.on("error", reject);
    req.end(data);
  });
}

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function logsOf(id: string): Promise<string> {
  const { stdout, stderr } = await run("docker", ["logs", id]);
  return stdout + stderr;
}

/** Downloads from the feed in a second container and times it from the first byte to the last. */
const measure = `const http = require("http");
let first, bytes = 0;
http.get(process.argv[1], (res) => {
  res.on("data", (chunk) => { first ??= process.hrtime.bigint(); bytes += chunk.length; });
  res.on("end", () => {
    const seconds = Number(process.hrtime.bigint() - first) / 1e9;
    console.log(JSON.stringify({ bytes, mbps: (bytes * 8) / seconds / 1e6 }));
  });
}).on("error", (e) => { console.error(e.message); process.exit(1); });`;

describe("a controlled service: start payload, live update, metrics, status, stop", { skip, timeout: 240_000 }, () => {
  const group = uniqueGroup("controlled");
  const image = `boss-controlled-it:${group}`;
  let root = "";
  let dir = "";
  let owner = "";
  let token = "";
  let feedId = "";
  let clientId = "";
  let coreUrl = "";
  const env = { NODE_IMAGE: nodeImage, BUSYBOX_IMAGE: busybox };
  const boss = (...args: string[]): Promise<BossRun> => runBoss(dir, args, { env, timeoutMs: 180_000 });

  before(async () => {
    root = makeTempDir("boss-it-").path;
    dir = join(root, group);
    // Without the core copied into the working tree: `boss ccc init` must put it there.
    await cp(example, dir, {
      recursive: true,
      filter: (path) => !/^(ccc-core\.cjs|ccc-adapter\.(cjs|d\.cts)|\.boss-context.*)$/.test(basename(path)),
    });
    const services = await readFile(join(dir, "boss.ts"), "utf8");
    assert.match(services, /"boss-controlled-feed:latest"/);
    await writeFile(join(dir, "boss.ts"), services.replace('"boss-controlled-feed:latest"', JSON.stringify(image)));
    await ensureBuildCache();
    const init = await boss("ccc", "init", "feed");
    assert.equal(init.code, 0, init.output);
    assert.ok(existsSync(join(dir, "feed", "ccc-core.cjs")), init.output);
  });

  after(async () => {
    await removeGroup(group, root);
    await docker
      .getImage(image)
      .remove({ force: true })
      .catch(() => undefined);
  });

  it("boss status --json reports both services missing before a start, with exit code 0", async () => {
    const status = await boss("status", "--json");
    assert.equal(status.code, 0, status.output);
    const report = JSON.parse(status.stdout) as { group: string; services: Array<{ name: string; state: string }> };
    assert.equal(report.group, group);
    assert.deepEqual(
      report.services.map((s) => [s.name, s.state]),
      [
        ["feed", "missing"],
        ["client", "missing"],
      ],
    );
  });

  it("boss start posts the interpolated payload to the feed's core and the workload serves with it", async () => {
    const start = await boss("start");
    assert.equal(start.code, 0, start.output);
    assert.match(start.stdout, /^feed: starting — POST \/api\/start$/m);

    const contextFile = join(dir, ".boss-context");
    assert.equal((await stat(contextFile)).mode & 0o777, 0o600);
    const context = JSON.parse(await readFile(contextFile, "utf8")) as Record<string, string>;
    owner = context.owner_id ?? "";
    token = context["boss.ccc-token"] ?? "";
    assert.match(owner, /^owner-[0-9a-f]{8}$/);
    assert.ok(token.length >= 32, "a token of at least 32 characters");

    feedId = (await containersOf(group, "feed"))[0]?.Id ?? "";
    clientId = (await containersOf(group, "client"))[0]?.Id ?? "";
    const feed = await docker.getContainer(feedId).inspect();
    assert.equal((await envOf(feedId)).CCC_TOKEN, token);
    assert.deepEqual(feed.HostConfig.CapAdd, ["NET_ADMIN"]);
    const [binding] = feed.NetworkSettings.Ports["8080/tcp"] ?? [];
    assert.equal(binding?.HostIp, "127.0.0.1", "the core's port is published on loopback only");
    coreUrl = `http://127.0.0.1:${binding?.HostPort}`;

    const health = await callCore(`${coreUrl}/api/health`, "GET");
    assert.equal((health.body.state as { state: string }).state, "running");
    assert.equal((health.body.state as { payload?: unknown }).payload, undefined, "health shows no payload");
    // The payload (it may hold secrets) only with the group's token.
    const full = await callCore(`${coreUrl}/api/state`, "GET", token);
    const state = full.body as { state: string; payload: unknown; traffic_control: unknown };
    assert.deepEqual(state.payload, { owner, bandwidth_limit: 20 });
    assert.deepEqual(state.traffic_control, { bandwidth_mbps: 20, latency_ms: null });
    // The workload got the owner as its argument, and the plain client hears it over the group network.
    assert.match(await logsOf(feedId), new RegExp(`\\[workload\\] feed serving on :9000 for owner ${owner}$`, "m"));
    await eventually(async () => (await logsOf(clientId)).includes(`feed for owner ${owner}`), "the client's answer");
  });

  it("the core refuses calls without the group's token (401); boss's own calls carry it", async () => {
    for (const [method, path] of [
      ["GET", "/api/metrics"],
      ["POST", "/api/update"],
      ["POST", "/api/stop"],
    ] as const) {
      const answer = await callCore(`${coreUrl}${path}`, method, undefined, method === "POST" ? {} : undefined);
      assert.equal(answer.status, 401, `${method} ${path} without a token`);
    }
    assert.equal((await callCore(`${coreUrl}/api/metrics`, "GET", "not-the-token")).status, 401);
    assert.equal((await callCore(`${coreUrl}/api/metrics`, "GET", token)).status, 200);
    const metrics = await boss("metrics", "--json");
    assert.equal(metrics.code, 0, metrics.output);
  });

  it("boss update changes the bandwidth live, as measured from a second container", async () => {
    const download = async (bytes: number): Promise<number> => {
      const url = `http://feed:9000/bytes?n=${bytes}`;
      const args = ["run", "--rm", "--label", `boss.group=${group}`, "--network", `boss-${group}`, image];
      const { stdout } = await run("docker", [...args, "node", "-e", measure, url], { timeout: 60_000 });
      const result = JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as { bytes: number; mbps: number };
      assert.equal(result.bytes, bytes);
      return result.mbps;
    };
    const within = (measured: number, expected: number) => Math.abs(measured - expected) <= expected * 0.3;

    const first = await download(5_000_000); // 2 s at the payload's 20 Mbit/s
    assert.ok(within(first, 20), `20 Mbit/s from the start payload, measured ${first.toFixed(2)}`);
    const update = await boss("update", "feed", "bandwidth_limit=5");
    assert.equal(update.code, 0, update.output);
    assert.equal(update.stdout.trim(), 'feed: applied {"bandwidth_limit":5}');
    const now = await download(1_250_000); // 2 s at 5 Mbit/s
    assert.ok(within(now, 5), `5 Mbit/s after boss update, measured ${now.toFixed(2)}`);
  });

  it("boss metrics --json and --prometheus report the running workload's figures", async () => {
    const json = await boss("metrics", "--json");
    assert.equal(json.code, 0, json.output);
    const { feed } = JSON.parse(json.stdout) as Record<string, Record<string, Record<string, unknown> | string>>;
    assert.ok(feed, json.stdout);
    assert.equal(feed.state, "running");
    const container = feed.container as Record<string, number>;
    const workload = feed.process as Record<string, number>;
    assert.ok(container.memory_usage_bytes! > 0 && container.network_tx_bytes! > 6_250_000, json.stdout);
    assert.ok(workload.pid! > 0 && workload.rss_bytes! > 0 && workload.uptime_seconds! > 0, json.stdout);
    const adapter = feed.adapter as Record<string, unknown>;
    assert.equal(adapter.owner, owner);
    assert.ok((adapter.bytes_sent as number) >= 6_250_000, json.stdout);

    const text = await boss("metrics", "--prometheus");
    assert.equal(text.code, 0, text.output);
    const families = new Map(parsePrometheusTextFormat(text.stdout).map((f) => [f.name, f]));
    const running = families.get("ccc_workload_state")?.metrics.find((m) => m.labels?.state === "running");
    assert.deepEqual(running?.labels, { service: "feed", state: "running" });
    assert.equal(running?.value, "1");
    const rss = families.get("ccc_process_resident_memory_bytes")?.metrics[0];
    assert.equal(rss?.labels?.service, "feed");
    assert.ok(Number(rss?.value) > 0, text.stdout);
    assert.ok(Number(families.get("ccc_adapter_bytes_sent")?.metrics[0]?.value) >= 6_250_000, text.stdout);
  });

  it("boss update refuses a service without control (exit 2) and a change the adapter does not support (exit 1)", async () => {
    const plain = await boss("update", "client", "rate=3");
    assert.equal(plain.code, 2, plain.output);
    assert.match(plain.stderr, /Client: control: is not set/);
    const unsupported = await boss("update", "feed", "color=blue");
    assert.equal(unsupported.code, 1, unsupported.output);
    assert.match(unsupported.stderr, /feed: update not supported: .*keys: color/);
  });

  it("boss status --json shows each service's state after the client was stopped by hand", async () => {
    await docker.getContainer(clientId).stop({ t: 5 });
    const status = await boss("status", "--json");
    assert.equal(status.code, 0, status.output);
    const rows = (JSON.parse(status.stdout) as { services: Array<Record<string, unknown>> }).services;
    const [feed, client] = rows;
    assert.equal(rows.length, 2);
    assert.equal(feed?.name, "feed");
    assert.equal(feed?.state, "running");
    assert.equal(feed?.ready, true);
    assert.equal(feed?.containerId, feedId.slice(0, 12));
    assert.match(String((feed?.ports as string[])[0]), /^127\.0\.0\.1:\d+->8080\/tcp$/);
    const workload = feed?.workload as { state: string; cpuPercent: unknown; memoryBytes: number };
    assert.equal(workload.state, "running");
    assert.equal(typeof workload.cpuPercent, "number");
    assert.ok(workload.memoryBytes > 0);
    assert.deepEqual(
      [client?.name, client?.state, client?.exitCode, client?.ready, client?.uptimeSeconds, client?.workload],
      ["client", "exited", 0, null, null, null],
    );
    const table = await boss("status");
    assert.match(table.stdout, /^client +exited \(0\) +- +/m);
  });

  it("boss stop stops the workload through /api/stop (post_stop ran) before the container's SIGTERM", async () => {
    const stop = await boss("stop");
    assert.equal(stop.code, 0, stop.output);
    assert.match(stop.stdout, /^feed: stopping — POST \/api\/stop$/m);
    assert.equal((await docker.getContainer(feedId).inspect()).State.Running, false);
    const lines = (await logsOf(feedId)).split("\n");
    const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    const postStop = lines.filter((line) => line.includes("[post_stop]"));
    assert.equal(postStop.length, 1, "post_stop ran once, for /api/stop, not again at SIGTERM");
    assert.match(postStop[0] ?? "", /feed stopped; eth0 shaping now: qdisc noqueue/, "shaping cleared first");
    assert.ok(at(/\[workload\] feed: SIGTERM, closing/) < at(/\[post_stop\]/));
    assert.ok(at(/\[post_stop\]/) < at(/\[ccc\] SIGTERM received/), lines.join("\n"));
  });
});
