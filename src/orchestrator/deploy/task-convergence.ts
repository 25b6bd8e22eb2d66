import { ServiceFailedError } from "../../errors.js";
import type { SwarmClient, SwarmTask } from "../../engine/swarm/swarm-client.js";
import { abortError, realClock, type Clock } from "../readiness.js";
import { SwarmLabel } from "./swarm-labels.js";

const pollMs = 250;
/** Failed tasks of one definition after which boss says it keeps failing (Swarm would retry for ever). */
export const failuresBeforeGivingUp = 3;
/** A task that waits for a node this long, with Swarm saying no node suits it, cannot be placed. */
const placementPatienceMs = 5000;
const logLines = 20;

export interface Convergence {
  swarm: SwarmClient;
  service: { name: string; id: string; image: string };
  hash: string;
  /** The service's force-update counter: tasks of earlier rounds of the same definition (failed ones) do not count. */
  attempt: number;
  replicas: number;
  timeoutSeconds: number;
  signal?: AbortSignal;
  clock?: Clock;
}

/**
 * Waits until `replicas` tasks of the definition `hash` run (older tasks of a
 * rolling update may still be shutting down). Fails clearly, without waiting
 * out the timeout, on what will not get better: an image no node can pull, a
 * task that keeps failing (its last error and log lines), a placement no node
 * satisfies, a rolling update Swarm paused.
 */
export async function waitForTasks(c: Convergence): Promise<SwarmTask[]> {
  const clock = c.clock ?? realClock;
  const deadline = clock.now() + c.timeoutSeconds * 1000;
  let unplacedSince: number | undefined;
  for (;;) {
    if (c.signal?.aborted) throw abortError();
    const tasks = currentRound(await c.swarm.listTasks(c.service.id), c.hash, c.attempt);
    const running = tasks.filter((t) => t.state === "running" && t.desiredState === "running");
    if (running.length >= c.replicas) return running;

    const rejected = tasks.find(
      (t) =>
        t.state === "rejected" && /no such image|pull access denied|manifest unknown|not found/i.test(t.error ?? ""),
    );
    if (rejected) {
      throw new ServiceFailedError(
        `${c.service.name}: no node could pull the image ${c.service.image}: ${rejected.error}` +
          " (a built image needs --registry on a swarm of more than one node)",
      );
    }
    const failed = failedTasks(tasks).sort(byTime);
    if (failed.length >= failuresBeforeGivingUp) {
      const last = failed[failed.length - 1];
      throw new ServiceFailedError(
        `${c.service.name}: its tasks keep failing (${failed.length} failed); the last: ` +
          `${last?.error ?? last?.message ?? "no error given"}` +
          (await lastLogLines(c.swarm, c.service.id)),
      );
    }
    const unplaced = tasks.find((t) => t.state === "pending" && /no suitable node/i.test(t.error ?? ""));
    if (unplaced) {
      unplacedSince ??= clock.now();
      if (clock.now() - unplacedSince >= placementPatienceMs) {
        throw new ServiceFailedError(
          `${c.service.name}: Swarm cannot place ${c.replicas === 1 ? "its task" : `all ${c.replicas} tasks`}: ` +
            `${unplaced.error} (see swarm.constraints, ports published in host mode, and replicas)`,
        );
      }
    } else {
      unplacedSince = undefined;
    }
    if (clock.now() >= deadline) {
      const states = tasks.map((t) => t.state + (t.error ? ` (${t.error})` : "")).join(", ") || "no tasks yet";
      throw new ServiceFailedError(
        `${c.service.name}: ${running.length} of ${c.replicas} tasks running after ${c.timeoutSeconds} s; tasks: ${states}` +
          (await lastLogLines(c.swarm, c.service.id)),
      );
    }
    await clock.sleep(pollMs, c.signal);
  }
}

/** The tasks of definition `hash` made in round `attempt`. */
export function currentRound(tasks: readonly SwarmTask[], hash: string, attempt: number): SwarmTask[] {
  return tasks.filter((t) => t.containerLabels[SwarmLabel.configHash] === hash && t.attempt === attempt);
}

/** Tasks that ended badly. */
export function failedTasks(tasks: readonly SwarmTask[]): SwarmTask[] {
  return tasks.filter((t) => t.state === "failed" || t.state === "rejected");
}

function byTime(a: SwarmTask, b: SwarmTask): number {
  return a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0;
}

/** The service's last log lines (every task's), for a failure message. */
export async function lastLogLines(swarm: SwarmClient, serviceId: string): Promise<string> {
  try {
    let text = "";
    for await (const chunk of swarm.serviceLogs(serviceId, { follow: false, tail: logLines }))
      text += chunk.data.toString("utf8");
    text = text.trimEnd();
    return text ? `; last ${logLines} log lines:\n${text}` : "; its tasks wrote no logs";
  } catch {
    return "";
  }
}
