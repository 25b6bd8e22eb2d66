import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { exportLines, shellName, shellQuote } from "../../../src/cli/render/shell-exports.js";

/** What `sh` prints for `$NAME` after eval-ing `lines`. */
function evalInShell(lines: string[], names: string[]): string[] {
  const script = `eval "$1"; ${names.map((n) => `printf '%s\\0' "$${n}"`).join("; ")}`;
  const result = spawnSync("sh", ["-c", script, "sh", lines.join("\n")], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.split("\0").slice(0, -1);
}

describe("shellName", () => {
  it("upper-cases, turns other characters into _, and guards a leading digit", () => {
    assert.equal(shellName("owner_id"), "OWNER_ID");
    assert.equal(shellName("db.url"), "DB_URL");
    assert.equal(shellName("api-key"), "API_KEY");
    assert.equal(shellName("2fa-key"), "_2FA_KEY");
    assert.equal(shellName("grün"), "GR_N");
  });
});

describe("shellQuote", () => {
  it("single-quotes, closing and escaping a quote inside", () => {
    assert.equal(shellQuote("plain"), "'plain'");
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.equal(shellQuote(""), "''");
  });

  it("gives back exactly the value when a shell evals it, whatever it holds", () => {
    const values = ["it's", "$HOME `id` $(id) \\n", 'say "hi"', "two\nlines", "  spaces  ", "*", "'", "''", "ü€"];
    const lines = values.map((v, i) => `export V${i}=${shellQuote(v)}`);
    assert.deepEqual(
      evalInShell(
        lines,
        values.map((_, i) => `V${i}`),
      ),
      values,
    );
  });
});

describe("exportLines", () => {
  it("writes the Context (JSON values as JSON) then the service's env, which wins", () => {
    const { lines, warnings } = exportLines({
      context: { owner_id: "o-1", count: 3, flags: { a: true }, OWNER: "from context" },
      service: { name: "todo", env: { OWNER: "o-1", DB_URI: "postgresql://db/app" } },
    });
    assert.deepEqual(lines, [
      "export OWNER_ID='o-1'",
      "export COUNT='3'",
      `export FLAGS='{"a":true}'`,
      "export OWNER='o-1'",
      "export DB_URI='postgresql://db/app'",
    ]);
    assert.deepEqual(warnings, ['OWNER: todo env replaces context key "OWNER"']);
  });

  it("reports two Context keys that map to one name, and leaves out env names a shell cannot hold", () => {
    const { lines, warnings } = exportLines({
      context: { "a-b": "1", a_b: "2" },
      service: { name: "web", env: { "odd.name": "x" } },
    });
    assert.deepEqual(lines, ["export A_B='2'"]);
    assert.deepEqual(warnings, [
      'A_B: context key "a_b" replaces context key "a-b"',
      "odd.name: not a shell variable name; left out (the container still gets it)",
    ]);
  });
});
