import type { ContainerSummary } from "../engine/container-client.js";
import { configHash, describeChanges } from "../engine/labels.js";
import type { ServiceDefinition } from "../model/definition.js";
import type { ContainerConfig } from "./container-config.js";

/**
 * Why a service's containers are being replaced, for the `recreating` line:
 * what changed in its definition (`env.ROLE changed`), or why an unchanged
 * one cannot be kept.
 */
export function replacementReason(
  service: ServiceDefinition,
  existing: readonly ContainerSummary[],
  wanted: ContainerConfig | undefined,
  context: { forced: boolean; network: { id: string } },
): string {
  if (context.forced) return "reloading: a new container from the new image";
  if (!wanted) return "a context value it uses is not set (preStart sets it again)";
  const newest = [...existing].sort((a, b) => b.created - a.created)[0];
  if (!newest) return "";
  if (newest.configHash === configHash(wanted)) {
    if (!newest.networks.some((n) => n.id === context.network.id)) return "its network was replaced";
    if (service.alwaysStartNew) return "alwaysStartNew";
    return newest.status === "exited" || newest.status === "dead"
      ? "its last container stopped before it was ready"
      : "its last container never finished starting";
  }
  let before: Record<string, unknown> = {};
  try {
    before = JSON.parse(newest.config) as Record<string, unknown>;
  } catch {
    // A container from an older boss without the config label: say only that it changed.
  }
  const changes = describeChanges(before, wanted as unknown as Record<string, unknown>);
  if (changes.length === 0) return "replacing the old container";
  const shown = changes.slice(0, 4).join(", ");
  return changes.length > 4 ? `${shown} and ${changes.length - 4} more` : shown;
}
