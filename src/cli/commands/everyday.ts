import { EnvCommand } from "./env.js";
import { ExecCommand } from "./exec.js";
import { GraphCommand } from "./graph.js";
import { LogsCommand } from "./logs.js";
import { RunCommand } from "./run.js";

/** The commands used around start and stop many times a day (registered together in cli.ts). */
export const everydayCommands = [LogsCommand, RunCommand, ExecCommand, EnvCommand, GraphCommand];
