import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  interpolateString,
  interpolateValue,
  MissingVariableError,
} from "../../src/init/compose/interpolate-compose.js";

const vars: Record<string, string> = { SET: "value", EMPTY: "" };
const lookup = (name: string) => vars[name];
const sub = (text: string) => interpolateString(text, lookup);

describe("compose variable substitution", () => {
  it("substitutes $VAR and ${VAR}, and leaves $$ as one $", () => {
    assert.equal(sub("a $SET b ${SET} c"), "a value b value c");
    assert.equal(sub("cost: $$5 and $$SET"), "cost: $5 and $SET");
    assert.equal(sub("${UNSET}|$UNSET|"), "||");
  });

  it("gives defaults as compose does: :- for unset or empty, - only for unset", () => {
    assert.equal(sub("${EMPTY:-d}"), "d");
    assert.equal(sub("${EMPTY-d}"), "");
    assert.equal(sub("${UNSET-d}"), "d");
    assert.equal(sub("${SET:-d}"), "value");
    assert.equal(sub("${UNSET:-${SET}-x}"), "value-x");
  });

  it("replaces with :+ and + only when set", () => {
    assert.equal(sub("${SET:+yes}"), "yes");
    assert.equal(sub("${EMPTY:+yes}"), "");
    assert.equal(sub("${EMPTY+yes}"), "yes");
    assert.equal(sub("${UNSET+yes}"), "");
  });

  it("fails a required variable with its message, and names the place in the file", () => {
    assert.throws(() => sub("${UNSET:?set the image}"), /required variable UNSET is missing a value: set the image/);
    assert.throws(() => sub("${EMPTY:?}"), MissingVariableError);
    assert.equal(sub("${EMPTY?}"), "");
    assert.throws(
      () => interpolateValue({ services: { web: { image: "${UNSET?}" } } }, lookup),
      /^MissingVariableError: services\.web\.image: required variable UNSET/,
    );
  });

  it("rejects a substitution that is not one", () => {
    assert.throws(() => sub("${1BAD}"), /not a valid substitution/);
    assert.throws(() => sub("${SET"), /unclosed/);
  });

  it("substitutes inside lists and maps but not in keys or non-strings", () => {
    assert.deepEqual(interpolateValue({ $SET: ["$SET", 5, true, null] }, lookup), { $SET: ["value", 5, true, null] });
  });
});
