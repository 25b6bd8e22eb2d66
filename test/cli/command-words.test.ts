import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { splitCommandWords } from "../../src/cli/command-words.js";

describe("the command words of exec and run", () => {
  it("takes everything as the command, with or without a leading --", () => {
    assert.deepEqual(splitCommandWords(["psql", "-U", "x"]), { bossFlags: [], command: ["psql", "-U", "x"] });
    assert.deepEqual(splitCommandWords(["--", "psql", "-U", "x"]), { bossFlags: [], command: ["psql", "-U", "x"] });
    assert.deepEqual(splitCommandWords(["sh", "-c", "a -- b"]), { bossFlags: [], command: ["sh", "-c", "a -- b"] });
  });

  it("keeps the older form: boss's flags between the service and --", () => {
    assert.deepEqual(splitCommandWords(["--json", "--timeout", "5", "--", "migrate"]), {
      bossFlags: ["--json", "--timeout", "5"],
      command: ["migrate"],
    });
  });
});
