import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describePhase, eventLine, finalPhases } from "../../src/report/event-text.js";
import { startSummaryLines, texts } from "../../src/report/summary-lines.js";

describe("how a job's events and summary read", () => {
  it("a completed job: its exit code and time; one completed earlier: that it is not run again", () => {
    assert.equal(
      describePhase({ type: "phase", service: "migrate", phase: "completed", detail: "exit 0", elapsedMs: 1400 }),
      "completed — exit 0 (1.4 s)",
    );
    assert.equal(
      eventLine({ type: "phase", service: "migrate", phase: "completed-earlier" }),
      "migrate: completed earlier (exit 0), not run again",
    );
  });

  it("both are final phases: a live view counts the job as done", () => {
    assert.ok(finalPhases.has("completed"));
    assert.ok(finalPhases.has("completed-earlier"));
  });

  it("the start summary names jobs that completed now and earlier apart from services", () => {
    const lines = startSummaryLines({
      started: [
        { name: "db", action: "created" },
        { name: "migrate", action: "completed" },
        { name: "seed", action: "completed-earlier" },
      ],
      failed: [],
      skipped: [],
      cancelled: [],
      hookFailures: [],
      interrupted: false,
    });
    assert.deepEqual(texts(lines), [
      "started: db",
      "jobs completed: migrate",
      "jobs completed earlier, not run again: seed",
    ]);
    assert.ok(lines.every((l) => l.tone === "ok"));
  });
});
