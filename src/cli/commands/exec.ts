import { Command, Option } from "clipanion";
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
      ["A shell in the database's container", "$0 exec appdb -- sh"],
      ["One command", "$0 exec appdb -- psql -U dbuser -c 'select 1'"],
    ],
  });

  service = Option.String({ name: "service" });
  command = Option.Rest({ name: "command", required: 1 });

  async execute(): Promise<number> {
    const project = await this.loadProject();
    const { stdin, stdout, stderr } = this.context;
    return execInService(project, this.service, this.command, terminalConsole(stdin, stdout, stderr));
  }
}
