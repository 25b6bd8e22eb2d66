import { ServiceFailedError, UserError, messageOf } from "../../errors.js";
import type { ServiceDefinition } from "../../model/definition.js";
import type { Project } from "../project.js";
import type { Ping } from "../service-ping.js";
import { CoreClient } from "./ccc-client.js";
import { controlToken } from "./control-token.js";

/** The client for a running container's core, through the port Docker published on 127.0.0.1. */
export async function coreOf(
  project: Project,
  containerId: string,
  port: number,
  timeoutMs?: number,
): Promise<CoreClient> {
  const hostPort = await project.client.publishedPort(containerId, port);
  if (!hostPort) {
    throw new ServiceFailedError(
      `the core's port ${port} is not published on this container (was it created by boss with control set?)`,
    );
  }
  return new CoreClient(`http://127.0.0.1:${hostPort}`, controlToken(project.state.context), timeoutMs);
}

/** Only a service with `control` has a core to talk to. */
export function requireControl(service: ServiceDefinition, file: string): { port: number } {
  if (!service.control) {
    throw new UserError("is not set: this service's image does not embed the Container Control Core", {
      file,
      service: service.className,
      field: "control",
    });
  }
  return service.control;
}

/** Ready once the core answers /api/health. */
export function coreAnswers(core: CoreClient): Ping {
  return async () => {
    await core.health();
    return true;
  };
}

/** The default ping of a controlled service: the core reports the workload running; a failed workload fails at once. */
export function workloadRunning(core: CoreClient, service: string): Ping {
  return async () => {
    const { state } = await core.health();
    if (state.state === "failed") {
      const code = state.exit_code !== null ? ` with code ${state.exit_code}` : "";
      throw new ServiceFailedError(`${service}: the workload failed${code}: ${state.reason ?? "no reason given"}`);
    }
    return state.state === "running";
  };
}

/** POST /api/start with the interpolated payload; a refusal fails the service with the core's words. */
export async function startWorkload(core: CoreClient, service: string, payload: unknown): Promise<void> {
  try {
    await core.start(payload);
  } catch (error) {
    throw new ServiceFailedError(`${service}: the core refused to start the workload: ${messageOf(error)}`, {
      cause: error,
    });
  }
}
