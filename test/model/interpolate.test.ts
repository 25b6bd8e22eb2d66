import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { interpolate, interpolateList, interpolateRecord } from "../../src/model/interpolate.js";
import type { JsonValue } from "../../src/model/json.js";
import { expectUserError } from "../helpers/user-error.js";

const context = new Map<string, JsonValue>([
  ["owner_id", "u-42"],
  ["db.port", 5433],
  ["debug", true],
  ["nothing", null],
  ["hosts", ["a", "b"]],
  ["limits", { cpu: 2 }],
]);
const source = { service: "web", field: "env.OWNER" };

describe("interpolate", () => {
  it("replaces {key} with the context's string value", () => {
    assert.equal(interpolate("owner={owner_id};", context, source), "owner=u-42;");
  });

  it("replaces several keys, the same key twice, and keys with dots", () => {
    assert.equal(interpolate("{owner_id}:{db.port}:{owner_id}", context, source), "u-42:5433:u-42");
  });

  it("writes non-string JSON values as JSON", () => {
    assert.equal(
      interpolate("{db.port} {debug} {nothing} {hosts} {limits}", context, source),
      '5433 true null ["a","b"] {"cpu":2}',
    );
  });

  it("turns {{ and }} into literal braces", () => {
    assert.equal(interpolate("{{owner_id}}", context, source), "{owner_id}");
    assert.equal(interpolate('{{"json": {{}}}}', context, source), '{"json": {}}');
    assert.equal(interpolate("{{{owner_id}}}", context, source), "{u-42}");
  });

  it("leaves lone braces and non-key braces alone", () => {
    for (const text of ["a { b", "a } b", "{}", "{ owner_id }", "{1abc}", "func() { return 1; }"]) {
      assert.equal(interpolate(text, new Map(), source), text);
    }
  });

  it("leaves a shell ${VAR} to the shell, and still reads escaped braces after $", () => {
    assert.equal(interpolate("echo ${HOME} {owner_id}", context, source), "echo ${HOME} u-42");
    assert.equal(interpolate("echo ${{HOME}}", new Map(), source), "echo ${HOME}");
  });

  it("leaves text without braces unchanged", () => {
    assert.equal(interpolate("plain text", new Map(), source), "plain text");
  });

  it("fails on a missing key, naming the service, the field and the key and listing the keys", async () => {
    await expectUserError(
      () => interpolate("{owner}", context, source),
      [
        'web: env.OWNER: no context value "owner" for {owner}; ',
        "context keys: db.port, debug, hosts, limits, nothing, owner_id",
      ],
    );
  });

  it("says when the context is empty", async () => {
    await expectUserError(
      () => interpolate("{token}", new Map(), source),
      ['web: env.OWNER: no context value "token" for {token}; context keys: (the context is empty)'],
    );
  });

  it("names env.KEY and cmd[i] when interpolating records and lists", async () => {
    assert.deepEqual(interpolateRecord({ A: "{owner_id}", B: "x" }, context, "api", "env"), { A: "u-42", B: "x" });
    assert.deepEqual(interpolateList(["run", "--port={db.port}"], context, "api", "cmd"), ["run", "--port=5433"]);
    await expectUserError(
      () => interpolateRecord({ A: "ok", TOKEN: "{token}" }, context, "api", "env"),
      ['api: env.TOKEN: no context value "token"'],
    );
    await expectUserError(
      () => interpolateList(["run", "{token}"], context, "api", "cmd"),
      ['api: cmd[1]: no context value "token"'],
    );
  });
});

describe("interpolate, a port the engine picked", () => {
  it("reads {ports.web.80} and {ports.dns.53/udp}", () => {
    const values = new Map<string, JsonValue>([
      ["ports.web.80", 49153],
      ["ports.dns.53/udp", 49155],
    ]);
    const source = { service: "app", field: "env.X" };
    assert.equal(
      interpolate("http://127.0.0.1:{ports.web.80}/ udp {ports.dns.53/udp}", values, source),
      "http://127.0.0.1:49153/ udp 49155",
    );
  });
});
