import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { optionsConfig } from "../../src/engine/container-options.js";
import { deepMerge, withRawCreateOptions } from "../../src/engine/raw-create-options.js";

describe("optionsConfig", () => {
  it("adds nothing for a service without options", () => {
    assert.deepEqual(optionsConfig(), { HostConfig: {} });
    assert.deepEqual(optionsConfig({}), { HostConfig: {} });
  });

  it("maps every option onto its Engine API create field, in the engine's units", () => {
    const config = optionsConfig({
      restart: { policy: "on-failure", maxRetries: 3 },
      memory: 512 * 1024 ** 2,
      cpus: 1.5,
      workingDir: "/srv/app",
      hostname: "web.local",
      extraHosts: ["host.docker.internal:host-gateway"],
      tmpfs: { "/run": "", "/tmp": "size=64m" },
      init: true,
      shmSize: 1024 ** 3,
      ulimits: { nofile: { soft: 1024, hard: 4096 } },
      healthcheck: { test: ["CMD-SHELL", "true"], interval: 90, timeout: 0.5, retries: 3, startPeriod: 5 },
      sysctls: { "net.core.somaxconn": "1024" },
      devices: [{ host: "/dev/sda", container: "/dev/xvda", permissions: "r" }],
      securityOpt: ["no-new-privileges:true"],
      readOnly: true,
      stopGracePeriod: 2.5,
    });
    assert.deepEqual(config, {
      WorkingDir: "/srv/app",
      Hostname: "web.local",
      Healthcheck: {
        Test: ["CMD-SHELL", "true"],
        Interval: 90e9,
        Timeout: 5e8,
        Retries: 3,
        StartPeriod: 5e9,
      },
      StopTimeout: 3,
      HostConfig: {
        RestartPolicy: { Name: "on-failure", MaximumRetryCount: 3 },
        Memory: 536870912,
        NanoCpus: 1.5e9,
        ExtraHosts: ["host.docker.internal:host-gateway"],
        Tmpfs: { "/run": "", "/tmp": "size=64m" },
        Init: true,
        ShmSize: 1073741824,
        Ulimits: [{ Name: "nofile", Soft: 1024, Hard: 4096 }],
        Sysctls: { "net.core.somaxconn": "1024" },
        Devices: [{ PathOnHost: "/dev/sda", PathInContainer: "/dev/xvda", CgroupPermissions: "r" }],
        SecurityOpt: ["no-new-privileges:true"],
        ReadonlyRootfs: true,
      },
    });
  });

  it("keeps init: false (it turns off an engine's default init) and a policy without retries", () => {
    assert.deepEqual(optionsConfig({ init: false, restart: { policy: "always" } }).HostConfig, {
      Init: false,
      RestartPolicy: { Name: "always", MaximumRetryCount: 0 },
    });
  });
});

describe("rawCreateOptions", () => {
  const body = {
    name: "shop-web-1",
    Image: "nginx",
    Env: ["A=1"],
    Labels: { "boss.group": "shop", team: "web" },
    HostConfig: { NetworkMode: "net1", CapAdd: ["NET_ADMIN"], Memory: 100 },
    NetworkingConfig: { EndpointsConfig: { net1: { Aliases: ["web"] } } },
  };
  const bossLabels = { "boss.group": "shop" };

  it("merges objects key by key and replaces arrays and scalars", () => {
    assert.deepEqual(deepMerge({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3], e: 2 }, d: "x" }), {
      a: { b: 1, c: [3], e: 2 },
      d: "x",
    });
  });

  it("is merged last, but boss's name, labels and network win", () => {
    const merged = withRawCreateOptions(
      body,
      {
        name: "mine",
        Env: ["B=2"],
        Labels: { "boss.group": "other", team: "ops", extra: "yes" },
        HostConfig: { NetworkMode: "host", OomScoreAdj: 500, CapAdd: ["SYS_PTRACE"] },
        NetworkingConfig: { EndpointsConfig: { other: {} } },
      },
      bossLabels,
    );
    assert.deepEqual(merged, {
      name: "shop-web-1",
      Image: "nginx",
      Env: ["B=2"],
      Labels: { "boss.group": "shop", team: "ops", extra: "yes" },
      HostConfig: { NetworkMode: "net1", CapAdd: ["SYS_PTRACE"], Memory: 100, OomScoreAdj: 500 },
      NetworkingConfig: { EndpointsConfig: { net1: { Aliases: ["web"] } } },
    });
  });

  it("leaves the body alone when there are none", () => {
    assert.equal(withRawCreateOptions(body, undefined, bossLabels), body);
  });
});
