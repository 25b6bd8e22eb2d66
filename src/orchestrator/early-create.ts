import type { ContainerSummary } from "../engine/container-client.js";
import { configHash } from "../engine/labels.js";
import type { ServiceDefinition } from "../model/definition.js";
import { containerConfig, type ContainerConfig } from "./container-config.js";

/**
 * Whether a service's container can be created while it still waits on its
 * dependencies (compose creates every container first, too): only the start is
 * then left at its turn, and a chain of n services saves n creates. Only when
 * nothing before its turn can change the container: a service with no
 * container yet, not a job, no preStart (which may set the Context its env
 * reads), not to be replaced, and a definition that reads no Context value
 * (which a dependency's postStart may still set or change).
 */
export function mayCreateEarly(
  service: ServiceDefinition,
  config: ContainerConfig,
  imageId: string,
  networkName: string,
): boolean {
  if (service.job || service.instance.preStart) return false;
  try {
    return configHash(containerConfig(service, new Map(), imageId, networkName)) === configHash(config);
  } catch {
    return false; // it reads a value not set yet
  }
}

/**
 * The one container of a service that was created (early, or by a boss killed before it started it), never
 * started. One this boss made early (`madeHere`) is on the network it was made on; of one found, the listing
 * must say so (Podman lists no network for a container never started: it is replaced then).
 */
export function createdNotStarted(
  existing: readonly ContainerSummary[],
  wanted: ContainerConfig,
  networkId: string,
  madeHere: string | undefined,
): ContainerSummary | undefined {
  const [only] = existing;
  if (existing.length !== 1 || !only || only.status !== "created") return undefined;
  const onNetwork = only.id === madeHere || only.networks.some((n) => n.id === networkId);
  return only.configHash === configHash(wanted) && onNetwork ? only : undefined;
}

/** Early creates run a few at a time, in the order asked (nearest the running services first), not all at once. */
export class EarlyQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit = 2) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
