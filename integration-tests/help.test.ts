// `boss --help` from the built binary prints help the build rendered once
// (src/cli/prerendered-help.ts); this holds it to what clipanion renders now
// from the sources, plain and coloured, so the two cannot drift apart.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bossBin } from "./harness.js";
import { runProcess } from "../test/helpers/run-process.js";
import { bossInProcess } from "../test/helpers/run-cli.js";

describe("boss --help from the build", () => {
  for (const [label, env] of [
    ["plain", { NO_COLOR: "1" }],
    ["coloured", { FORCE_COLOR: "1" }],
  ] as const) {
    it(`prints what clipanion renders from the sources (${label})`, async () => {
      const expected = await bossInProcess(["--help"], { env });
      assert.equal(expected.code, 0);
      for (const argv of [["--help"], ["-h"], []]) {
        const built = await runProcess(process.execPath, [bossBin, ...argv], {
          env: { PATH: process.env.PATH, ...env },
        });
        assert.equal(built.code, 0, `boss ${argv.join(" ")} (npm run build first): ${built.stderr}`);
        assert.equal(built.stdout, expected.stdout, `boss ${argv.join(" ")}`);
      }
    });
  }
});
