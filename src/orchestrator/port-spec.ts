import type { PortSpec } from "../engine/container-client.js";
import type { PortBinding } from "../model/definition.js";

/** A declared port as the engine publishes it: host port 0 leaves the pick to the engine, an address is kept. */
export function portSpec({ containerPort, protocol, hostPort, hostIp }: PortBinding): PortSpec {
  return {
    containerPort,
    protocol,
    ...(hostPort !== 0 ? { hostPort } : {}),
    ...(hostIp !== undefined ? { hostIp } : {}),
  };
}
