// The container options of issue 13 (restart, limits, healthcheck, ...) on the real engine: one service sets
// them all, and `docker inspect` shows the engine got each; a changed option replaces the container, saying
// which; `boss stop` is not undone by a restart policy.
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import type Docker from "dockerode";
import {
  containersOf,
  docker,
  engineUnavailable,
  makeProject,
  removeGroup,
  runBoss,
  servicesFilePreamble,
  uniqueGroup,
} from "./harness.js";

const skip = await engineUnavailable();

function servicesFile(group: string, platform: string, memory: string): string {
  return (
    servicesFilePreamble(group).replace("import { Service,", "import { waitFor, Service,") +
    `export class Everything extends Service {
  name = "everything";
  image = busybox;
  // The root filesystem is read-only: the healthcheck's file goes to a tmpfs.
  cmd = ["sh", "-c", "trap 'exit 0' TERM; touch /scratch/healthy; while true; do sleep 0.1; done"];
  restart = "always" as const;
  memory = ${JSON.stringify(memory)};
  cpus = 0.5;
  workingDir = "/scratch";
  hostname = "everything.local";
  extraHosts = { "host.docker.internal": "host-gateway", "db.local": "10.1.2.3" };
  tmpfs = ["/scratch:size=8m", "/run"];
  init = true;
  shmSize = "32m";
  ulimits = { nofile: { soft: 1024, hard: 2048 } };
  platform = ${JSON.stringify(platform)};
  labels = { "com.example.team": "shop" };
  aliases = ["primary"];
  healthcheck = { test: "test -e /scratch/healthy", interval: "200ms", timeout: "1s", retries: 50, startPeriod: "1s" };
  ping = waitFor.healthy();
  sysctls = { "net.core.somaxconn": 1024 };
  devices = ["/dev/null:/dev/boss-null:rw"];
  securityOpt = ["no-new-privileges:true"];
  readOnly = true;
  stopGracePeriod = "7s";
  rawCreateOptions = { HostConfig: { OomScoreAdj: 500 } };
}
`
  );
}

