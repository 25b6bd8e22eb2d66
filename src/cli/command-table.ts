import type { CommandClass } from "clipanion";
import type { BossContext } from "./base-command.js";

type Commands = Array<CommandClass<BossContext>>;

/**
 * Each command by the first word of its path, loaded on demand. A run of
 * `boss stop` loads and parses only the stop command: loading every command's
 * module and building clipanion's parser for all of them was about a third
 * of a short command's start-up. The table must name every registered
 * command (test/cli/command-table.test.ts checks it against the full CLI).
 */
export const commandsByWord: Readonly<Record<string, () => Promise<Commands>>> = {
  start: async () => [(await import("./commands/start.js")).StartCommand],
  stop: async () => [(await import("./commands/stop.js")).StopCommand],
  reload: async () => [(await import("./commands/reload.js")).ReloadCommand],
  restart: async () => [(await import("./commands/restart.js")).RestartCommand],
  status: async () => [(await import("./commands/status.js")).StatusCommand],
  ps: async () => [(await import("./commands/status.js")).StatusCommand],
  metrics: async () => [(await import("./commands/metrics.js")).MetricsCommand],
  update: async () => [(await import("./commands/update.js")).UpdateCommand],
  watch: async () => [(await import("./commands/watch.js")).WatchCommand],
  timeline: async () => [(await import("./commands/timeline.js")).TimelineCommand],
  ui: async () => [(await import("./commands/ui.js")).UiCommand],
  ccc: async () => [(await import("./commands/ccc-init.js")).CccInitCommand],
  init: async () => [(await import("./commands/init.js")).InitCommand],
  deploy: async () => [(await import("./commands/deploy.js")).DeployCommand],
  undeploy: async () => [(await import("./commands/undeploy.js")).UndeployCommand],
  export: async () => [(await import("./commands/export-kubernetes.js")).ExportKubernetesCommand],
  logs: async () => [(await import("./commands/logs.js")).LogsCommand],
  run: async () => [(await import("./commands/run.js")).RunCommand],
  exec: async () => [(await import("./commands/exec.js")).ExecCommand],
  env: async () => [(await import("./commands/env.js")).EnvCommand],
  graph: async () => [(await import("./commands/graph.js")).GraphCommand],
};

/** Every command, in the order `boss --help` lists them. */
export async function allCommands(): Promise<Commands> {
  const words = Object.keys(commandsByWord).filter((word) => word !== "ps");
  return (await Promise.all(words.map((word) => commandsByWord[word]!()))).flat();
}
