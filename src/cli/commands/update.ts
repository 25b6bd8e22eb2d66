import { Command, Option } from "clipanion";
import { ExitCode } from "../../errors.js";
import { parseAssignments, updateService } from "../../orchestrator/ccc/core-commands.js";
import { BossCommand } from "../base-command.js";

export class UpdateCommand extends BossCommand {
  static override paths = [["update"]];

  static override usage = Command.Usage({
    description: "Change a controlled service's workload live through its core (POST /api/update)",
    details: `
      Values are JSON when they parse as JSON (numbers, true, {...}), else strings.
      Exit code 1 when the core says the update is unsupported (409) or the workload is not running (400).
    `,
    examples: [
      ["Shape the bandwidth to 5 Mbit/s", "$0 update loadgen bandwidth_limit=5"],
      ["Several values at once", "$0 update loadgen threads=4 target_url=http://api:8080"],
    ],
  });

  service = Option.String({ name: "service" });
  values = Option.Rest({ required: 1, name: "key=value" });

  async execute(): Promise<number> {
    const values = parseAssignments(this.values);
    const project = await this.loadProject();
    const result = await updateService(project, this.service, values);
    if (!result.applied) {
      this.renderer.error(`${this.service}: update not supported: ${result.message}`);
      return ExitCode.serviceFailed;
    }
    this.renderer.result([`${this.service}: applied ${JSON.stringify(values)}`], {
      command: "update",
      service: this.service,
      ...result,
    });
    return ExitCode.ok;
  }
}
