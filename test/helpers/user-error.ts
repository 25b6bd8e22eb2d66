import assert from "node:assert/strict";
import { inspect } from "node:util";
import { ExitCode, UserError } from "../../src/errors.js";

/**
 * Runs `action`, expects a UserError (exit code 2) whose message contains every
 * one of `parts`, and returns it for further checks.
 */
export async function expectUserError(action: () => unknown, parts: readonly string[]): Promise<UserError> {
  let thrown: unknown;
  try {
    await action();
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown !== undefined, `expected a UserError containing ${JSON.stringify(parts)}, but nothing was thrown`);
  assert.ok(thrown instanceof UserError, `expected a UserError, got ${inspect(thrown)}`);
  assert.equal(thrown.exitCode, ExitCode.userError);
  for (const part of parts) {
    assert.ok(thrown.message.includes(part), `message ${JSON.stringify(thrown.message)} lacks ${JSON.stringify(part)}`);
  }
  return thrown;
}
