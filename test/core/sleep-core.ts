// An in-process core whose workload is `sleep {seconds}` (as nobody when the
// tests run as root), for the hardening tests.
import { chmodSync } from "node:fs";
import { IS_ROOT } from "./fixtures-adapter.js";
import { makeTempDir } from "../helpers/temp-dir.js";
import { configFrom, startTestCore, writeFiles } from "./helpers.js";

export const EMPTY_ADAPTER = "class Empty { update() { return false; } }\nmodule.exports = { Empty };\n";

export type TestCore = Awaited<ReturnType<typeof startTestCore>> & { cleanup: () => Promise<void> };

export async function startSleepCore(env: NodeJS.ProcessEnv = {}, extraYaml = ""): Promise<TestCore> {
  const tmp = makeTempDir();
  chmodSync(tmp.path, 0o755);
  writeFiles(tmp.path, { "empty.cjs": EMPTY_ADAPTER });
  const yaml = `
adapter:
  class: empty.Empty
  primary_payload_key: seconds
  run_as_user: ${IS_ROOT ? "nobody" : "null"}
process_management:
  command: ["sleep", "{seconds}"]
  stop_timeout_seconds: 2
${extraYaml}`;
  const core = await startTestCore(configFrom(yaml, tmp.path), env);
  return {
    ...core,
    cleanup: async () => {
      await core.shutdown();
      tmp.remove();
    },
  };
}

/** Nested arrays `depth` deep around a value: `[[[…1…]]]`. */
export function nested(depth: number): string {
  return `${"[".repeat(depth)}1${"]".repeat(depth)}`;
}
