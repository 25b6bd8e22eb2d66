import { Command, Option, UsageError } from "clipanion";
import { parse as parseShellWords } from "shell-quote";
import { splitCommandWords } from "../command-words.js";
import * as t from "typanion";
import { runOneOff } from "../../orchestrator/run-one-off.js";
import { defaultStartTimeoutSeconds } from "../../orchestrator/start.js";
import { BossCommand, networkNameOption, waitOption } from "../base-command.js";
import { onInterrupt } from "../interrupt.js";
import { terminalConsole } from "../terminal-console.js";

export class RunCommand extends BossCommand {
  static override paths = [["run"]];

  static override usage = Command.Usage({
    description: "Run a one-off container of a service, removed when it ends; its exit code becomes boss's",
    details: `
      The container has the service's image, env (interpolated), volumes and the group's network, so the other services
      answer by name; it publishes no ports. CMD (everything after the service name; \`--\` before it is optional) replaces
      the service's cmd, and --entrypoint its entrypoint; boss's own flags go before the service name. The dependencies are started
      first, as \`boss start\` would (progress goes to stderr), unless --no-deps.
      On a terminal it is interactive like \`docker run -it\`; otherwise stdin is piped in and Ctrl-C is passed on.
    `,
    examples: [
      ["A shell next to the database", "$0 run appdb sh"],
      ["A one-off command, its exit code kept", "$0 run todo npm run migrate"],
      ["Another entrypoint", "$0 run --entrypoint 'sh -c' todo 'ls /app'"],
      ["Piped input", "echo hi | $0 run --no-deps worker cat"],
    ],
  });

  noDeps = Option.Boolean("--no-deps", false, { description: "Do not start the service's dependencies first" });
  timeout = Option.String("--timeout,-t", {
    description: "Seconds each dependency may take to become ready",
    validator: t.cascade(t.isNumber(), t.isPositive()),
  });
  networkName = networkNameOption();
  wait = waitOption();
  entrypoint = Option.String("--entrypoint", {
    description: "Replaces the service's entrypoint, split into words as a shell would (quotes, no expansion)",
  });
  service = Option.String({ name: "service" });
  command = Option.Proxy({ name: "command" });

  protected override warningRenderer() {
    return this.stderrRenderer();
  }

  async execute(): Promise<number> {
    const { bossFlags, command } = splitCommandWords(this.command);
    if (bossFlags.length > 0) return this.cli.run(["run", ...bossFlags, this.service, "--", ...command], this.context);
    const project = await this.loadProject();
    const { stdin, stdout, stderr } = this.context;
    // Starting the dependencies is boss's own output: keep it off the command's stdout.
    const progress = await this.stderrRenderer();
    project.emit = (event) => progress.event(event);
    const interrupt = onInterrupt((message) => progress.event({ type: "notice", message }));
    try {
      return await runOneOff(
        project,
        {
          service: this.service,
          command,
          ...(this.entrypoint !== undefined ? { entrypoint: entrypointWords(this.entrypoint) } : {}),
          noDeps: this.noDeps,
          timeoutSeconds: this.timeout ?? defaultStartTimeoutSeconds,
          signal: interrupt.signal,
          ...(this.networkName ? { networkName: this.networkName } : {}),
          ...(this.wait !== undefined ? { waitSeconds: this.wait } : {}),
        },
        terminalConsole(stdin, stdout, stderr, () => {
          // From here Ctrl-C belongs to the command, not to starting the dependencies.
          progress.finish();
          interrupt.dispose();
        }),
      );
    } finally {
      progress.finish();
      interrupt.dispose();
    }
  }
}

/** `--entrypoint "sh -c"`: words as a shell splits them; no operators, no expansion. */
function entrypointWords(text: string): string[] {
  const words = parseShellWords(text, (key) => `$${key}`);
  if (words.length === 0 || !words.every((w): w is string => typeof w === "string")) {
    throw new UsageError(`--entrypoint "${text}": expected a program and its arguments, without shell operators`);
  }
  return words;
}
