import { Command, Option } from "clipanion";
import { serviceEnvironment } from "../../orchestrator/service-environment.js";
import { BossCommand } from "../base-command.js";
import { exportLines } from "../render/shell-exports.js";

export class EnvCommand extends BossCommand {
  static override paths = [["env"]];

  static override usage = Command.Usage({
    description: "Print the Context (and a service's env) as shell exports, for eval",
    details: `
      Context keys become shell names: upper case, other characters than letters, digits and _ become _, and a leading
      digit gets a _ (owner_id → OWNER_ID, db.url → DB_URL). With SERVICE, its env follows, interpolated as its container
      gets it; its names win over Context names. Values are single-quoted, so eval gives them back exactly.
      --json prints {"context": {...}, "service": "...", "env": {...}} with the keys as they are (docs/json-output.md).
    `,
    examples: [
      ["Load the values into the current shell", 'eval "$($0 env appdb)"'],
      ["For a script", "$0 env todo --json"],
    ],
  });

  service = Option.String({ name: "service", required: false });

  async execute(): Promise<number> {
    const project = await this.loadProject();
    const environment = await serviceEnvironment(project, this.service);
    const document = {
      context: environment.context,
      ...(environment.service ? { service: environment.service.name, env: environment.service.env } : {}),
    };
    const { lines, warnings } = exportLines(environment);
    // The JSON keeps every key as it is: what collides or cannot be a shell name is a warning for `eval` only.
    if (!this.json) for (const warning of warnings) this.context.stderr.write(`boss: env: ${warning}\n`);
    this.renderer.report(lines, document);
    return 0;
  }
}
