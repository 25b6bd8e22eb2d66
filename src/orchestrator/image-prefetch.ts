import type { ServiceDefinition } from "../model/definition.js";
import type { GroupSession } from "./group-session.js";
import { ensureImage, planImage, type ImageOptions } from "./images.js";

/** A service's image id, from the fetch that began with the start. */
export type ImageOf = (service: ServiceDefinition) => Promise<string>;

/**
 * Every image a start needs, asked for at once when the start begins, so
 * that builds and pulls do not wait for the service's dependencies to be
 * ready (four builds behind a database otherwise run after it, one by one as
 * their turns come). Which images are missing is known before any service is
 * scheduled, so their builds and pulls are the first thing a start shows
 * (images.ts decides which: missing, changed build contexts, pull policies).
 * Services with one image share its one build or pull. A failure is the
 * service's when its turn comes, as it would have been.
 */
export async function prefetchImages(
  session: GroupSession,
  services: readonly ServiceDefinition[],
  options: ImageOptions = {},
): Promise<{ imageOf: ImageOf; settled: () => Promise<void> }> {
  const first = new Map<string, ServiceDefinition>();
  for (const service of services) if (!first.has(service.image)) first.set(service.image, service);
  const planned = [...first.values()];
  // Every decision first (what is here, which contexts changed), so the builds and pulls begin before any service is
  // scheduled, and show first.
  const plans = await Promise.allSettled(planned.map((service) => planImage(session, service, options)));
  const byImage = new Map<string, Promise<string>>();
  planned.forEach((service, i) => {
    const plan = plans[i];
    const pending =
      plan?.status === "fulfilled"
        ? "id" in plan.value
          ? Promise.resolve(plan.value.id)
          : plan.value.fetch()
        : Promise.reject(plan?.reason as Error);
    // Seen at the service's turn; until then, not an unhandled rejection.
    pending.catch(() => undefined);
    byImage.set(service.image, pending);
  });
  const imageOf: ImageOf = (service) => byImage.get(service.image) ?? ensureImage(session, service, options);
  // The session is saved and its lock released after the last build has recorded its end.
  const settled = async () => void (await Promise.allSettled(byImage.values()));
  return { imageOf, settled };
}
