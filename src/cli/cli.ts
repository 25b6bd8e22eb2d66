import { Builtins, Cli } from "clipanion";
import { createRequire } from "node:module";
import { ExitCode } from "../errors.js";
import type { BossContext } from "./base-command.js";
import { CccInitCommand } from "./commands/ccc-init.js";
import { DeployCommand } from "./commands/deploy.js";
import { UndeployCommand } from "./commands/undeploy.js";
import { everydayCommands } from "./commands/everyday.js";
import { InitCommand } from "./commands/init.js";
import { MetricsCommand } from "./commands/metrics.js";
import { ReloadCommand } from "./commands/reload.js";
import { RestartCommand } from "./commands/restart.js";
import { StartCommand } from "./commands/start.js";
import { StatusCommand } from "./commands/status.js";
import { StopCommand } from "./commands/stop.js";
import { UpdateCommand } from "./commands/update.js";
import { TimelineCommand } from "./commands/timeline.js";
import { WatchCommand } from "./commands/watch.js";
import { wantsColour } from "./render/wants-colour.js";

const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

/**
 * `colour`: whether help and clipanion's own messages may be coloured. Set, it
 * overrides clipanion's guess, which looks at TERM but not at whether stdout
 * is a terminal (so `boss --help | less` got escape codes).
 */
export function buildCli(colour = false): Cli<BossContext> {
  const cli = new Cli<BossContext>({
    binaryLabel: "boss",
    binaryName: "boss",
    binaryVersion: version,
    enableColors: colour,
  });
  for (const command of [
    StartCommand,
    StopCommand,
    ReloadCommand,
    RestartCommand,
    StatusCommand,
    MetricsCommand,
    UpdateCommand,
    WatchCommand,
    TimelineCommand,
    DeployCommand,
    UndeployCommand,
    CccInitCommand,
    InitCommand,
    ...everydayCommands,
    Builtins.HelpCommand,
    Builtins.VersionCommand,
  ]) {
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
  const cli = buildCli(colour);
  let command;
  try {
    command = cli.process(argv, full);
  } catch (error) {
    full.stderr.write(cli.error(error, { colored: false }));
    return ExitCode.userError;
  }
  return cli.run(command, full);
}
