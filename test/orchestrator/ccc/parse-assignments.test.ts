import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseAssignments } from "../../../src/orchestrator/ccc/core-commands.js";
import { expectUserError } from "../../helpers/user-error.js";

describe("parseAssignments (boss update's key=value words)", () => {
  it("reads values as JSON when they parse, else as the text itself", () => {
    assert.deepEqual(
      parseAssignments([
        "bandwidth_limit=5",
        "ratio=0.5",
        "on=true",
        "none=null",
        "ids=[1,2]",
        'limits={"cpu":2}',
        'quoted="5"',
        "target_url=http://api:8080/x?a=b",
        "zip=007",
        "empty=",
      ]),
      {
        bandwidth_limit: 5,
        ratio: 0.5,
        on: true,
        none: null,
        ids: [1, 2],
        limits: { cpu: 2 },
        quoted: "5",
        target_url: "http://api:8080/x?a=b",
        zip: "007",
        empty: "",
      },
    );
  });

  it("splits at the first = only", () => {
    assert.deepEqual(parseAssignments(["query=a=b"]), { query: "a=b" });
  });

  it("refuses a word without a key", async () => {
    await expectUserError(() => parseAssignments(["bandwidth"]), ['"bandwidth" is not key=value']);
    await expectUserError(() => parseAssignments(["=5"]), ['"=5" is not key=value']);
  });
});
