import { Command, Option } from "clipanion";
import { ExitCode } from "../../errors.js";
import { undeployServices } from "../../orchestrator/deploy/undeploy.js";
import { undeploySummaryLines } from "../../report/deploy-summary-lines.js";
import { BossCommand, waitOption } from "../base-command.js";
import { paintLines } from "../render/summaries.js";

export class UndeployCommand extends BossCommand {
  static override paths = [["undeploy"]];

  static override usage = Command.Usage({
    description: "Remove the group's Swarm services and its overlay network (and, with --volumes, its named volumes)",
    details: `
      Removes every Swarm service labelled with the group, waits for their tasks to stop (each gets its stop signal
      and grace period), then removes the overlay network boss-<group>. Named volumes stay unless --volumes is given;
      it removes them on this node (other nodes keep theirs). Nothing without the group's labels is touched.
    `,
    examples: [
      ["Remove the deployment, keep the data", "$0 undeploy"],
      ["Remove it all, the data in named volumes too", "$0 undeploy --volumes"],
    ],
  });

  volumes = Option.Boolean("--volumes,-v", false, { description: "Also remove the group's named volumes" });
  host = Option.String("--host,-H", { description: "The swarm manager's engine (default: DOCKER_HOST)" });
  wait = waitOption();

  async execute(): Promise<number> {
    const onSwarm = await this.projectOnSwarm(this.host);
    if (!onSwarm) return ExitCode.userError;
    const { project, swarm } = onSwarm;
    const summary = await undeployServices(project, swarm, {
      volumes: this.volumes,
      ...(this.wait !== undefined ? { waitSeconds: this.wait } : {}),
    });
    this.renderer.result(paintLines(undeploySummaryLines(summary), this.renderer.styled), {
      command: "undeploy",
      ...summary,
    });
    return ExitCode.ok;
  }
}
