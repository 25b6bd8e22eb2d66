import { Command, Option } from "clipanion";
import * as t from "typanion";
import { defaultStartTimeoutSeconds, startServices } from "../../orchestrator/start.js";
import { exitCodeOf } from "../../orchestrator/outcome.js";
import { BossCommand, networkNameOption, splitList, waitOption } from "../base-command.js";
import { onInterrupt } from "../interrupt.js";
import { startSummaryLines } from "../../report/summary-lines.js";
import { paintLines } from "../render/summaries.js";
import { activeProfiles } from "../../model/profiles.js";

export class StartCommand extends BossCommand {
  static override paths = [["start"]];

  static override usage = Command.Usage({
    description: "Start the services, each as soon as its dependencies are ready",
    details: `
      Running containers with an unchanged definition are kept, stopped ones are restarted, changed ones are replaced.
      A service that fails marks everything that depends on it as not started; independent services go on.
    `,
    examples: [
      ["Start everything", "$0 start"],
      ["Start all but two services (and nothing that needs them)", "$0 start --exclude web,worker"],
      ["Also start the services of the debug profile", "$0 start --profile debug"],
      ["Allow 60 s for each service to become ready", "$0 start --timeout 60"],
    ],
  });

  exclude = Option.Array("--exclude,-e", { description: "Services not to start, comma-separated" });
  profile = Option.Array("--profile", {
    description: "Also start the services of this profile (repeatable, comma-separated; default: BOSS_PROFILES)",
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
      const summary = await startServices(project, {
        exclude: splitList(this.exclude),
        profiles: [...activeProfiles(this.profile ?? [], this.context.env.BOSS_PROFILES)],
        timeoutSeconds: this.timeout ?? defaultStartTimeoutSeconds,
        signal: interrupt.signal,
        ...(this.networkName ? { networkName: this.networkName } : {}),
        ...(this.wait !== undefined ? { waitSeconds: this.wait } : {}),
      });
      this.renderer.result(paintLines(startSummaryLines(summary), this.renderer.styled), {
        command: "start",
        ...summary,
      });
      return exitCodeOf(summary, interrupt.signal);
    } finally {
      interrupt.dispose();
    }
  }
}
