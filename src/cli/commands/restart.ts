import { Command, Option } from "clipanion";
import * as t from "typanion";
import { restartServices } from "../../orchestrator/restart.js";
import { defaultStartTimeoutSeconds } from "../../orchestrator/start.js";
import { exitCodeOf } from "../../orchestrator/outcome.js";
import { BossCommand, networkNameOption, waitOption } from "../base-command.js";
import { onInterrupt } from "../interrupt.js";
import { startSummaryLines } from "../../report/summary-lines.js";
import { paintLines } from "../render/summaries.js";

export class RestartCommand extends BossCommand {
  static override paths = [["restart"]];

  static override usage = Command.Usage({
    description: "Stop and start again services and the services that depend on them",
    details: `
      The named services and their running dependents are stopped (dependents first), then started again
      (dependencies first). Each keeps its container unless its definition changed; then it is recreated, as start
      does. The named services' dependencies are started if they are not running and left alone if they are.
      Dependents that were not running stay that way. No image is built: that is reload.
    `,
    examples: [
      ["Restart web and what depends on it", "$0 restart web"],
      ["Restart two services; a dependent of both restarts once", "$0 restart api worker"],
    ],
  });

  services = Option.Rest({ name: "service", required: 1 });
  timeout = Option.String("--timeout,-t", {
    description: "Seconds each service may take to become ready",
    validator: t.cascade(t.isNumber(), t.isPositive()),
  });
  stopTimeout = Option.String("--stop-timeout", {
    description: "Seconds to wait after the stop signal before SIGKILL",
    validator: t.cascade(t.isNumber(), t.isPositive()),
  });

  networkName = networkNameOption();
  wait = waitOption();

  async execute(): Promise<number> {
    const project = await this.loadProject();
    const interrupt = onInterrupt((message) => this.renderer.event({ type: "notice", message }));
    try {
      const summary = await restartServices(project, this.services, {
        timeoutSeconds: this.timeout ?? defaultStartTimeoutSeconds,
        signal: interrupt.signal,
        ...(this.stopTimeout !== undefined ? { stopTimeoutSeconds: this.stopTimeout } : {}),
        ...(this.networkName ? { networkName: this.networkName } : {}),
        ...(this.wait !== undefined ? { waitSeconds: this.wait } : {}),
      });
      this.renderer.result(paintLines(startSummaryLines(summary), this.renderer.styled), {
        command: "restart",
        ...summary,
      });
      return exitCodeOf(summary, interrupt.signal);
    } finally {
      interrupt.dispose();
    }
  }
}
