import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
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

const contextFile = () => join(folder.path, ".boss-context");
const saved = () => JSON.parse(readFileSync(contextFile(), "utf8")) as Record<string, unknown>;
const mutating = { command: "stop", mutates: true };

describe("the records' saves", () => {
  it("asked for at once are one write, and it holds every change", async () => {
    const { project } = fakeProject([{ name: "a" }, { name: "b" }, { name: "c" }], folder.path);
    await withGroupSession(project, mutating, async (session) => {
      const saves = ["a", "b", "c"].map((name) => session.markStopping(name, true));
      assert.equal(new Set(saves).size, 1, "the second and third join the first, not yet begun");
      await saves[0];
      assert.deepEqual(saved()["boss.stopping"], ["a", "b", "c"]);
    });
  });

  it("asked for after the last one began are a write of their own: nothing is lost", async () => {
    const { project } = fakeProject([{ name: "a" }, { name: "b" }], folder.path);
    await withGroupSession(project, mutating, async (session) => {
      const first = session.markStopping("a", true);
      await first;
      const written = statSync(contextFile()).ino; // each write renames a new file into place
      const second = session.markStopping("b", true);
      assert.notEqual(second, first);
      await second;
      assert.notEqual(statSync(contextFile()).ino, written);
      assert.deepEqual(saved()["boss.stopping"], ["a", "b"]);
    });
  });
});
