import { Command, Option } from "clipanion";
import * as t from "typanion";
import { ExitCode } from "../../errors.js";
import { serviceLogs } from "../../orchestrator/service-logs.js";
import { BossCommand, swarmOf } from "../base-command.js";
import { swarmServiceLogs } from "../../orchestrator/deploy/swarm-logs.js";
import { swarmToShow } from "./swarm-status-table.js";
import { parseSince } from "../parse-since.js";
import { LogPrinter } from "../render/log-printer.js";

export class LogsCommand extends BossCommand {
  static override paths = [["logs"]];

  static override usage = Command.Usage({
    description: "Show the services' output, each line prefixed with its service's name",
    details: `
      A container's stdout goes to stdout and its stderr to stderr. Without SERVICE, every service.
      With --follow, boss keeps printing until Ctrl-C (which ends it with exit code 0), and picks a service up again
      when its container is restarted or replaced (boss reload). \`boss run\` containers are not shown.
      Here -f means --follow: name the services file with --file.
    `,
    examples: [
      ["Everything so far", "$0 logs"],
      ["Follow two services, starting from their last 10 lines", "$0 logs -f --tail 10 appdb todo"],
      ["The last five minutes, with timestamps", "$0 logs --since 5m --timestamps"],
    ],
  });

  // -f is --follow here, as in `docker logs -f`; the services file is still --file.
  override file = Option.String("--file", { description: "Services file (default: boss.ts … here)" });
  follow = Option.Boolean("-f,--follow", false, { description: "Keep printing new output until Ctrl-C" });
  tail = Option.String("--tail,-n", {
    description: "Only the last N lines of each service (then new ones, with --follow)",
    validator: t.cascade(t.isNumber(), [t.isInteger(), t.isAtLeast(0)]),
  });
  since = Option.String("--since", {
    description: "Only output since a duration ago (90s, 10m, 1h30m) or a time (2024-05-01T12:00:00Z)",
  });
  timestamps = Option.Boolean("--timestamps,-t", false, { description: "Prefix each line with Docker's timestamp" });
  swarm = Option.Boolean("--swarm", false, {
    description: "The Swarm services' output (the default when the group is deployed and has no containers)",
  });
  services = Option.Rest({ name: "service" });

  async execute(): Promise<number> {
    const since = this.since === undefined ? undefined : parseSince(this.since);
    const project = await this.loadProject();
    const { stderr } = this.context;
    // Notices ("no container") must not mix with the output a script may be reading.
    project.emit = (event) => {
      if (event.type === "notice") stderr.write(`boss: ${event.message}\n`);
    };
    const names = this.services.length ? this.services : project.graph.names;
    const printer = new LogPrinter({ services: names, renderer: this.renderer });
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    try {
      const request = {
        services: this.services,
        follow: this.follow,
        timestamps: this.timestamps,
        signal: controller.signal,
        ...(this.tail !== undefined ? { tail: this.tail } : {}),
        ...(since !== undefined ? { since } : {}),
      };
      const swarm = await swarmToShow(project, this.swarm, () => swarmOf(this.context, project.client));
      if (swarm) {
        await swarmServiceLogs(project, swarm, request, printer);
        return ExitCode.ok;
      }
      await serviceLogs(project, request, printer);
    } finally {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
    }
    return ExitCode.ok;
  }
}
