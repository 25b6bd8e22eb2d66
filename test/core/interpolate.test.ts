import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BadRequestError } from "../../src/core/errors.js";
import { interpolateCommand } from "../../src/core/interpolate.js";
import { formatMicros, httpDate, isoNow, nowMicros } from "../../src/core/timestamp.js";

describe("command interpolation", () => {
  it("fills {key} from the payload, one argv element per template element", () => {
    const argv = interpolateCommand(["./tool", "--url", "{target_url}", "--threads={threads}", "{flag}"], {
      target_url: "http://x/a b; rm -rf /",
      threads: 4,
      flag: true,
    });
    assert.deepEqual(argv, ["./tool", "--url", "http://x/a b; rm -rf /", "--threads=4", "true"]);
  });

  it("leaves other braces alone and writes {{key}} literally", () => {
    assert.deepEqual(interpolateCommand(["{ a: 1 }", "{{name}}", "x{}"], {}), ["{ a: 1 }", "{name}", "x{}"]);
  });

  it("rejects a missing key or a non-scalar value with a 400 naming the key", () => {
    assert.throws(
      () => interpolateCommand(["{threads}"], {}),
      (e) => e instanceof BadRequestError && /"threads" is missing/.test(e.message),
    );
    assert.throws(() => interpolateCommand(["{list}"], { list: [1] }), /"list" must be a string, number or boolean/);
  });
});

describe("timestamps", () => {
  it("formats UTC ISO-8601 with microseconds", () => {
    assert.equal(formatMicros(Date.UTC(2026, 0, 2, 3, 4, 5, 123) * 1000 + 456), "2026-01-02T03:04:05.123456Z");
    assert.match(isoNow(), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    // The clock is the wall clock (to within a millisecond) and never goes back.
    const readings = Array.from({ length: 1000 }, () => nowMicros());
    assert.ok(readings.every((value, i) => i === 0 || value >= readings[i - 1]!));
    assert.ok(Math.abs(nowMicros() - Date.now() * 1000) < 2000, `${nowMicros() - Date.now() * 1000} µs off`);
  });

  it("writes the dates Date writes, without Date objects: ISO-8601 and HTTP dates", () => {
    const edges = [0, 951_782_400_000, 4_107_542_399_999, Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(2100, 2, 1)];
    let seed = 42;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const times = [...edges, ...Array.from({ length: 20_000 }, () => Math.floor(random() * 8_000_000_000_000))];
    for (const ms of times) {
      const micros = ms * 1000 + (ms % 997);
      assert.equal(
        formatMicros(micros),
        `${new Date(ms).toISOString().slice(0, 23)}${String(ms % 997).padStart(3, "0")}Z`,
      );
      assert.equal(httpDate(ms), new Date(ms).toUTCString());
    }
  });
});
