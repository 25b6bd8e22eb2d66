import { DockerUnavailableError, messageOf } from "../../errors.js";
import type { SwarmClient } from "../../engine/swarm/swarm-client.js";
import { runCollectionHooks, type HookFailure } from "../collection-hooks.js";
import { prefetchImages } from "../image-prefetch.js";
import { sessionOptions, withGroupSession } from "../group-session.js";
import { defaultNetworkName, type Project } from "../project.js";
import type { Clock } from "../readiness.js";
import { schedule } from "../scheduler.js";
import { selectServices, startTargets } from "../../model/selection.js";
import { ServiceDeployer, type DeployAction } from "./service-deployer.js";
import { checkSwarmFit, optionsNotCarried } from "./swarm-service-spec.js";
import { swarmImages } from "./swarm-images.js";
import { SwarmLabel } from "./swarm-labels.js";
import { requireManager } from "./swarm-manager.js";

export interface DeployRequest {
  services?: readonly string[];
  exclude?: readonly string[];
  timeoutSeconds?: number;
  /** Push built images there (`--registry`). */
  registry?: string;
  build?: boolean;
  waitSeconds?: number;
  signal?: AbortSignal;
  clock?: Clock;
}

export interface DeploySummary {
  deployed: Array<{ name: string; action: DeployAction }>;
  failed: Array<{ name: string; message: string }>;
  skipped: Array<{ name: string; because: string }>;
  cancelled: string[];
  hookFailures: HookFailure[];
  interrupted: boolean;
}

export const defaultDeployTimeoutSeconds = 300;

/**
 * `boss deploy`: each service a Swarm service on the attachable overlay
 * network `boss-<group>`, created (or updated) once its dependencies are
 * ready, with preStart, ping and postStart run here as `start` runs them.
 * The group's lock is start's: one boss changes a group at a time.
 */
export async function deployServices(
  project: Project,
  swarm: SwarmClient,
  request: DeployRequest = {},
): Promise<DeploySummary> {
  const { graph, file, emit } = project;
  const selection = selectServices(graph, "start", request.services, request.exclude);
  const targets = startTargets(graph, selection);
  return withGroupSession(
    project,
    { command: "deploy", mutates: true, ...sessionOptions(request) },
    async (session) => {
      const info = await requireManager(swarm);
      for (const name of targets) checkSwarmFit(graph.get(name), file.file);
      for (const name of targets) {
        const service = graph.get(name);
        const dropped = optionsNotCarried(service);
        if (dropped.length)
          emit({ type: "notice", message: `${name}: not carried to the swarm: ${dropped.join(", ")}` });
        if (service.control) {
          emit({
            type: "notice",
            message: `${name}: control: boss deploy does not publish the core's port here nor start its workload`,
          });
        }
        if (service.job)
          emit({ type: "notice", message: `${name}: a job becomes a service Swarm restarts; run it with boss run` });
      }
      const name = defaultNetworkName(file.group);
      const network = { name, id: await swarm.ensureOverlayNetwork(name, { [SwarmLabel.group]: file.group }) };
      const local = await prefetchImages(
        session,
        targets.map((n) => graph.get(n)),
        { build: request.build ?? false },
      );
      const images = swarmImages(swarm, local.imageOf, {
        nodes: info.nodes,
        file: file.file,
        emit,
        ...(request.registry ? { registry: request.registry } : {}),
      });
      const deployer = new ServiceDeployer(session, swarm, {
        network,
        timeoutSeconds: request.timeoutSeconds ?? defaultDeployTimeoutSeconds,
        images,
        ...(request.signal ? { signal: request.signal } : {}),
        ...(request.clock ? { clock: request.clock } : {}),
      });
      const actions = new Map<string, DeployAction>();
      const outcomes = await schedule(
        targets,
        (n) => graph.dependenciesOf(n),
        async (n) => void actions.set(n, await deployer.deploy(graph.get(n))),
        {
          onWaiting: (n, pending) =>
            emit({ type: "phase", service: n, phase: "waiting", detail: `on ${pending.join(", ")}` }),
          onSettled: (n, outcome) => {
            if (outcome.status === "failed")
              emit({
                type: "phase",
                service: n,
                phase: "failed",
                detail: messageOf(outcome.error).replace(`${n}: `, ""),
              });
            else if (outcome.status === "skipped")
              emit({ type: "phase", service: n, phase: "skipped", detail: `${outcome.because} failed` });
            else if (outcome.status === "cancelled") emit({ type: "phase", service: n, phase: "cancelled" });
          },
          ...(request.signal ? { signal: request.signal } : {}),
        },
      );
      await local.settled();
      const summary: DeploySummary = {
        deployed: [],
        failed: [],
        skipped: [],
        cancelled: [],
        hookFailures: [],
        interrupted: request.signal?.aborted ?? false,
      };
      for (const n of targets) {
        const outcome = outcomes.get(n) ?? { status: "cancelled" };
        if (outcome.status === "failed" && outcome.error instanceof DockerUnavailableError) throw outcome.error;
        if (outcome.status === "done") summary.deployed.push({ name: n, action: actions.get(n) ?? "created" });
        else if (outcome.status === "failed")
          summary.failed.push({ name: n, message: messageOf(outcome.error).replace(`${n}: `, "") });
        else if (outcome.status === "skipped") summary.skipped.push({ name: n, because: outcome.because });
        else summary.cancelled.push(n);
      }
      if (!summary.interrupted) {
        summary.hookFailures = await runCollectionHooks(
          project,
          "onStartServices",
          summary.deployed.map((s) => s.name),
        );
      }
      return summary;
    },
  );
}
