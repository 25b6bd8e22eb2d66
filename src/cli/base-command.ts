import { Command, Option, type BaseContext } from "clipanion";
import * as t from "typanion";
import type { ContainerClient } from "../engine/container-client.js";
import type { SwarmClient } from "../engine/swarm/swarm-client.js";
import { ExitCode, isBossError, messageOf } from "../errors.js";
import { locateServicesFile, loadServicesFile } from "../model/services-file.js";
import type { Project } from "../orchestrator/project.js";
import { createRenderer } from "./render/create-renderer.js";
import type { Renderer } from "./render/renderer.js";

/** Makes the container engine a command drives; called only by commands that need one. */
export type EngineFactory = () => ContainerClient | Promise<ContainerClient>;

export interface BossContext extends BaseContext {
  cwd: string;
  /** Set when a services file runs itself as a script (`tsx boss.ts start` with `cli()` at its end). */
  scriptFile?: string;
  /** The engine (default: Docker, through dockerEngine). Tests run the commands in-process against a fake. */
  engine?: EngineFactory;
  /** The Swarm manager `deploy` drives (default: the Docker engine's). With a fake `engine` and none: no swarm. */
  swarm?: (client: ContainerClient) => SwarmClient;
}

/**
 * The Docker engine, imported only when called: dockerode is most of boss's
 * start-up, and --help or `boss graph` need none of it.
 */
export const dockerEngine: EngineFactory = async () => {
  const { DockerContainerClient } = await import("../engine/docker-client.js");
  return new DockerContainerClient();
};

/** The services file, its graph and its group's state: what `boss graph` needs, no engine. */
export type LoadedServices = Omit<Project, "client" | "emit">;

/**
 * Owns what every command shares: finding and loading the services file,
 * choosing the output, and turning typed errors into their exit codes
 * (clipanion alone prints errors to stdout and exits 1 for all of them).
 */
export abstract class BossCommand extends Command<BossContext> {
  file = Option.String("-f,--file", {
    description: "Services file (default: boss.ts, boss.config.ts, boss.js or boss.mjs here)",
  });
  plain = Option.Boolean("--plain", false, {
    description: "One plain line per event: no spinners, colours or escape codes",
  });
  json = Option.Boolean("--json", false, {
    description: "JSON for scripts, one value per line (docs/json-output.md)",
  });

  protected renderer!: Renderer;

  override async validateAndExecute(): Promise<number> {
    this.renderer = await createRenderer({
      stdout: this.context.stdout,
      stderr: this.context.stderr,
      plain: this.plain,
      json: this.json,
      env: this.context.env,
    });
    try {
      return await super.validateAndExecute();
    } catch (error) {
      this.renderer.finish();
      if (isBossError(error)) {
        this.renderer.error(error.message);
        return error.exitCode;
      }
      if (error instanceof Error && error.name === "UsageError") {
        this.renderer.error(error.message);
        return ExitCode.userError;
      }
      // Not one boss meant to show: a bug. One line; the stack when asked for.
      const debug = /\bboss\b/.test(this.context.env.DEBUG ?? "");
      const detail =
        debug && error instanceof Error && error.stack ? `\n${error.stack}` : " (DEBUG=boss:* shows the stack)";
      this.renderer.error(`unexpected error: ${messageOf(error)}${detail}`);
      return ExitCode.serviceFailed;
    }
  }

  /** The services file without an engine. */
  protected async loadServices(): Promise<LoadedServices> {
    const { scriptFile, cwd } = this.context;
    const located = scriptFile ? { file: scriptFile, above: false } : locateServicesFile(cwd, this.file);
    const loaded = await loadServicesFile(located.file, { alreadyLoaded: scriptFile !== undefined });
    const warnings = await this.warningRenderer();
    if (located.above) {
      warnings.event({
        type: "warning",
        message: `using ${located.file} (found in a parent folder)`,
        file: located.file,
      });
    }
    for (const warning of loaded.warnings) warnings.event({ type: "warning", ...warning });
    return { file: loaded.servicesFile, graph: loaded.graph, state: loaded.state };
  }

  /** Where warnings about the services file go: the command's renderer, unless its stdout is another program's. */
  protected warningRenderer(): Promise<Renderer> {
    return Promise.resolve(this.renderer);
  }

  /** The renderer of `run` and `exec`: everything of boss's own on stderr (JSON lines too), stdout the command's. */
  protected stderrRenderer(): Promise<Renderer> {
    const { stderr, env } = this.context;
    return createRenderer({ stdout: stderr, stderr, plain: this.plain, json: this.json, env });
  }

  /**
   * `deploy` and `undeploy`: `host` (their `--host`) names the swarm manager's engine, then the project and the
   * engine's swarm side; undefined, said, when the engine has none.
   */
  protected async projectOnSwarm(
    host: string | undefined,
  ): Promise<{ project: Project; swarm: SwarmClient } | undefined> {
    if (host) process.env.DOCKER_HOST = host;
    const project = await this.loadProject();
    const swarm = await swarmOf(this.context, project.client);
    if (swarm) return { project, swarm };
    this.renderer.error("this engine has no swarm side");
    return undefined;
  }

  /** The services file and the engine from the context, with events going to the renderer. */
  protected async loadProject(): Promise<Project> {
    const services = await this.loadServices();
    const client = await (this.context.engine ?? dockerEngine)();
    return { ...services, client, emit: (event) => this.renderer.event(event) };
  }
}

/** The engine's swarm side (deploy, undeploy, status, logs), imported only when a command needs it. */
export async function swarmOf(context: BossContext, client: ContainerClient): Promise<SwarmClient | undefined> {
  if (context.swarm) return context.swarm(client);
  if (context.engine) return undefined;
  const { DockerSwarmClient } = await import("../engine/swarm/docker-swarm-client.js");
  return new DockerSwarmClient(client.address);
}

/** `--wait SECONDS`, for the commands that take the group's lock. */
export function waitOption() {
  return Option.String("--wait", {
    description: "Seconds to wait for another boss that is changing this group (default: BOSS_LOCK_WAIT, else 300)",
    validator: t.cascade(t.isNumber(), t.isAtLeast(0)),
  });
}

/** `--network-name`, as miniboss has it on start, stop and reload. */
export function networkNameOption() {
  return Option.String("--network-name", {
    description: "Docker network of the group (default: the one it runs on, else boss-<group>)",
  });
}

/** Splits `--exclude a,b --exclude c` into names. */
export function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
}
