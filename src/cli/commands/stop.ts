import { Command, Option } from "clipanion";
import * as t from "typanion";
import { stopServices } from "../../orchestrator/stop.js";
import { exitCodeOf } from "../../orchestrator/outcome.js";
import { BossCommand, networkNameOption, splitList, waitOption } from "../base-command.js";
import { onInterrupt } from "../interrupt.js";
import { stopSummaryLines } from "../../report/summary-lines.js";
import { paintLines } from "../render/summaries.js";

export class StopCommand extends BossCommand {
  static override paths = [["stop"]];

  static override usage = Command.Usage({
    description: "Stop the services (or the named ones and their dependents), dependents before their dependencies",
    details: `
      Named services stop with everything that depends on them, directly or not; other services keep running.
      Each container gets its stop signal (the service's, else the image's STOPSIGNAL), then SIGKILL after the timeout.
      With --remove, the containers go too (and their anonymous volumes: the output names them), and when nothing is
      excluded or named also the group's network and .boss-context. Named volumes stay unless --volumes is given too.
      --exclude refuses to keep a service running whose dependency stops, naming every such dependency at once.
    `,
    examples: [
      ["Stop everything", "$0 stop"],
      ["Stop web and what depends on it", "$0 stop web"],
      ["Stop and remove containers, network and context (named volumes stay)", "$0 stop --remove"],
      ["Remove everything, the data in named volumes too", "$0 stop --remove --volumes"],
      ["Keep the database running", "$0 stop --exclude appdb"],
    ],
  });

  services = Option.Rest({ name: "service" });
  exclude = Option.Array("--exclude,-e", { description: "Services to leave running, comma-separated" });
  remove = Option.Boolean("--remove,-r", false, {
    description: "Also remove containers (with their anonymous volumes), the network and the context file",
  });
  volumes = Option.Boolean("--volumes,-v", false, {
    description: "With --remove: also remove the group's named volumes and the data in them",
  });
  timeout = Option.String("--timeout,-t", {
    description:
      "Seconds to wait after the stop signal before SIGKILL (default: each service's stopGracePeriod, else 10)",
    validator: t.cascade(t.isNumber(), t.isPositive()),
  });

  networkName = networkNameOption();
  wait = waitOption();

  async execute(): Promise<number> {
    const project = await this.loadProject();
    const interrupt = onInterrupt((message) => this.renderer.event({ type: "notice", message }));
    try {
      const summary = await stopServices(project, {
        services: this.services,
        exclude: splitList(this.exclude),
        remove: this.remove,
        volumes: this.volumes,
        ...(this.timeout !== undefined ? { timeoutSeconds: this.timeout } : {}),
        signal: interrupt.signal,
        ...(this.networkName ? { networkName: this.networkName } : {}),
        ...(this.wait !== undefined ? { waitSeconds: this.wait } : {}),
      });
      this.renderer.result(paintLines(stopSummaryLines(summary, this.remove), this.renderer.styled), {
        command: "stop",
        ...summary,
      });
      return exitCodeOf(summary, interrupt.signal);
    } finally {
      interrupt.dispose();
    }
  }
}
