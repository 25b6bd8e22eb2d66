import { UserError } from "../../errors.js";
import type { SwarmClient, SwarmInfo } from "../../engine/swarm/swarm-client.js";

/** The engine must manage a swarm to deploy to it: else a UserError (exit 2) saying how to make one. */
export async function requireManager(swarm: SwarmClient): Promise<SwarmInfo> {
  const info = await swarm.swarmInfo();
  if (info.manager) return info;
  const where = `the Docker engine at ${swarm.address}`;
  if (info.state === "active") {
    throw new UserError(
      `${where} is a swarm worker, not a manager: point DOCKER_HOST (or --host) at a manager (docker node ls there)`,
    );
  }
  throw new UserError(
    `${where} is not a swarm manager (swarm state: ${info.state}): make it one with ` +
      "`docker swarm init` (here: docker swarm init --advertise-addr 127.0.0.1), or point DOCKER_HOST at a manager",
  );
}
