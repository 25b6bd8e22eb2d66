import { withPlan } from "./wait-plan.js";
import { ServiceFailedError, UserError } from "../../errors.js";
import { requireTarget, waitStrategy, type WaitStrategy } from "./wait-strategy.js";

/** Marks the strategy, so that a service with `healthcheck = false` is refused when its file is loaded. */
const needsHealthcheck = Symbol.for("boss.wait-for.needs-healthcheck");

/**
 * Ready once Docker reports the container's healthcheck healthy — the service's `healthcheck`, else the
 * image's HEALTHCHECK; unhealthy ends the wait at once.
 */
export function healthy(): WaitStrategy {
  const strategy = waitStrategy("the image's HEALTHCHECK to report healthy", async (target) => {
    const container = requireTarget("waitFor.healthy()", target);
    const { service } = container;
    const state = await container.health();
    if (!state) {
      throw new UserError(
        "the container has no healthcheck (no HEALTHCHECK in the image and no healthcheck field), so " +
          'waitFor.healthy() can never pass: set healthcheck = { test: ["CMD", ...] } on the service',
        { service, field: "ping" },
      );
    }
    if (state.status === "healthy") return true;
    const said = state.lastOutput?.trim() ? `; the last check said: ${state.lastOutput.trim()}` : "";
    if (state.status === "unhealthy") {
      throw new ServiceFailedError(`${service}: the HEALTHCHECK reports unhealthy${said}`);
    }
    throw new Error(`health is "${state.status}"${said}`);
  });
  return withPlan(Object.assign(strategy, { [needsHealthcheck]: true }), { kind: "healthy" });
}

/** True for a ping made by waitFor.healthy() (also from another copy of boss). */
export function waitsForHealth(ping: unknown): boolean {
  return typeof ping === "function" && (ping as unknown as Record<symbol, unknown>)[needsHealthcheck] === true;
}