describe("container options", { skip, timeout: 120_000 }, () => {
  const group = uniqueGroup("options");
  let dir = "";
  let info: Docker.ContainerInspectInfo;
  let platform = "";

  before(async () => {
    const version = await docker.version();
    platform = `${version.Os}/${version.Arch}`;
    dir = await makeProject({ "boss.ts": servicesFile(group, platform, "64m") });
    const start = await runBoss(dir, ["start"]);
    assert.equal(start.code, 0, start.output);
    const [container] = await containersOf(group, "everything");
    assert.ok(container, "the container exists");
    info = await docker.getContainer(container.Id).inspect();
  });
  after(() => removeGroup(group, dir));

  it("gives the engine every host option", () => {
    const host = info.HostConfig as Docker.HostConfig & {
      Init?: boolean;
      ReadonlyRootfs?: boolean;
      OomScoreAdj?: number;
    };
    assert.deepEqual(host.RestartPolicy, { Name: "always", MaximumRetryCount: 0 });
    assert.equal(host.Memory, 64 * 1024 * 1024);
    assert.equal(host.NanoCpus, 5e8);
    assert.deepEqual(host.ExtraHosts, ["host.docker.internal:host-gateway", "db.local:10.1.2.3"]);
    assert.deepEqual(host.Tmpfs, { "/scratch": "size=8m", "/run": "" });
    assert.equal(host.Init, true);
    assert.equal(host.ShmSize, 32 * 1024 * 1024);
    assert.deepEqual(host.Ulimits, [{ Name: "nofile", Soft: 1024, Hard: 2048 }]);
    assert.deepEqual(host.Sysctls, { "net.core.somaxconn": "1024" });
    assert.deepEqual(host.Devices, [
      { PathOnHost: "/dev/null", PathInContainer: "/dev/boss-null", CgroupPermissions: "rw" },
    ]);
    assert.deepEqual(host.SecurityOpt, ["no-new-privileges:true"]);
    assert.equal(host.ReadonlyRootfs, true);
    assert.equal(host.OomScoreAdj, 500, "rawCreateOptions reached the create call");
  });

  it("gives the engine the container's own options, labels, aliases and healthcheck", () => {
    const config = info.Config as Docker.ContainerInspectInfo["Config"] & {
      StopTimeout?: number;
      Healthcheck?: Record<string, unknown>;
    };
    assert.equal(config.WorkingDir, "/scratch");
    assert.equal(config.Hostname, "everything.local");
    assert.equal(config.StopTimeout, 7);
    assert.equal(config.Labels["com.example.team"], "shop");
    assert.equal(config.Labels["boss.group"], group, "boss's own labels are there too");
    assert.deepEqual(config.Healthcheck, {
      Test: ["CMD-SHELL", "test -e /scratch/healthy"],
      Interval: 200_000_000,
      Timeout: 1_000_000_000,
      StartPeriod: 1_000_000_000,
      Retries: 50,
    });
    assert.equal(info.State.Health?.Status, "healthy", "waitFor.healthy() waited for the healthcheck boss defined");
    const aliases = (info.NetworkSettings.Networks[`boss-${group}`]?.Aliases ?? []) as string[];
    assert.ok(aliases.includes("everything") && aliases.includes("primary"), aliases.join(", "));
    assert.equal(info.Platform, platform.split("/")[0]);
  });

  it("replaces the container when an option changes, saying which, and boss stop is not undone by restart: always", async () => {
    await writeFile(join(dir, "boss.ts"), servicesFile(group, platform, "96m"));
    const start = await runBoss(dir, ["start"]);
    assert.equal(start.code, 0, start.output);
    assert.match(start.output, /memory changed/);
    const [container] = await containersOf(group, "everything");
    assert.ok(container && container.Id !== info.Id, "a new container");
    assert.equal((await docker.getContainer(container.Id).inspect()).HostConfig.Memory, 96 * 1024 * 1024);
    assert.ok((await readFile(join(dir, "boss.ts"), "utf8")).includes("96m"));

    const stop = await runBoss(dir, ["stop"]);
    assert.equal(stop.code, 0, stop.output);
    await sleep(1500);
    const state = (await docker.getContainer(container.Id).inspect()).State;
    assert.equal(state.Running, false, "the engine did not restart what boss stopped");
    assert.equal(state.Restarting, false);
  });
});

describe("container options: platform", { skip, timeout: 60_000 }, () => {
  const group = uniqueGroup("platform");
  let dir = "";
  after(() => removeGroup(group, dir));

  it("asks the engine for the service's platform (a platform the local image is not for fails)", async () => {
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(group) +
        `export class Other extends Service {
  name = "other";
  image = busybox;
  cmd = ["sleep", "30"];
  platform = "linux/s390x";
}
`,
    });
    const start = await runBoss(dir, ["start"]);
    assert.notEqual(start.code, 0, start.output);
    assert.match(start.output, /other: failed .*does not match the specified platform: wanted linux\/s390x/);
  });
});

describe("container options: a restart policy while starting", { skip, timeout: 60_000 }, () => {
  const group = uniqueGroup("restart");
  let dir = "";
  after(() => removeGroup(group, dir));

  it("fails the service at once when its container exits before it is ready, though the engine restarts it", async () => {
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(group) +
        `export class Crashing extends Service {
  name = "crashing";
  image = busybox;
  cmd = ["sh", "-c", "echo giving up; exit 3"];
  restart = "always" as const;
  async ping() { return false; }
}
`,
    });
    const began = Date.now();
    const start = await runBoss(dir, ["start", "--timeout", "40"]);
    assert.equal(start.code, 1, start.output);
    assert.match(
      start.output,
      /crashing: failed — container exited with code 3 before it was ready \(its restart policy is restarting it\)/,
    );
    assert.match(start.output, /giving up/);
    assert.ok(Date.now() - began < 30_000, "not after the start timeout");
    const [container] = await containersOf(group, "crashing");
    assert.ok(container);
    await sleep(1000);
    assert.equal(
      (await docker.getContainer(container.Id).inspect()).State.Running,
      false,
      "kept stopped, for its logs",
    );
  });
});
