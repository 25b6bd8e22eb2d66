import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Service } from "../../src/model/service.js";
import { validateService } from "../../src/model/validate.js";
import { waitFor } from "../../src/model/wait-for/index.js";
import { expectUserError } from "../helpers/user-error.js";

const file = "/projects/shop/boss.ts";

class Probe extends Service {
  name = "web";
  image = "nginx:1.27";
}

function validate(fields: Record<string, unknown>) {
  return validateService(Object.assign(new Probe(), fields), "WebApp", file, "/projects/shop");
}

/** Every message names the file, the class and the field. */
function expectInvalid(fields: Record<string, unknown>, field: string, expected: string) {
  return expectUserError(() => validate(fields), [`${file}: WebApp: ${field}: `, expected]);
}

describe("validateService: container options", () => {
  it("leaves options empty when the service sets none (so its container's hash does not change)", () => {
    assert.deepEqual(validate({}).options, {});
    assert.deepEqual(validate({ restart: "no", readOnly: false, extraHosts: [], labels: {} }).options, {});
  });

  it("normalises every option into one unit and one form", () => {
    const options = validate({
      restart: "on-failure:3",
      memory: "512m",
      cpus: 1.5,
      workingDir: "/srv/app",
      hostname: "web.local",
      extraHosts: { "host.docker.internal": "host-gateway", "db.local": "10.0.0.5" },
      tmpfs: ["/run", "/tmp:size=64m,mode=1777"],
      init: true,
      shmSize: "1g",
      ulimits: { nofile: { soft: 1024, hard: 4096 }, nproc: 512 },
      platform: "linux/amd64",
      labels: { "com.example.team": "shop", tier: 2 },
      aliases: ["www", "front.shop"],
      healthcheck: {
        test: "curl -f http://localhost",
        interval: "1m30s",
        timeout: "500ms",
        retries: 3,
        startPeriod: 5,
      },
      sysctls: { "net.core.somaxconn": 1024 },
      devices: ["/dev/fuse", "/dev/sda:/dev/xvda:r"],
      securityOpt: ["no-new-privileges:true"],
      readOnly: true,
      stopGracePeriod: "1m",
      rawCreateOptions: { HostConfig: { OomScoreAdj: 500 } },
    }).options;
    assert.deepEqual(options, {
      restart: { policy: "on-failure", maxRetries: 3 },
      memory: 512 * 1024 ** 2,
      cpus: 1.5,
      workingDir: "/srv/app",
      hostname: "web.local",
      extraHosts: ["host.docker.internal:host-gateway", "db.local:10.0.0.5"],
      tmpfs: { "/run": "", "/tmp": "size=64m,mode=1777" },
      init: true,
      shmSize: 1024 ** 3,
      ulimits: { nofile: { soft: 1024, hard: 4096 }, nproc: { soft: 512, hard: 512 } },
      platform: "linux/amd64",
      labels: { "com.example.team": "shop", tier: "2" },
      aliases: ["www", "front.shop"],
      healthcheck: {
        test: ["CMD-SHELL", "curl -f http://localhost"],
        interval: 90,
        timeout: 0.5,
        retries: 3,
        startPeriod: 5,
      },
      sysctls: { "net.core.somaxconn": "1024" },
      devices: [
        { host: "/dev/fuse", container: "/dev/fuse", permissions: "rwm" },
        { host: "/dev/sda", container: "/dev/xvda", permissions: "r" },
      ],
      securityOpt: ["no-new-privileges:true"],
      readOnly: true,
      stopGracePeriod: 60,
      rawCreateOptions: { HostConfig: { OomScoreAdj: 500 } },
    });
  });

  it("reads the other spellings compose allows", () => {
    const options = validate({
      restart: "unless-stopped",
      extraHosts: ["db.local=10.0.0.5", "v6.local:::1"],
      tmpfs: { "/run": "size=1m" },
      healthcheck: { test: ["pg_isready", "-U", "app"] },
      stopGracePeriod: 0,
    }).options;
    assert.deepEqual(options.restart, { policy: "unless-stopped" });
    assert.deepEqual(options.extraHosts, ["db.local:10.0.0.5", "v6.local:::1"]);
    assert.deepEqual(options.tmpfs, { "/run": "size=1m" });
    assert.deepEqual(options.healthcheck, { test: ["CMD", "pg_isready", "-U", "app"] });
    assert.equal(options.stopGracePeriod, 0);
    assert.deepEqual(validate({ healthcheck: false }).options.healthcheck, { test: ["NONE"] });
    assert.deepEqual(validate({ healthcheck: { test: ["CMD-SHELL", "true"] } }).options.healthcheck, {
      test: ["CMD-SHELL", "true"],
    });
    assert.equal(validate({ init: false }).options.init, false, "false turns off an engine's default init");
  });

  const refused: Array<[string, Record<string, unknown>, string, string]> = [
    [
      "a restart policy it does not know",
      { restart: "sometimes" },
      "restart",
      '"on-failure:<max retries>", got "sometimes"',
    ],
    ["retries on a policy other than on-failure", { restart: "always:3" }, "restart", 'got "always:3"'],
    ["a memory limit that is not a size", { memory: "lots" }, "memory", 'such as "512m" or "1g", got "lots"'],
    ["a memory limit the engine refuses", { memory: "1m" }, "memory", "too small"],
    ["cpus that are not a positive number", { cpus: "2" }, "cpus", 'above 0 such as 1.5, got "2"'],
    ["cpus of zero", { cpus: 0 }, "cpus", "got number 0"],
    [
      "a relative workingDir",
      { workingDir: "app" },
      "workingDir",
      'expected an absolute path inside the container, got "app"',
    ],
    ["a hostname with spaces", { hostname: "my host" }, "hostname", "expected a host name"],
    ["an extra host without an address", { extraHosts: ["db.local"] }, "extraHosts[0]", 'expected "name:address"'],
    [
      "an extra host with a bad address",
      { extraHosts: { db: "nowhere" } },
      "extraHosts.db",
      '"host-gateway", got "nowhere"',
    ],
    ["extraHosts as a string", { extraHosts: "db:1.2.3.4" }, "extraHosts", "expected an object"],
    ["a relative tmpfs path", { tmpfs: ["run"] }, "tmpfs[0]", 'absolute path inside the container, got "run"'],
    ["a tmpfs entry that is not a string", { tmpfs: [3] }, "tmpfs[0]", "got number 3"],
    ["init that is not a boolean", { init: "yes" }, "init", 'expected true or false, got "yes"'],
    ["a shmSize that is not a size", { shmSize: "big" }, "shmSize", 'got "big"'],
    ["an unknown ulimit", { ulimits: { files: 10 } }, "ulimits.files", "unknown limit; known: "],
    [
      "a ulimit soft above hard",
      { ulimits: { nofile: { soft: 10, hard: 5 } } },
      "ulimits.nofile",
      "soft limit 10 is above hard limit 5",
    ],
    ["a ulimit that is not a number", { ulimits: { nofile: "many" } }, "ulimits.nofile", "expected an integer"],
    ["a platform without an architecture", { platform: "amd64" }, "platform", '"os/architecture[/variant]"'],
    ["a label under boss.", { labels: { "boss.group": "x" } }, "labels.boss.group", "boss's own"],
    ["a label that is an object", { labels: { team: {} } }, "labels.team", "expected a string or a number"],
    ["an alias that is not a host name", { aliases: ["no way"] }, "aliases[0]", "expected a host name"],
    ["aliases as a string", { aliases: "www" }, "aliases", "expected an array of strings"],
    [
      "a healthcheck without a test",
      { healthcheck: { interval: "5s" } },
      "healthcheck.test",
      "expected a shell command",
    ],
    [
      "a healthcheck key it does not know",
      { healthcheck: { test: "true", every: "5s" } },
      "healthcheck.every",
      "unknown key",
    ],
    [
      "a healthcheck interval that is not a duration",
      { healthcheck: { test: "true", interval: "often" } },
      "healthcheck.interval",
      'got "often"',
    ],
    ["healthcheck retries of zero", { healthcheck: { test: "true", retries: 0 } }, "healthcheck.retries", "at least 1"],
    [
      "a healthcheck CMD without a command",
      { healthcheck: { test: ["CMD"] } },
      "healthcheck.test",
      "CMD needs a command",
    ],
    ["healthcheck true", { healthcheck: true }, "healthcheck", "expected false or { test"],
    ["a sysctl name without a dot", { sysctls: { somaxconn: 1 } }, "sysctls.somaxconn", "kernel parameter name"],
    ["a device with a relative path", { devices: ["dev/fuse"] }, "devices[0]", '"/dev/host[:/dev/container[:rwm]]"'],
    [
      "a device with bad permissions",
      { devices: ["/dev/fuse:/dev/fuse:x"] },
      "devices[0]",
      'got "/dev/fuse:/dev/fuse:x"',
    ],
    ["securityOpt as a string", { securityOpt: "no-new-privileges" }, "securityOpt", "expected an array of strings"],
    ["an empty securityOpt entry", { securityOpt: [""] }, "securityOpt[0]", "expected a non-empty string"],
    ["readOnly that is not a boolean", { readOnly: 1 }, "readOnly", "expected true or false"],
    ["a stopGracePeriod that is not a duration", { stopGracePeriod: "1 minute" }, "stopGracePeriod", 'such as "30s"'],
    [
      "rawCreateOptions that are not an object",
      { rawCreateOptions: [] },
      "rawCreateOptions",
      "expected an object of Engine API",
    ],
    [
      "rawCreateOptions with a lower-case key",
      { rawCreateOptions: { hostConfig: {} } },
      "rawCreateOptions.hostConfig",
      "capital letter",
    ],
    [
      "rawCreateOptions that are not JSON",
      { rawCreateOptions: { Env: [() => 1] } },
      "rawCreateOptions",
      "(JSON values)",
    ],
  ];
  for (const [what, fields, field, expected] of refused) {
    it(`refuses ${what}`, async () => {
      await expectInvalid(fields, field, expected);
    });
  }

  it("refuses waitFor.healthy() on a service that turns its healthcheck off", async () => {
    await expectInvalid({ healthcheck: false, ping: waitFor.healthy() }, "ping", "healthcheck = false turns it off");
    assert.ok(validate({ healthcheck: { test: "true" }, ping: waitFor.healthy() }));
  });
});
