import { ServiceFailedError, UserError } from "../../errors.js";
import { requireTarget, waitStrategy, type WaitStrategy } from "./wait-strategy.js";

/** Ready once Docker reports the image's HEALTHCHECK healthy; unhealthy ends the wait at once. */
export function healthy(): WaitStrategy {
  return waitStrategy("the image's HEALTHCHECK to report healthy", async (target) => {
    const container = requireTarget("waitFor.healthy()", target);
    const { service } = container;
    const state = await container.health();
    if (!state) {
      throw new UserError("the image has no HEALTHCHECK, so waitFor.healthy() can never pass", {
        service,
        field: "ping",
      });
    }
    if (state.status === "healthy") return true;
    const said = state.lastOutput?.trim() ? `; the last check said: ${state.lastOutput.trim()}` : "";
    if (state.status === "unhealthy") {
      throw new ServiceFailedError(`${service}: the HEALTHCHECK reports unhealthy${said}`);
    }
    throw new Error(`health is "${state.status}"${said}`);
  });
}
