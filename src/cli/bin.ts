#!/usr/bin/env node
import { createRequire } from "node:module";
import { isTopLevelHelp, printPrerenderedHelp } from "./prerendered-help.js";

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
  // Answered before the commands load: scripts ask it often, and it needs nothing else (as clipanion prints it).
  const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };
  process.stdout.write(`${version}\n`);
} else if (!(isTopLevelHelp(argv) && printPrerenderedHelp())) {
  const { runCli } = await import("./cli.js");
  process.exitCode = await runCli(argv);
}
