import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { Docker, lazyModules } from "../../src/engine/dockerode.js";

describe("dockerode, with BuildKit sessions and ssh loaded on first use", () => {
  it("does not load them with dockerode", () => {
    assert.equal(typeof Docker, "function");
    const cache = createRequire(import.meta.url).cache;
    assert.equal(lazyModules.size, 2);
    for (const path of lazyModules) assert.equal(cache[path], undefined, `${path} was loaded`);
    assert.ok(!Object.keys(cache).some((path) => /node_modules\/(@grpc|protobufjs|ssh2)\//.test(path)));
  });

  it("stands in only for modules that are one function, as dockerode and docker-modem call them", () => {
    const require = createRequire(import.meta.url);
    for (const path of lazyModules) assert.equal(typeof require(path), "function", path);
  });
});
