// An in-process core whose workload is `sleep {seconds}` (as nobody when the
// tests run as root), for the hardening tests.
import { chmodSync } from "node:fs";
import { IS_ROOT } from "./fixtures-adapter.js";
import { configFrom, startTestCore, tempDir, writeFiles } from "./helpers.js";

export const EMPTY_ADAPTER = "class Empty { update() { return false; } }\nmodule.exports = { Empty };\n";

export type TestCore = Awaited<ReturnType<typeof startTestCore>> & { cleanup: () => Promise<void> };

export async function startSleepCore(env: NodeJS.ProcessEnv = {}, extraYaml = ""): Promise<TestCore> {
  const tmp = tempDir();
  chmodSync(tmp.dir, 0o755);
  writeFiles(tmp.dir, { "empty.cjs": EMPTY_ADAPTER });
  const yaml = `
adapter:
  class: empty.Empty
  primary_payload_key: seconds
  run_as_user: ${IS_ROOT ? "nobody" : "null"}
process_management:
  command: ["sleep", "{seconds}"]
  stop_timeout_seconds: 2
${extraYaml}`;
  const core = await startTestCore(configFrom(yaml, tmp.dir), env);
  return {
    ...core,
    cleanup: async () => {
      await core.shutdown();
      tmp.cleanup();
    },
  };
}

/** Nested arrays `depth` deep around a value: `[[[…1…]]]`. */
export function nested(depth: number): string {
  return `${"[".repeat(depth)}1${"]".repeat(depth)}`;
}
