import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { loadAdapter } from "../../src/core/adapter-loader.js";
import { loadConfigFile, MAX_CONFIG_BYTES, parseConfigText, parseExportRef } from "../../src/core/config/config.js";
import { ConfigError } from "../../src/core/config/config-error.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { writeFiles } from "./helpers.js";

const MINIMAL = `adapter:\n  class: my_adapter.MyAdapter\n  primary_payload_key: flowfile\n`;

function configError(yaml: string): ConfigError {
  try {
    parseConfigText(yaml, "/tmp");
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    assert.ok(!error.message.includes("\n"), "one line");
    return error;
  }
  assert.fail("expected the config to be rejected");
}

describe("config.yaml validation", () => {
  it("reads the issue's full example with defaults filled in", () => {
    const config = parseConfigText(
      `${MINIMAL}  run_as_user: app_user
process_management:
  enabled: true
  command: ["./my-tool", "--url", "{target_url}", "--threads", "{threads}"]
  stop_timeout_seconds: 10
metrics:
  network_monitoring: { enabled: true, interface: eth0 }
  process_monitoring: { enabled: true }
traffic_control:
  enabled: true
  interface: eth0
  bandwidth_mbps_key: bandwidth_limit
  default_bandwidth_mbps: 50
  latency_ms_key: latency
  default_latency_ms: 20
privileged_commands:
  pre_start: [["sysctl", "-w", "net.core.somaxconn=4096"]]
  post_stop: [["iptables", "-F"]]
`,
      "/app",
    );
    assert.equal(config.adapter.runAsUser, "app_user");
    assert.deepEqual(config.adapter.ref, {
      spec: "my_adapter.MyAdapter",
      module: "my_adapter",
      exportName: "MyAdapter",
    });
    assert.equal(config.processManagement.command?.[2], "{target_url}");
    assert.equal(config.trafficControl.defaultBandwidthMbps, 50);
    assert.equal(config.trafficControl.latencyMsKey, "latency");
    assert.deepEqual(config.privilegedCommands.postStop, [["iptables", "-F"]]);
  });

  it("keeps optional services off when their sections are absent", () => {
    const config = parseConfigText(MINIMAL, "/app");
    assert.equal(config.processManagement.enabled, false);
    assert.equal(config.trafficControl.enabled, false);
    assert.equal(config.adapter.runAsUser, null);
    assert.deepEqual(config.privilegedCommands, { preStart: [], postStop: [] });
  });

  it("names an unknown key", () => {
    assert.match(configError(`${MINIMAL}  colour: red\n`).message, /adapter\.colour: expected one of the known keys/);
    assert.match(configError(`${MINIMAL}extras: 1\n`).message, /^config\.yaml: extras:/);
  });

  it("names a wrong type and what was expected", () => {
    assert.match(
      configError(`${MINIMAL}traffic_control:\n  default_bandwidth_mbps: fast\n`).message,
      /traffic_control\.default_bandwidth_mbps: expected a number from 0 to 100000, found the string "fast"/,
    );
    assert.match(
      configError(`${MINIMAL}process_management:\n  enabled: yes please\n  command: [a]\n`).message,
      /enabled: expected true or false/,
    );
    assert.match(
      configError(`adapter:\n  class: 12\n  primary_payload_key: k\n`).message,
      /adapter\.class: expected a non-empty string/,
    );
    assert.match(
      configError(`adapter:\n  class: a.B\n`).message,
      /adapter\.primary_payload_key: expected a non-empty string, found nothing/,
    );
  });

  it("rejects a command that is not an array of strings", () => {
    assert.match(
      configError(`${MINIMAL}process_management:\n  command: "./tool --x"\n`).message,
      /process_management\.command: expected a command as a non-empty list of strings/,
    );
    assert.match(
      configError(`${MINIMAL}process_management:\n  command: ["./tool", 3]\n`).message,
      /process_management\.command\[1\]: expected a string, found number 3/,
    );
    assert.match(
      configError(`${MINIMAL}privileged_commands:\n  pre_start: [["ok"], "sysctl -w x"]\n`).message,
      /privileged_commands\.pre_start\[1\]/,
    );
    assert.match(
      configError(`${MINIMAL}process_management:\n  enabled: true\n`).message,
      /exactly one of command or command_factory/,
    );
  });

  it("reports YAML syntax errors and a missing file in one line", () => {
    assert.match(configError("adapter: [unclosed").message, /expected valid YAML/);
    const tmp = makeTempDir();
    after(tmp.remove);
    assert.throws(
      () => loadConfigFile({ CCC_CONFIG_FILE: "nope.yaml" }, tmp.path),
      /a readable config file at .*nope\.yaml/,
    );
  });

  it("parses both class reference forms and command_factory", () => {
    assert.deepEqual(parseExportRef("./my-adapter.js#MyAdapter", "k", false), {
      spec: "./my-adapter.js#MyAdapter",
      module: "./my-adapter.js",
      exportName: "MyAdapter",
    });
    assert.deepEqual(parseExportRef("my_adapter.MyAdapter.buildCommand", "k", true), {
      spec: "my_adapter.MyAdapter.buildCommand",
      module: "my_adapter",
      exportName: "MyAdapter",
      method: "buildCommand",
    });
    assert.throws(() => parseExportRef("MyAdapter", "adapter.class", false), /adapter\.class: expected module\.Class/);
    assert.throws(() => parseExportRef("./x.js#Bad-Name", "adapter.class", false), ConfigError);
  });
});

