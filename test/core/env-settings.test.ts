// CCC_TOKEN, CCC_PORT and CCC_HOST: a value that is set but unusable stops the
// core with one line naming it (an empty token used to disable auth silently,
// a token with spaces locked everyone out, an empty port meant "any port").
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError } from "../../src/core/config/config-error.js";
import { readEnvSettings } from "../../src/core/env-settings.js";

const refuses = (env: NodeJS.ProcessEnv, pattern: RegExp): void => {
  assert.throws(
    () => readEnvSettings(env),
    (error: unknown) => error instanceof ConfigError && pattern.test(error.message),
  );
};

describe("environment settings", () => {
  it("defaults: no token, port 8080, all interfaces", () => {
    assert.deepEqual(readEnvSettings({}), { token: null, port: 8080, host: "0.0.0.0" });
    assert.equal(readEnvSettings({ CCC_PORT: "0" }).port, 0, "0 still asks for any free port, explicitly");
  });

  it("refuses an empty CCC_TOKEN instead of running without authentication", () => {
    refuses(
      { CCC_TOKEN: "" },
      /^environment: CCC_TOKEN: expected a non-empty token .*unset it for no authentication.*found an empty value$/,
    );
  });

  it("refuses a token with spaces or control characters, without printing it", () => {
    for (const token of [" s3cret", "s3cret\n", "s3 cret", "\ts3cret"]) {
      refuses({ CCC_TOKEN: token }, /CCC_TOKEN: .*found a value with spaces or control characters$/);
      try {
        readEnvSettings({ CCC_TOKEN: token });
      } catch (error) {
        assert.ok(!(error as Error).message.includes("s3"), "the secret is not in the message");
      }
    }
    assert.equal(readEnvSettings({ CCC_TOKEN: "s3cret" }).token, "s3cret");
  });

  it("refuses an empty or malformed CCC_PORT and an empty CCC_HOST", () => {
    for (const port of ["", " ", "8080 ", "abc", "65536", "-1", "1e3"])
      refuses({ CCC_PORT: port }, /CCC_PORT: expected a port number/);
    refuses({ CCC_HOST: "" }, /CCC_HOST: expected an address/);
  });
});
