// Entry point of the bundled core (`node ccc-core.cjs`), and of its helper mode
// that runs a command as another user (see process/run-as.ts).
import { ConfigError } from "./config/config-error.js";
import { messageOf } from "./errors.js";
import { RUN_AS_FLAG, runAsHelper } from "./process/run-as.js";
import { startCore } from "./run-core.js";

declare const CCC_VERSION: string | undefined;

function main(): void {
  if (process.argv[2] === RUN_AS_FLAG) {
    runAsHelper(process.argv.slice(3));
    return;
  }
  // Bad input must never kill the core: log what escaped and keep serving.
  process.on("uncaughtException", (error) => process.stdout.write(`ccc: uncaught: ${error.stack ?? String(error)}\n`));
  process.on("unhandledRejection", (error) => process.stdout.write(`ccc: unhandled rejection: ${messageOf(error)}\n`));
  startCore({ handleSignals: true, version: typeof CCC_VERSION === "string" ? CCC_VERSION : "dev" }).catch(
    (error: unknown) => {
      // One line that names the key and what was expected; no stack for a user's mistake.
      const line = error instanceof ConfigError ? error.message : `cannot start: ${messageOf(error)}`;
      process.stderr.write(`ccc: ${line.replace(/\n/g, " ")}\n`);
      process.exit(error instanceof ConfigError ? 2 : 1);
    },
  );
}

main();
