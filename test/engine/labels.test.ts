import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { configHash, containerLabels, describeChanges, Label, stableJson } from "../../src/engine/labels.js";

const config = {
  image: "nginx:1.27",
  env: { ROLE: "api", PORT: "80" },
  cmd: ["nginx", "-g", "daemon off;"],
  ports: [{ containerPort: 80, protocol: "tcp", hostPort: 8080 }],
};

describe("stableJson", () => {
  it("gives the same text whatever the key order, at every depth", () => {
    const reordered = {
      ports: [{ hostPort: 8080, protocol: "tcp", containerPort: 80 }],
      cmd: ["nginx", "-g", "daemon off;"],
      env: { PORT: "80", ROLE: "api" },
      image: "nginx:1.27",
    };
    assert.equal(stableJson(reordered), stableJson(config));
    assert.equal(stableJson({ b: 1, a: { d: 2, c: 3 } }), '{"a":{"c":3,"d":2},"b":1}');
  });

  it("keeps array order", () => {
    assert.notEqual(stableJson(["a", "b"]), stableJson(["b", "a"]));
  });
});

describe("configHash", () => {
  it("is equal for equal definitions in any key order", () => {
    const copy = JSON.parse(JSON.stringify(config)) as typeof config;
    copy.env = { PORT: "80", ROLE: "api" };
    assert.equal(configHash(copy), configHash(config));
    assert.match(configHash(config), /^[0-9a-f]{16}$/);
  });

  it("differs when anything in the definition differs", () => {
    const base = configHash(config);
    assert.notEqual(configHash({ ...config, env: { ...config.env, ROLE: "worker" } }), base);
    assert.notEqual(configHash({ ...config, image: "nginx:1.28" }), base);
    assert.notEqual(configHash({ ...config, cmd: ["nginx"] }), base);
    assert.notEqual(configHash({ ...config, ports: [] }), base);
  });

  it("is what containerLabels puts on a container, beside group, service and the config", () => {
    assert.deepEqual(containerLabels("shop", "web", config), {
      [Label.group]: "shop",
      [Label.service]: "web",
      [Label.configHash]: configHash(config),
      [Label.config]: stableJson(config),
    });
    assert.equal(Label.group, "boss.group");
    assert.equal(Label.service, "boss.service");
    assert.equal(Label.configHash, "boss.config-hash");
  });
});

describe("describeChanges", () => {
  it("names a changed env value", () => {
    assert.deepEqual(describeChanges(config, { ...config, env: { ...config.env, ROLE: "worker" } }), [
      "env.ROLE changed",
    ]);
  });

  it("names added and removed env keys", () => {
    assert.deepEqual(describeChanges(config, { ...config, env: { ROLE: "api", DEBUG: "1" } }), [
      "env.DEBUG added",
      "env.PORT removed",
    ]);
  });

  it("names a changed image", () => {
    assert.deepEqual(describeChanges(config, { ...config, image: "nginx:1.28" }), ["image changed"]);
  });

  it("names changed lists as a whole, and top-level keys added or removed", () => {
    const { cmd: _cmd, ...withoutCmd } = config;
    assert.deepEqual(describeChanges(config, { ...withoutCmd, user: "1000" }), ["cmd removed", "user added"]);
    assert.deepEqual(describeChanges(config, { ...config, ports: [] }), ["ports changed"]);
  });

  it("finds nothing between equal definitions in different key order", () => {
    assert.deepEqual(describeChanges(config, { ...config, env: { PORT: "80", ROLE: "api" } }), []);
  });
});
