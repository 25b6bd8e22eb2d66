import { messageOf } from "../errors.js";
import type { ServiceDefinition } from "../model/definition.js";
import { Label } from "../engine/labels.js";
import { ensureControlToken } from "./ccc/control-token.js";
import { runCollectionHooks, type HookFailure } from "./collection-hooks.js";
import { loadContext, saveContext } from "./context-store.js";
import { defaultNetworkName, type Project } from "./project.js";
import { schedule, type Outcome } from "./scheduler.js";
import { ServiceStarter, type StartAction } from "./service-starter.js";
import type { Clock } from "./readiness.js";

export interface StartRequest {
  exclude?: readonly string[];
  timeoutSeconds?: number;
  networkName?: string;
  signal?: AbortSignal;
  clock?: Clock;
}

export interface StartSummary {
  started: Array<{ name: string; action: StartAction }>;
  failed: Array<{ name: string; message: string }>;
  skipped: Array<{ name: string; because: string }>;
  cancelled: string[];
  hookFailures: HookFailure[];
  interrupted: boolean;
}

export const defaultStartTimeoutSeconds = 300;

/**
 * `boss start`: every service not excluded, each as soon as its dependencies
 * are ready. The context is saved afterwards whatever happened.
 */
export async function startServices(project: Project, request: StartRequest = {}): Promise<StartSummary> {
  const { graph, client } = project;
  const excluded = graph.checkKnown(request.exclude ?? []);
  graph.checkStartExclusion(excluded);
  await client.checkAvailable();
  await loadContext(project);

  const targets = graph.startOrder().filter((n) => !excluded.has(n));
  const summary = await runStart(project, targets, request);
  await saveContext(project);
  if (!summary.interrupted) {
    summary.hookFailures = await runCollectionHooks(
      "onStartServices",
      summary.started.map((s) => s.name),
    );
  }
  return summary;
}

/** Starts `targets` on the group's network; services outside `targets` are taken as running. */
export async function runStart(project: Project, targets: string[], request: StartRequest): Promise<StartSummary> {
  const { graph, client, file, emit } = project;
  const network = request.networkName ?? defaultNetworkName(file.group);
  if (targets.some((n) => graph.get(n).control)) ensureControlToken();
  await client.ensureNetwork(network, { [Label.group]: file.group });

  const starter = new ServiceStarter(project, {
    network,
    timeoutSeconds: request.timeoutSeconds ?? defaultStartTimeoutSeconds,
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.clock ? { clock: request.clock } : {}),
  });
  const actions = new Map<string, StartAction>();
  const outcomes = await schedule(
    targets,
    (name) => graph.dependenciesOf(name),
    async (name) => {
      actions.set(name, await starter.start(graph.get(name)));
    },
    {
      onWaiting: (name, pending) =>
        emit({ type: "phase", service: name, phase: "waiting", detail: `on ${pending.join(", ")}` }),
      ...(request.signal ? { signal: request.signal } : {}),
    },
  );
  return summarise(
    targets.map((n) => graph.get(n)),
    outcomes,
    actions,
    project,
    request.signal?.aborted ?? false,
  );
}

function summarise(
  services: ServiceDefinition[],
  outcomes: Map<string, Outcome>,
  actions: Map<string, StartAction>,
  project: Project,
  interrupted: boolean,
): StartSummary {
  const summary: StartSummary = { started: [], failed: [], skipped: [], cancelled: [], hookFailures: [], interrupted };
  for (const { name } of services) {
    const outcome = outcomes.get(name) ?? { status: "cancelled" };
    switch (outcome.status) {
      case "done":
        summary.started.push({ name, action: actions.get(name) ?? "created" });
        break;
      case "failed": {
        // Messages often start with the service's name already; the summary names it once.
        const message = messageOf(outcome.error).replace(new RegExp(`^${name}: `), "");
        summary.failed.push({ name, message });
        project.emit({ type: "phase", service: name, phase: "failed", detail: message });
        break;
      }
      case "skipped":
        summary.skipped.push({ name, because: outcome.because });
        project.emit({ type: "phase", service: name, phase: "skipped", detail: `${outcome.because} failed` });
        break;
      case "cancelled":
        summary.cancelled.push(name);
        project.emit({ type: "phase", service: name, phase: "cancelled" });
        break;
    }
  }
  return summary;
}
