import type { ServiceDefinition } from "../model/definition.js";
import type { GroupSession } from "./group-session.js";
import { ensureImage } from "./images.js";

/** A service's image id, from the fetch that began with the start. */
export type ImageOf = (service: ServiceDefinition) => Promise<string>;

/**
 * Every image a start needs, asked for at once when the start begins, so
 * that builds and pulls do not wait for the service's dependencies to be
 * ready (four builds behind a database otherwise run after it, one by one as
 * their turns come). Services with one image share its one build or pull. A
 * failure is the service's when its turn comes, as it would have been.
 */
export function prefetchImages(
  session: GroupSession,
  services: readonly ServiceDefinition[],
): { imageOf: ImageOf; settled: () => Promise<void> } {
  const byImage = new Map<string, Promise<string>>();
  const fetch = (service: ServiceDefinition) => {
    let pending = byImage.get(service.image);
    if (!pending) {
      pending = ensureImage(session, service);
      // Seen at the service's turn; until then, not an unhandled rejection.
      pending.catch(() => undefined);
      byImage.set(service.image, pending);
    }
    return pending;
  };
  for (const service of services) void fetch(service);
  // The session is saved and its lock released after the last build has recorded its end.
  const settled = async () => void (await Promise.allSettled(byImage.values()));
  return { imageOf: fetch, settled };
}
