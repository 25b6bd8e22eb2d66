import type { ContainerClient } from "../engine/container-client.js";
import type { ServiceDefinition } from "../model/definition.js";
import type { PingTarget } from "../model/ping-target.js";
import { execCaptured } from "./exec-captured.js";

/** A readiness check; true means ready. Throwing a BossError ends the wait at once (a failure it can see). */
export type Ping = (() => boolean | Promise<boolean>) & {
  /** What the ping waits for (a `waitFor` strategy's description), for the timeout message. */
  description?: string;
};

/** Docker's zero time: a container that never ran before has it as FinishedAt. */
const neverFinished = /^0001-/;

/** What a service's ping may read of the container `containerId`. */
export function pingTarget(client: ContainerClient, service: string, containerId: string): PingTarget {
  return {
    service,
    containerId,
    async output() {
      // Since the previous run ended: a restarted container's old "ready" line must not count.
      const { finishedAt } = await client.inspectContainer(containerId);
      const since = finishedAt && !neverFinished.test(finishedAt) ? Date.parse(finishedAt) / 1000 : undefined;
      let text = "";
      for await (const chunk of client.streamLogs(containerId, { follow: false, ...(since ? { since } : {}) })) {
        text += chunk.data.toString("utf8");
      }
      return text;
    },
    async health() {
      const state = await client.inspectContainer(containerId);
      if (!state.health) return undefined;
      return { status: state.health, ...(state.healthOutput ? { lastOutput: state.healthOutput } : {}) };
    },
    async publishedPorts() {
      return (await client.inspectContainer(containerId)).ports;
    },
    exec: (command, timeoutMs) => execCaptured(client, containerId, command, timeoutMs),
  };
}

/** The service's own ping bound to its container, or undefined when it has none; keeps a strategy's description. */
export function servicePing(service: ServiceDefinition, target: PingTarget): Ping | undefined {
  const { instance } = service;
  if (!instance.ping) return undefined;
  const ping: Ping = () => instance.ping?.(target) ?? false;
  const description = (instance.ping as { description?: unknown }).description;
  if (typeof description === "string") ping.description = description;
  return ping;
}
