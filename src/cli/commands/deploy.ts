import { Command, Option } from "clipanion";
import * as t from "typanion";
import { ExitCode } from "../../errors.js";
import { defaultDeployTimeoutSeconds, deployServices } from "../../orchestrator/deploy/deploy.js";
import { exitCodeOf } from "../../orchestrator/outcome.js";
import { deploySummaryLines } from "../../report/deploy-summary-lines.js";
import { BossCommand, splitList, waitOption } from "../base-command.js";
import { onInterrupt } from "../interrupt.js";
import { paintLines } from "../render/summaries.js";

export class DeployCommand extends BossCommand {
  static override paths = [["deploy"]];

  static override usage = Command.Usage({
    description: "Deploy the services to a Docker Swarm, each once its dependencies are ready (hooks run here)",
    details: `
      Each service becomes a Swarm service on the attachable overlay network boss-<group>, with its env (Context
      interpolated), ports, named volumes, stop signal and grace period, replicas and swarm options. preStart, ping and
      postStart run on this machine, as with boss start. Deploying again keeps unchanged services and updates changed
      ones in place (a rolling update). The engine (DOCKER_HOST, or --host) must be a swarm manager. See docs/swarm.md.
    `,
    examples: [
      ["Deploy the group to the swarm this engine manages", "$0 deploy"],
      ["Push built images to a registry the nodes can pull from first", "$0 deploy --registry registry.example:5000"],
      ["Deploy to another manager", "$0 deploy --host tcp://manager.example:2376"],
    ],
  });

  services = Option.Rest({ name: "service" });
  exclude = Option.Array("--exclude,-e", { description: "Services not to deploy, comma-separated" });
  registry = Option.String("--registry", {
    description: "Tag built images <registry>/<image> and push them there, for every node to pull",
  });
  host = Option.String("--host,-H", { description: "The swarm manager's engine (default: DOCKER_HOST)" });
  timeout = Option.String("--timeout,-t", {
    description: "Seconds each service may take to have its tasks running and its ping passing",
    validator: t.cascade(t.isNumber(), t.isPositive()),
  });
  build = Option.Boolean("--build", false, { description: "Build every buildFrom image again first" });
  wait = waitOption();

  async execute(): Promise<number> {
    const onSwarm = await this.projectOnSwarm(this.host);
    if (!onSwarm) return ExitCode.userError;
    const { project, swarm } = onSwarm;
    const interrupt = onInterrupt((message) => this.renderer.event({ type: "notice", message }));
    try {
      const summary = await deployServices(project, swarm, {
        services: this.services,
        exclude: splitList(this.exclude),
        timeoutSeconds: this.timeout ?? defaultDeployTimeoutSeconds,
        build: this.build,
        signal: interrupt.signal,
        ...(this.registry ? { registry: this.registry } : {}),
        ...(this.wait !== undefined ? { waitSeconds: this.wait } : {}),
      });
      this.renderer.result(paintLines(deploySummaryLines(summary), this.renderer.styled), {
        command: "deploy",
        ...summary,
      });
      return exitCodeOf(summary, interrupt.signal);
    } finally {
      interrupt.dispose();
    }
  }
}
