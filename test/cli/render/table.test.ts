import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatBytes, formatDuration, formatPercent, formatTable } from "../../../src/cli/render/table.js";

describe("formatTable", () => {
  it("pads each column to its widest cell, two spaces apart, without trailing blanks", () => {
    assert.deepEqual(
      formatTable(
        ["SERVICE", "STATE", "PORTS"],
        [
          ["db", "running", "0.0.0.0:5433->5432/tcp"],
          ["website", "exited (1)", ""],
        ],
      ),
      ["SERVICE  STATE       PORTS", "db       running     0.0.0.0:5433->5432/tcp", "website  exited (1)"],
    );
  });

  it("prints the header alone when there are no rows", () => {
    assert.deepEqual(formatTable(["A", "B"], []), ["A  B"]);
  });
});

describe("formatBytes", () => {
  it("uses binary units with one decimal, and whole bytes below 1 KiB", () => {
    assert.equal(formatBytes(0), "0 B");
    assert.equal(formatBytes(1023), "1023 B");
    assert.equal(formatBytes(1536), "1.5 KiB");
    assert.equal(formatBytes(19_400_000), "18.5 MiB");
    assert.equal(formatBytes(3 * 1024 ** 3), "3.0 GiB");
    assert.equal(formatBytes(5 * 1024 ** 4), "5120.0 GiB", "GiB is the largest unit");
  });

  it("shows a missing figure as -", () => {
    assert.equal(formatBytes(null), "-");
    assert.equal(formatBytes(undefined), "-");
  });
});

describe("formatDuration", () => {
  it("seconds, then minutes and seconds, then hours and minutes", () => {
    assert.equal(formatDuration(null), "-");
    assert.equal(formatDuration(59), "59s");
    assert.equal(formatDuration(61), "1m1s");
    assert.equal(formatDuration(3599), "59m59s");
    assert.equal(formatDuration(3 * 3600 + 25 * 60 + 9), "3h25m");
  });
});

describe("formatPercent", () => {
  it("one decimal and a percent sign; - when missing", () => {
    assert.equal(formatPercent(12.345), "12.3%");
    assert.equal(formatPercent(0), "0.0%");
    assert.equal(formatPercent(null), "-");
    assert.equal(formatPercent(undefined), "-");
  });
});
