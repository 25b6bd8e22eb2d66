import { readFileSync } from "node:fs";
import { wantsColour } from "./render/wants-colour.js";

/**
 * `boss`, `boss -h` and `boss --help` print the list of commands, the same
 * text for a given boss whatever the folder. The build has clipanion render
 * it once, plain and coloured, into help.json beside the bundled bin.js;
 * printing that skips loading clipanion and every command's definition,
 * building the parser, and the ICU collation clipanion sorts commands with:
 * about half of `boss --help`'s time. From the sources (tests, tsx) there is
 * no such file, and clipanion renders as for any other command.
 */
export interface PrerenderedHelp {
  plain: string;
  coloured: string;
}

export const prerenderedHelpFile = "help.json";

export function isTopLevelHelp(argv: readonly string[]): boolean {
  return argv.length === 0 || (argv.length === 1 && (argv[0] === "--help" || argv[0] === "-h"));
}

/** Prints the prerendered help; false when there is none (run from the sources), and the caller asks clipanion. */
export function printPrerenderedHelp(): boolean {
  let help: PrerenderedHelp;
  try {
    help = JSON.parse(readFileSync(new URL(prerenderedHelpFile, import.meta.url), "utf8")) as PrerenderedHelp;
  } catch {
    return false;
  }
  const colour = wantsColour({ stream: process.stdout, env: process.env });
  process.stdout.write(colour ? help.coloured : help.plain);
  return true;
}
