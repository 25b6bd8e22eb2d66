import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { ExitCode } from "../../../src/errors.js";
import { FakeEngineFolder, jsonLines } from "../fake-engine-folder.js";

let group: FakeEngineFolder;
beforeEach(() => (group = new FakeEngineFolder()));
afterEach(() => group.remove());

describe("boss status (in-process, fake engine)", () => {
  it("shows every service as missing before a start, with exit code 0", async () => {
    const run = await group.boss(["status"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.deepEqual(run.stdout.trimEnd().split("\n"), [
      "group shop",
      "SERVICE  STATE    READY  CONTAINER  PORTS  UPTIME  WORKLOAD",
      "db       missing  -      -          -      -",
      "docs     missing  -      -          -      -",
      "web      missing  -      -          -      -",
    ]);
  });

  it("shows state, readiness, container, ports and volumes as a table", async () => {
    await group.boss(["start"]);
    group.client.exit("docs", 3);
    const run = await group.boss(["status"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.deepEqual(run.stdout.trimEnd().split("\n"), [
      "group shop",
      "SERVICE  STATE       READY  CONTAINER  PORTS                 UPTIME  WORKLOAD",
      "db       running     yes    c1         -                     -",
      "docs     exited (3)  -      c2         -                     -",
      "web      running     yes    c3         0.0.0.0:8080->80/tcp  -",
      "",
      "SERVICE  VOLUME        MOUNTED AT",
      "web      shop_uploads  /srv/uploads",
    ]);
  });

  it("lists a container whose service left the file as (not in file); ps is status", async () => {
    await group.boss(["start"]);
    await group.client.addRunning("shop", "cache");
    const run = await group.boss(["ps"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.match(run.stdout, /^cache \(not in file\) {2}running /m);
  });

  it("--json: one document on one line, ports as text and as fields", async () => {
    await group.boss(["start"]);
    const run = await group.boss(["status", "--json"]);
    assert.equal(run.code, ExitCode.ok, run.stderr);
    assert.equal(run.stdout.split("\n").length, 2, "one line and its newline");
    const [document] = jsonLines(run.stdout);
    const web = (document?.services as Array<Record<string, unknown>>).find((s) => s.name === "web");
    assert.deepEqual(web, {
      name: "web",
      state: "running",
      exitCode: null,
      job: false,
      finishedAt: null,
      ready: true,
      health: null,
      containerId: "c3",
      ports: ["0.0.0.0:8080->80/tcp"],
      publishedPorts: [{ containerPort: 80, protocol: "tcp", hostIp: "0.0.0.0", hostPort: 8080 }],
      uptimeSeconds: null,
      workload: null,
      orphan: false,
      volumes: [{ type: "volume", source: "shop_uploads", target: "/srv/uploads" }],
      profiles: [],
    });
    assert.equal(document?.group, "shop");
    assert.deepEqual(
      (document?.services as Array<{ name: string }>).map((s) => s.name),
      ["db", "docs", "web"],
    );
  });
});