describe("adapter loading", () => {
  const tmp = makeTempDir();
  after(tmp.remove);
  writeFiles(tmp.path, {
    "plain.cjs":
      "class Plain { start() {} stop() {} static build(p) { return ['echo', String(p.x)]; } }\nmodule.exports = { Plain };",
    "esm.mjs": "export class Esm { start() {} stop() {} }",
    "empty.js": "class Empty {}\nmodule.exports = { Empty };",
    "broken.cjs": "throw new Error('boom at load');",
    "shape.cjs": "class Shape { constructor() { this.start = 5; } }\nmodule.exports = { Shape };",
  });
  mkdirSync(join(tmp.path, "esm"));
  writeFiles(join(tmp.path, "esm"), {
    "package.json": '{ "type": "module" }',
    "scoped.js": "export class Scoped { start() {} stop() {} }",
    "awaits.js": "await Promise.resolve();\nexport class Awaits { start() {} stop() {} }",
    "whole.cjs": "module.exports = class Whole { start() {} stop() {} };",
  });
  const load = (yaml: string) => loadAdapter(parseConfigText(yaml, tmp.path));
  const withPm = "process_management:\n  command: [x]\n";

  it("loads a CommonJS class by module.Class and an ESM one by ./file#Class", async () => {
    const cjs = await load(`adapter:\n  class: plain.Plain\n  primary_payload_key: k\n`);
    assert.equal(typeof cjs.adapter.start, "function");
    const esm = await load(`adapter:\n  class: ./esm.mjs#Esm\n  primary_payload_key: k\n`);
    assert.equal(typeof esm.adapter.stop, "function");
  });

  it("loads an ES module .js (type: module), one with top-level await, and a class that is module.exports", async () => {
    for (const spec of ["./esm/scoped.js#Scoped", "./esm/awaits.js#Awaits", "./esm/whole.cjs#Whole"]) {
      const loaded = await load(`adapter:\n  class: ${spec}\n  primary_payload_key: k\n`);
      assert.equal(typeof loaded.adapter.start, "function", spec);
    }
  });

  it("accepts an empty adapter when the core manages the process, and loads command_factory", async () => {
    const empty = await load(`adapter:\n  class: empty.Empty\n  primary_payload_key: k\n${withPm}`);
    assert.equal(typeof empty.adapter.start, "undefined");
    const factory = await load(
      `adapter:\n  class: empty.Empty\n  primary_payload_key: k\nprocess_management:\n  command_factory: plain.Plain.build\n`,
    );
    assert.deepEqual(await factory.commandFactory?.({ x: 4 }), ["echo", "4"]);
  });

  it("names what is missing: module, class, methods", async () => {
    await assert.rejects(
      load(`adapter:\n  class: nope.Nope\n  primary_payload_key: k\n`),
      /adapter\.class: expected a module file nope\.js, \.cjs or \.mjs in/,
    );
    await assert.rejects(
      load(`adapter:\n  class: plain.Other\n  primary_payload_key: k\n`),
      /adapter\.class: expected .*plain\.cjs to export a class named Other/,
    );
    await assert.rejects(
      load(`adapter:\n  class: empty.Empty\n  primary_payload_key: k\n`),
      /start\(\) and stop\(\) methods \(process_management is off\)/,
    );
    await assert.rejects(
      load(`adapter:\n  class: broken.Broken\n  primary_payload_key: k\n`),
      /that loads, found an error: boom at load/,
    );
    await assert.rejects(
      load(`adapter:\n  class: shape.Shape\n  primary_payload_key: k\n${withPm}`),
      /adapter\.class start: expected a method/,
    );
    await assert.rejects(
      load(
        `adapter:\n  class: empty.Empty\n  primary_payload_key: k\nprocess_management:\n  command_factory: plain.Plain.nothing\n`,
      ),
      /command_factory: expected a static method nothing on Plain/,
    );
  });
});

describe("config file size", () => {
  const tmp = makeTempDir("ccc-config-");
  after(tmp.remove);

  it("refuses a config file over 1 MiB at once, with a ConfigError naming the limit", () => {
    writeFiles(tmp.path, { "config.yaml": `# ${"x".repeat(30 * 1024 * 1024)}\n` });
    const started = Date.now();
    assert.throws(() => loadConfigFile({}, tmp.path), new RegExp(`at most ${MAX_CONFIG_BYTES} bytes`));
    assert.ok(Date.now() - started < 1000, `${Date.now() - started} ms`);
    assert.throws(() => loadConfigFile({ CCC_CONFIG_FILE: "/dev/zero" }, tmp.path), /at most 1048576 bytes/);
  });
});
