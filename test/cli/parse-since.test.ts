import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ExitCode, UserError } from "../../src/errors.js";
import { parseDuration, parseSince } from "../../src/cli/parse-since.js";

describe("parseDuration", () => {
  it("reads Go-style durations, also combined and fractional", () => {
    assert.equal(parseDuration("90s"), 90);
    assert.equal(parseDuration("10m"), 600);
    assert.equal(parseDuration("1h30m"), 5400);
    assert.equal(parseDuration("1.5h"), 5400);
    assert.equal(parseDuration("250ms"), 0.25);
    assert.equal(parseDuration("2d"), 172800);
  });

  it("is undefined for anything else", () => {
    for (const text of ["", "10", "m", "10 m", "-5m", "5x", "1h 30m"])
      assert.equal(parseDuration(text), undefined, text);
  });
});

describe("parseSince", () => {
  const now = Date.parse("2024-05-01T12:00:00Z");

  it("counts a duration back from now, in seconds since the epoch", () => {
    assert.equal(parseSince("5m", now), now / 1000 - 300);
  });

  it("takes an absolute time as it is", () => {
    assert.equal(parseSince("2024-05-01T11:00:00Z", now), Date.parse("2024-05-01T11:00:00Z") / 1000);
    assert.equal(parseSince("2024-05-01T13:00:00+02:00", now), Date.parse("2024-05-01T11:00:00Z") / 1000);
  });

  it("refuses anything else as a user error naming the flag and both forms", () => {
    assert.throws(
      () => parseSince("yesterday", now),
      (error: unknown) =>
        error instanceof UserError &&
        error.exitCode === ExitCode.userError &&
        error.message ===
          '--since: "yesterday" is neither a duration (90s, 10m, 1h30m) nor a time (2024-05-01T12:00:00Z)',
    );
  });
});
