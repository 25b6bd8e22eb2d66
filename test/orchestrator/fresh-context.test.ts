import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { resetOutsideGroupState } from "../../src/model/group-state.js";
import { withGroupSession } from "../../src/orchestrator/group-session.js";
import { makeTempDir, type TempDir } from "../helpers/temp-dir.js";
import { fakeProject } from "../fakes/fake-project.js";

let folder: TempDir;
beforeEach(() => {
  resetOutsideGroupState();
  folder = makeTempDir();
});
afterEach(() => folder.remove());

const saved = () => JSON.parse(readFileSync(join(folder.path, ".boss-context"), "utf8")) as Record<string, unknown>;
const mutating = { command: "watch", mutates: true };

/** A process that lives on (boss watch, boss ui) runs one session after another, while other bosses save too. */
describe("the Context of a session that holds the lock", () => {
  it("is the file as it is now, so a value another boss changed is not written back", async () => {
    const { project } = fakeProject([{ name: "web" }], folder.path);
    project.state.context.set("from_file", "top-level"); // as Context.set at the top of the services file
    await withGroupSession(project, mutating, () => {
      project.state.context.set("token", "first");
      return Promise.resolve();
    });
    assert.equal(saved().token, "first");

    // Another boss changes one value, adds one, and drops one while this process waits.
    writeFileSync(
      join(folder.path, ".boss-context"),
      JSON.stringify({ ...saved(), token: "second", owner: "other boss", from_file: "saved" }),
    );
    await withGroupSession(project, mutating, () => Promise.resolve());
    assert.equal(saved().token, "second", "the other boss's value stays");
    assert.equal(saved().owner, "other boss");
    assert.equal(saved().from_file, "top-level", "the services file's own values still win");

    writeFileSync(join(folder.path, ".boss-context"), JSON.stringify({ from_file: "top-level" }));
    await withGroupSession(project, mutating, () => Promise.resolve());
    assert.equal(saved().token, undefined, "a value the file no longer holds is not brought back");
  });

  it("keeps a value this process set since it last read the file (a script's Context.set), over the file's", async () => {
    const { project } = fakeProject([{ name: "web" }], folder.path);
    writeFileSync(join(folder.path, ".boss-context"), JSON.stringify({ release: "r1", region: "eu" }));
    await withGroupSession(project, { command: "status", mutates: false }, () => Promise.resolve());
    assert.equal(project.state.context.get("release"), "r1");

    project.state.context.set("release", "r2"); // the script's own, newer value
    writeFileSync(join(folder.path, ".boss-context"), JSON.stringify({ release: "r1", region: "us" }));
    await withGroupSession(project, mutating, () => Promise.resolve());
    assert.deepEqual(
      { release: saved().release, region: saved().region },
      { release: "r2", region: "us" },
      "ours where we set it, theirs where they did",
    );
  });
});
