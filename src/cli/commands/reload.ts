import { Command, Option } from "clipanion";
import * as t from "typanion";
import { reloadService } from "../../orchestrator/reload.js";
import { defaultStartTimeoutSeconds } from "../../orchestrator/start.js";
import { exitCodeOf } from "../../orchestrator/outcome.js";
import { BossCommand, networkNameOption, waitOption } from "../base-command.js";
import { onInterrupt } from "../interrupt.js";
import { startSummaryLines } from "../../report/summary-lines.js";
import { paintLines } from "../render/summaries.js";

export class ReloadCommand extends BossCommand {
  static override paths = [["reload"]];

  static override usage = Command.Usage({
    description: "Rebuild services' images and restart them and the services that depend on them",
    details: `
      Needs each service's buildFrom. The builds come first: if one fails, nothing is stopped.
      A dependent of several reloaded services is stopped and started once.
      The service gets a new container (preStart, ping, postStart); its running dependents are stopped before it and
      started again after it. Services that were not running stay that way.
    `,
    examples: [
      ["Rebuild and restart the todo app", "$0 reload todo"],
      ["Rebuild two services at once", "$0 reload api web"],
      ["Also recreate the dependents' containers", "$0 reload todo --remove"],
    ],
  });

  services = Option.Rest({ name: "service", required: 1 });
  remove = Option.Boolean("--remove,-r", false, {
    description: "Recreate the dependents' containers instead of restarting them",
  });
  timeout = Option.String("--timeout,-t", {
    description: "Seconds each service may take to become ready",
    validator: t.cascade(t.isNumber(), t.isPositive()),
  });

  networkName = networkNameOption();
  wait = waitOption();

  async execute(): Promise<number> {
    const project = await this.loadProject();
    const interrupt = onInterrupt((message) => this.renderer.event({ type: "notice", message }));
    try {
      const summary = await reloadService(project, this.services, {
        remove: this.remove,
        timeoutSeconds: this.timeout ?? defaultStartTimeoutSeconds,
        signal: interrupt.signal,
        ...(this.networkName ? { networkName: this.networkName } : {}),
        ...(this.wait !== undefined ? { waitSeconds: this.wait } : {}),
      });
      this.renderer.result(paintLines(startSummaryLines(summary), this.renderer.styled), {
        command: "reload",
        ...summary,
      });
      return exitCodeOf(summary, interrupt.signal);
    } finally {
      interrupt.dispose();
    }
  }
}
