import { Command, Option } from "clipanion";
import * as t from "typanion";
import { defaultStartTimeoutSeconds } from "../../orchestrator/start.js";
import { watchServices } from "../../orchestrator/watch/watch-services.js";
import { BossCommand, waitOption } from "../base-command.js";
import { onInterrupt } from "../interrupt.js";

export class WatchCommand extends BossCommand {
  static override paths = [["watch"]];

  static override usage = Command.Usage({
    description: "Act on file changes: sync them into containers, restart or rebuild services",
    details: `
      Watches the paths of each service's watch rules (or of the services named) until Ctrl-C. A burst of changes is one
      action; one service's actions never overlap. sync copies changed files into the running container (and deletes
      deleted ones), rebuild rebuilds the image and replaces the container as boss reload does, sync+restart syncs and
      then restarts the container, restart restarts it. .git, editors' temporary files, the rule's ignore patterns and
      the build context's .dockerignore are ignored. A failed rebuild keeps the running container; the watch goes on.
    `,
    examples: [
      ["Watch every service that has watch rules", "$0 watch"],
      ["Watch one", "$0 watch todo"],
      ["Start, then watch", "$0 start --watch"],
    ],
  });

  services = Option.Rest({ name: "service" });
  timeout = Option.String("--timeout,-t", {
    description: "Seconds a rebuilt service may take to become ready",
    validator: t.cascade(t.isNumber(), t.isPositive()),
  });
  wait = waitOption();

  async execute(): Promise<number> {
    const project = await this.loadProject();
    const interrupt = onInterrupt(() =>
      this.renderer.event({
        type: "notice",
        message: "ending the watch once the action under way ends (again to quit now)",
      }),
    );
    try {
      await watchServices(project, {
        services: this.services,
        signal: interrupt.signal,
        timeoutSeconds: this.timeout ?? defaultStartTimeoutSeconds,
        ...(this.wait !== undefined ? { waitSeconds: this.wait } : {}),
      });
      return 0;
    } finally {
      interrupt.dispose();
    }
  }
}
