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
    description: "Start the services (or the named ones and their dependencies), each once its dependencies are ready",
    details: `
      Named services start with everything they depend on, directly or not; other services are left as they are.
      Running containers with an unchanged definition are kept, stopped ones are restarted, changed ones are replaced.
      A service that fails marks everything that depends on it as not started; independent services go on.
      A running dependent of a service that gets a new container or is restarted is restarted after it, to reconnect.
      --exclude refuses to leave out a dependency of a service that starts, naming every such service at once; a
      service both named and excluded is refused.
    `,
    examples: [
      ["Start everything", "$0 start"],
      ["Start web and worker, and what they depend on", "$0 start web worker"],
      ["Start all but two services (and nothing that needs them)", "$0 start --exclude web,worker"],
      ["Also start the services of the debug profile", "$0 start --profile debug"],
      ["Allow 60 s for each service to become ready", "$0 start --timeout 60"],
      ["Start, then sync, restart or rebuild services as their files change", "$0 start --watch"],
      ["Run the jobs (migrations, seeders) again, even those that completed", "$0 start --rerun-jobs"],
      ["Build every buildFrom image again first", "$0 start --build"],
    ],
  });

  services = Option.Rest({ name: "service" });
  exclude = Option.Array("--exclude,-e", { description: "Services not to start, comma-separated" });
  profile = Option.Array("--profile", {
    description: "Also start the services of this profile (repeatable, comma-separated; default: BOSS_PROFILES)",
  });
  timeout = Option.String("--timeout,-t", {
    description: "Seconds each service may take to become ready",
    validator: t.cascade(t.isNumber(), t.isPositive()),
  });
  rerunJobs = Option.Boolean("--rerun-jobs", false, {
    description: "Run jobs again even when they completed with the same definition",
  });
  build = Option.Boolean("--build", false, {
    description:
      "Build the images of services with buildFrom again, changed or not (a changed build context is rebuilt anyway)",
  });
  networkName = networkNameOption();
  wait = waitOption();
  watch = Option.Boolean("--watch,-w", false, { description: "Then act on file changes until Ctrl-C, as boss watch" });

  async execute(): Promise<number> {
    const project = await this.loadProject();
    const interrupt = onInterrupt((message) => this.renderer.event({ type: "notice", message }));
    try {
      const summary = await startServices(project, {
        services: this.services,
        exclude: splitList(this.exclude),
        profiles: [...activeProfiles(this.profile ?? [], this.context.env.BOSS_PROFILES)],
        timeoutSeconds: this.timeout ?? defaultStartTimeoutSeconds,
        build: this.build,
        signal: interrupt.signal,
        ...(this.rerunJobs ? { rerunJobs: true } : {}),
        ...(this.networkName ? { networkName: this.networkName } : {}),
        ...(this.wait !== undefined ? { waitSeconds: this.wait } : {}),
      });
      this.renderer.result(paintLines(startSummaryLines(summary), this.renderer.styled), {
        command: "start",
        ...summary,
      });
      const code = exitCodeOf(summary, interrupt.signal);
      if (!this.watch || code !== 0) return code;
      // Loaded only for --watch: the file watcher is most of what a plain start would load and never use.
      const { watchServices } = await import("../../orchestrator/watch/watch-services.js");
      await watchServices(project, {
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
