import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { Docker, lazyModules } from "../../src/engine/dockerode.js";

describe("dockerode, with BuildKit sessions, ssh and tar-fs loaded on first use", () => {
  it("does not load them with dockerode", () => {
    assert.equal(typeof Docker, "function");
    const cache = createRequire(import.meta.url).cache;
    assert.equal(lazyModules.size, 4);
    for (const path of lazyModules) assert.equal(cache[path], undefined, `${path} was loaded`);
    assert.ok(
      !Object.keys(cache).some((path) =>
        /node_modules\/(@grpc|protobufjs|ssh2|tar-stream|readable-stream)\//.test(path),
      ),
    );
  });

  it("stands in for modules that dockerode calls (session, ssh), constructs (http_duplex) or reads (tar-fs)", () => {
    const require = createRequire(import.meta.url);
    const [session, ssh, duplex, tarFs] = [...lazyModules].map((path) => require(path) as unknown);
    assert.equal(typeof session, "function");
    assert.equal(typeof ssh, "function");
    assert.equal(typeof duplex, "function");
    assert.equal(typeof (tarFs as { pack?: unknown }).pack, "function");
  });
});
