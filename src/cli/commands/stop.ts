import { Command, Option } from "clipanion";
import * as t from "typanion";
import { ExitCode } from "../../errors.js";
import { defaultStopTimeoutSeconds, stopServices } from "../../orchestrator/stop.js";
import { BossCommand, splitList } from "../base-command.js";
import { stopSummaryLines } from "../render/summaries.js";

export class StopCommand extends BossCommand {
  static override paths = [["stop"]];

  static override usage = Command.Usage({
    description: "Stop the services, dependents before their dependencies",
    details: `
      Each container gets its service's stop signal, then SIGKILL after the timeout.
      With --remove, the containers go too, and when nothing is excluded also the group's network and .boss-context.
    `,
    examples: [
      ["Stop everything", "$0 stop"],
      ["Stop and remove containers, network and context", "$0 stop --remove"],
      ["Keep the database running", "$0 stop --exclude appdb"],
    ],
  });

  exclude = Option.Array("--exclude,-e", { description: "Services to leave running, comma-separated" });
  remove = Option.Boolean("--remove,-r", false, {
    description: "Also remove containers, the network and the context file",
  });
  timeout = Option.String("--timeout,-t", {
    description: "Seconds to wait after the stop signal before SIGKILL",
    validator: t.cascade(t.isNumber(), t.isPositive()),
  });

  async execute(): Promise<number> {
    const project = await this.loadProject();
    const summary = await stopServices(project, {
      exclude: splitList(this.exclude),
      remove: this.remove,
      timeoutSeconds: this.timeout ?? defaultStopTimeoutSeconds,
    });
    this.renderer.result(stopSummaryLines(summary, this.remove, this.renderer.styled), { command: "stop", ...summary });
    return summary.failed.length || summary.hookFailures.length ? ExitCode.serviceFailed : ExitCode.ok;
  }
}
