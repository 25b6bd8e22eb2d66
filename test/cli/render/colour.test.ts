import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { colours } from "../../../src/cli/render/colour.js";
import { wantsColour } from "../../../src/cli/render/wants-colour.js";
import { CapturedStream } from "../../helpers/captured-stream.js";

const terminal = new CapturedStream({ terminal: true });
const pipe = new CapturedStream();

describe("wantsColour", () => {
  it("colours a terminal and not a pipe", () => {
    assert.equal(wantsColour({ stream: terminal, env: {} }), true);
    assert.equal(wantsColour({ stream: pipe, env: {} }), false);
  });

  it("never colours with a non-empty NO_COLOR or on a dumb terminal", () => {
    assert.equal(wantsColour({ stream: terminal, env: { NO_COLOR: "1" } }), false);
    assert.equal(wantsColour({ stream: terminal, env: { NO_COLOR: "" } }), true, "an empty NO_COLOR is not set");
    assert.equal(wantsColour({ stream: terminal, env: { TERM: "dumb" } }), false);
  });

  it("follows FORCE_COLOR when it is set, as chalk and Node do: piped too, and over NO_COLOR", () => {
    for (const value of ["1", "2", "3", "true", ""]) {
      assert.equal(wantsColour({ stream: pipe, env: { FORCE_COLOR: value } }), true, `FORCE_COLOR=${value}`);
    }
    assert.equal(wantsColour({ stream: pipe, env: { FORCE_COLOR: "1", NO_COLOR: "1" } }), true);
    assert.equal(wantsColour({ stream: terminal, env: { FORCE_COLOR: "0" } }), false);
    assert.equal(wantsColour({ stream: terminal, env: { FORCE_COLOR: "false" } }), false);
  });
});

describe("colours", () => {
  it("paints with the 16 basic colours, or not at all, whatever chalk guessed about process.stdout", () => {
    assert.equal(colours(true).green("ok"), "\x1b[32mok\x1b[39m");
    assert.equal(colours(false).green("ok"), "ok");
  });
});
