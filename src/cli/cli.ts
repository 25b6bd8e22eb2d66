import { Builtins, Cli, type CommandClass } from "clipanion";
import { createRequire } from "node:module";
import { ExitCode } from "../errors.js";
import type { BossContext } from "./base-command.js";
import { allCommands, commandsByWord } from "./command-table.js";
import { wantsColour } from "./render/wants-colour.js";

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

/**
 * `colour`: whether help and clipanion's own messages may be coloured. Set, it
 * overrides clipanion's guess, which looks at TERM but not at whether stdout
 * is a terminal (so `boss --help | less` got escape codes).
 */
export function buildCli(commands: ReadonlyArray<CommandClass<BossContext>>, colour = false): Cli<BossContext> {
  const cli = new Cli<BossContext>({
    binaryLabel: "boss",
    binaryName: "boss",
    binaryVersion: version,
    enableColors: colour,
  });
  for (const command of [...commands, Builtins.HelpCommand, Builtins.VersionCommand]) {
    cli.register(command);
  }
  return cli;
}

/** Runs boss with `argv`; returns the exit code. Parse errors go to stderr with exit code 2. */
export async function runCli(argv: string[], context: Partial<BossContext> = {}): Promise<number> {
  const given: BossContext = { ...Cli.defaultContext, cwd: process.cwd(), ...context };
  // One decision for help and for the renderers (which make it again from the same stdout and env).
  const colour = wantsColour({ stream: given.stdout, env: given.env });
  const full: BossContext = { ...given, colorDepth: colour ? 8 : 1 };
  // The command named by the first word alone, when it parses; else every command, for the help or error text
  // that may name the others.
  const only = argv[0] !== undefined && Object.hasOwn(commandsByWord, argv[0]) ? commandsByWord[argv[0]] : undefined;
  if (only) {
    const cli = buildCli(await only(), colour);
    const command = parsed(cli, argv, full);
    if (command) return cli.run(command, full);
  }
  const cli = buildCli(await allCommands(), colour);
  let command;
  try {
    command = cli.process(argv, full);
  } catch (error) {
    full.stderr.write(cli.error(error, { colored: false }));
    return ExitCode.userError;
  }
  return cli.run(command, full);
}

function parsed(cli: Cli<BossContext>, argv: string[], context: BossContext) {
  try {
    return cli.process(argv, context);
  } catch {
    return undefined;
  }
}
