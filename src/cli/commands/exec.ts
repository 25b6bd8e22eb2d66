import { Command, Option, UsageError } from "clipanion";
import { splitCommandWords } from "../command-words.js";
import { execInService } from "../../orchestrator/exec-in-service.js";
import { BossCommand } from "../base-command.js";
import { terminalConsole } from "../terminal-console.js";

export class ExecCommand extends BossCommand {
  static override paths = [["exec"]];

  static override usage = Command.Usage({
    description: "Run a command in a service's running container; its exit code becomes boss's",
    details: `
      On a terminal it is interactive like \`docker exec -it\` (raw mode, window size forwarded, Ctrl-C to the command);
      otherwise stdin is piped in. Without a terminal, Ctrl-C ends boss but not the command: Docker cannot signal an exec.
    `,
    examples: [
      ["A shell in the database's container", "$0 exec appdb sh"],
      [
        "One command (everything after the service is the command's; boss's flags go before it)",
        "$0 exec appdb psql -U dbuser -c 'select 1'",
      ],
    ],
  });

  service = Option.String({ name: "service" });
  command = Option.Proxy({ name: "command", required: 1 });

  protected override warningRenderer() {
    return this.stderrRenderer();
  }

  async execute(): Promise<number> {
    const { bossFlags, command } = splitCommandWords(this.command);
    if (bossFlags.length > 0) return this.cli.run(["exec", ...bossFlags, this.service, "--", ...command], this.context);
    if (command.length === 0) throw new UsageError("exec: name the command to run, e.g. boss exec appdb sh");
    const project = await this.loadProject();
    const { stdin, stdout, stderr } = this.context;
    return execInService(project, this.service, command, terminalConsole(stdin, stdout, stderr));
  }
}
