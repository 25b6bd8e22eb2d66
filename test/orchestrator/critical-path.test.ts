import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { criticalPath, phaseSpans } from "../../src/orchestrator/timeline/critical-path.js";
import type { Timeline } from "../../src/orchestrator/timeline/timeline.js";
import { criticalPathLine } from "../../src/report/critical-path-text.js";

/** db (slow ping) ← api ← web, and docs alone, which is quick. */
const timeline: Timeline = {
  command: "start",
  startedAt: "2026-11-30T16:00:00.000Z",
  totalMs: 9000,
  services: [
    {
      name: "db",
      dependencies: [],
      phases: [
        { phase: "pulling", atMs: 0 },
        { phase: "creating", atMs: 3100 },
        { phase: "starting", atMs: 3200 },
        { phase: "pinging", atMs: 3600 },
        { phase: "post-start", atMs: 6400 },
        { phase: "ready", atMs: 7300 },
      ],
    },
    {
      name: "api",
      dependencies: ["db"],
      phases: [
        { phase: "building", atMs: 0 },
        { phase: "waiting", atMs: 2400 },
        { phase: "creating", atMs: 7300 },
        { phase: "starting", atMs: 7400 },
        { phase: "pinging", atMs: 7600 },
        { phase: "ready", atMs: 8200 },
      ],
    },
    {
      name: "web",
      dependencies: ["api"],
      phases: [
        { phase: "waiting", atMs: 0 },
        { phase: "creating", atMs: 8200 },
        { phase: "starting", atMs: 8300 },
        { phase: "ready", atMs: 9000 },
      ],
    },
    {
      name: "docs",
      dependencies: [],
      phases: [
        { phase: "creating", atMs: 0 },
        { phase: "starting", atMs: 100 },
        { phase: "ready", atMs: 400 },
      ],
    },
  ],
};

describe("the critical path", () => {
  it("follows the dependency that finished last back from the service that finished last", () => {
    const path = criticalPath(timeline);
    assert.deepEqual(
      path.services.map((s) => s.name),
      ["db", "api", "web"],
    );
    assert.equal(path.totalMs, 9000);
  });

  it("gives each service's time by phase, waiting left out", () => {
    const [db, api] = criticalPath(timeline).services;
    assert.deepEqual(db?.phases, [
      { phase: "pulling", ms: 3100 },
      { phase: "creating", ms: 100 },
      { phase: "starting", ms: 400 },
      { phase: "pinging", ms: 2800 },
      { phase: "post-start", ms: 900 },
    ]);
    assert.deepEqual(api?.phases, [
      { phase: "building", ms: 2400 },
      { phase: "creating", ms: 100 },
      { phase: "starting", ms: 200 },
      { phase: "pinging", ms: 600 },
    ]);
  });

  it("reads as one line, as the issue wrote it", () => {
    assert.equal(
      criticalPathLine(criticalPath(timeline)),
      "critical path 9.0 s: db (pull 3.1 s, create 0.1 s, start 0.4 s, ping 2.8 s, postStart 0.9 s) → " +
        "api (build 2.4 s, create 0.1 s, start 0.2 s, ping 0.6 s) → web (create 0.1 s, start 0.7 s)",
    );
  });

  it("a phase lasts until the next one; a final phase has no length", () => {
    const docs = timeline.services[3];
    assert.ok(docs);
    assert.deepEqual(phaseSpans(docs), [
      { phase: "creating", fromMs: 0, toMs: 100 },
      { phase: "starting", fromMs: 100, toMs: 400 },
    ]);
  });

  it("counts a build that went on while the service waited as the build, and a path can begin there", () => {
    const built: Timeline = {
      ...timeline,
      totalMs: 6000,
      services: [
        {
          name: "db",
          dependencies: [],
          phases: [
            { phase: "creating", atMs: 0 },
            { phase: "starting", atMs: 100 },
            { phase: "ready", atMs: 1000 },
          ],
        },
        {
          name: "app",
          dependencies: ["db"],
          imageReadyAtMs: 5000,
          phases: [
            { phase: "building", atMs: 0 },
            { phase: "waiting", atMs: 20 },
            { phase: "creating", atMs: 5000 },
            { phase: "starting", atMs: 5100 },
            { phase: "ready", atMs: 6000 },
          ],
        },
      ],
    };
    const app = built.services[1];
    assert.ok(app);
    assert.deepEqual(phaseSpans(app).slice(0, 2), [
      { phase: "building", fromMs: 0, toMs: 20 },
      { phase: "building", fromMs: 20, toMs: 5000 },
    ]);
    assert.deepEqual(criticalPath(built).services, [
      {
        name: "app",
        phases: [
          { phase: "building", ms: 5000 },
          { phase: "creating", ms: 100 },
          { phase: "starting", ms: 900 },
        ],
      },
    ]);
    const slowDb = {
      ...built,
      services: [
        {
          ...built.services[0]!,
          phases: [
            { phase: "creating" as const, atMs: 0 },
            { phase: "ready" as const, atMs: 5000 },
          ],
        },
        { ...app, imageReadyAtMs: 3000 },
      ],
    };
    assert.deepEqual(phaseSpans(slowDb.services[1]!).slice(0, 3), [
      { phase: "building", fromMs: 0, toMs: 20 },
      { phase: "building", fromMs: 20, toMs: 3000 },
      { phase: "waiting", fromMs: 3000, toMs: 5000 },
    ]);
    assert.deepEqual(
      criticalPath(slowDb).services.map((s) => s.name),
      ["db", "app"],
      "the dependency that finished after the build is what it waited for",
    );
  });

  it("an empty timeline has an empty path", () => {
    assert.deepEqual(criticalPath({ ...timeline, totalMs: 0, services: [] }), { totalMs: 0, services: [] });
  });
});
