import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseByteSize, parseDuration } from "../../src/model/durations.js";

describe("parseDuration", () => {
  it("reads seconds and compose's (Go's) durations into seconds", () => {
    assert.equal(parseDuration(30), 30);
    assert.equal(parseDuration(1.5), 1.5);
    assert.equal(parseDuration("10s"), 10);
    assert.equal(parseDuration("1m30s"), 90);
    assert.equal(parseDuration("500ms"), 0.5);
    assert.equal(parseDuration("1h2m3s"), 3723);
    assert.equal(parseDuration("1.5s"), 1.5);
    assert.equal(parseDuration("250us"), 0.00025);
  });

  it("refuses what is not a duration", () => {
    for (const bad of ["", "10", "ten seconds", "1m30", "s", "-5s", "5 s", -1, Infinity, true, null, {}]) {
      assert.equal(parseDuration(bad), undefined, JSON.stringify(bad));
    }
  });
});

describe("parseByteSize", () => {
  it("reads bytes and compose's sizes, in binary units", () => {
    assert.equal(parseByteSize(1024), 1024);
    assert.equal(parseByteSize("512m"), 512 * 1024 ** 2);
    assert.equal(parseByteSize("1g"), 1024 ** 3);
    assert.equal(parseByteSize("1GB"), 1024 ** 3);
    assert.equal(parseByteSize("64k"), 65536);
    assert.equal(parseByteSize("64kb"), 65536);
    assert.equal(parseByteSize("100"), 100);
    assert.equal(parseByteSize("100b"), 100);
    assert.equal(parseByteSize("1.5g"), 1.5 * 1024 ** 3);
  });

  it("refuses what is not a size", () => {
    for (const bad of ["", "lots", "5x", "-1m", "1 2m", 1.5, -3, NaN, false, null]) {
      assert.equal(parseByteSize(bad), undefined, JSON.stringify(bad));
    }
  });
});
