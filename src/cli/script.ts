import { isLoadingServicesFile } from "../model/loading-flag.js";

/**
 * Makes a services file a command-line tool of its own: end the file with
 * `cli()` and run it with `tsx boss.ts start` (or stop, reload …). The CLI is
 * loaded only then: a services file that boss loads pays nothing for it.
 */
export function cli(): void {
  if (isLoadingServicesFile()) return; // imported by boss or loadGroup(), not run as a script
  const scriptFile = process.argv[1];
  // Deferred: the services file is still being evaluated when it calls cli().
  setImmediate(() => {
    import("./cli.js")
      .then(({ runCli }) => runCli(process.argv.slice(2), scriptFile ? { scriptFile } : {}))
      .then(
        (code) => {
          process.exitCode = code;
        },
        (error: unknown) => {
          console.error(error);
          process.exitCode = 1;
        },
      );
  });
}
