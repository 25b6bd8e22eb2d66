import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PullProgress } from "../../src/engine/pull-progress.js";

describe("PullProgress", () => {
  it("sums the layers' bytes into one percentage, said at most once an interval, and passes state lines on", () => {
    const said: string[] = [];
    let now = 0;
    const progress = new PullProgress(
      (line) => said.push(line),
      250,
      () => now,
    );
    progress.event({ id: "16", status: "Pulling from library/node" });
    progress.event({ id: "a", status: "Pulling fs layer" });
    progress.event({ id: "b", status: "Pulling fs layer" });
    progress.event({ id: "a", status: "Downloading", progressDetail: { current: 1_000_000, total: 3_000_000 } });
    for (let i = 0; i < 50; i++) {
      now += 1; // fifty byte counts within 50 ms: none of them said
      progress.event({ id: "b", status: "Downloading", progressDetail: { current: 10_000 * i, total: 1_000_000 } });
    }
    now += 300;
    progress.event({ id: "b", status: "Downloading", progressDetail: { current: 1_000_000, total: 1_000_000 } });
    progress.event({ id: "b", status: "Download complete" });
    progress.event({ id: "b", status: "Extracting", progressDetail: { current: 5, total: 10 } });
    progress.event({ id: "b", status: "Pull complete" });
    progress.event({ status: "Digest: sha256:abc" });
    assert.deepEqual(said, [
      "16 Pulling from library/node",
      "Downloading 33% of 3.0 MB, 0/2 layers done",
      "Downloading 50% of 4.0 MB, 0/2 layers done",
      "Downloading 50% of 4.0 MB, 1/2 layers done",
      "b Pull complete",
      "Digest: sha256:abc",
    ]);
  });

  it("counts layers that already exist as done", () => {
    const said: string[] = [];
    const progress = new PullProgress((line) => said.push(line), 0);
    progress.event({ id: "a", status: "Already exists" });
    progress.event({ id: "b", status: "Downloading", progressDetail: { current: 1, total: 4 } });
    assert.deepEqual(said, ["a Already exists", "Downloading 25% of 0.0 MB, 1/2 layers done"]);
  });
});
