import { isBossError, ServiceFailedError, messageOf } from "../errors.js";
import type { ContainerClient } from "../engine/container-client.js";
import type { ServiceDefinition } from "../model/definition.js";
import { pingTarget, servicePing, type Ping } from "./service-ping.js";

export const pingIntervalMs = 100;
export const logLinesOnFailure = 20;

/** Injectable time, so the wait loop is tested without real sleeps. */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortError());
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

export function abortError(): Error {
  const error = new Error("interrupted");
  error.name = "AbortError";
  return error;
}

/**
 * Waits until the container runs and `ping` (if any) returns true, polling
 * every 100 ms. Fails at once when the container exits, with its exit code and
 * last log lines, and after `timeoutSeconds` with what the ping last said.
 */
export async function waitUntilReady(
  client: ContainerClient,
  service: ServiceDefinition,
  containerId: string,
  timeoutSeconds: number,
  signal?: AbortSignal,
  clock: Clock = realClock,
  ping: Ping | undefined = servicePing(service, pingTarget(client, service.name, containerId)),
): Promise<void> {
  const deadline = clock.now() + timeoutSeconds * 1000;
  let lastPingError: unknown;
  for (;;) {
    if (signal?.aborted) throw abortError();
    const state = await client.inspectContainer(containerId);
    // A restart policy makes an exit "restarting" (Running stays true): still an exit before it was ready.
    if (!state.running || state.status === "restarting") {
      const why = state.error ? ` (${state.error})` : "";
      const again = state.status === "restarting" ? " (its restart policy is restarting it)" : "";
      throw new ServiceFailedError(
        `${service.name}: container exited with code ${state.exitCode}${why} before it was ready${again}` +
          (await lastLogLines(client, containerId)),
      );
    }
    if (!ping) return;
    try {
      const remaining = Math.max(deadline - clock.now(), 1);
      if ((await withinTime(Promise.resolve(ping()), remaining)) === true) return;
      // A ping cut off by the deadline said nothing new: keep what the one before it said.
      if (clock.now() < deadline) lastPingError = undefined;
    } catch (error) {
      if (isBossError(error)) throw error;
      lastPingError = error;
    }
    if (clock.now() >= deadline) {
      if (ping.description) {
        const last = lastPingError ? `; the last check: ${messageOf(lastPingError)}` : "";
        throw new ServiceFailedError(
          `${service.name}: not ready after ${timeoutSeconds} s waiting for ${ping.description}${last}` +
            (await lastLogLines(client, containerId)),
        );
      }
      const last = lastPingError
        ? `; the last ping threw: ${messageOf(lastPingError)}`
        : "; ping() never returned true";
      throw new ServiceFailedError(
        `${service.name}: not ready after ${timeoutSeconds} s${last}` + (await lastLogLines(client, containerId)),
      );
    }
    await clock.sleep(pingIntervalMs, signal);
  }
}

export async function lastLogLines(client: ContainerClient, containerId: string): Promise<string> {
  try {
    const logs = (await client.containerLogs(containerId, logLinesOnFailure)).trimEnd();
    return logs ? `; last ${logLinesOnFailure} log lines:\n${logs}` : "; the container wrote no logs";
  } catch {
    return "";
  }
}

/** A ping that hangs must not outlive the timeout: it counts as false once the time is up. */
export function withinTime(ping: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([ping, timeout]).finally(() => clearTimeout(timer));
}
