/**
 * Ports the engine picked (a service's `ports` with host port 0) change every
 * time the container starts, so they are read back after each start and put
 * in the Context, where other services' env reads them: `{ports.web.80}`,
 * `{ports.dns.53/udp}`.
 */
import type { PublishedPort } from "../engine/container-client.js";
import type { PortBinding } from "../model/definition.js";
import type { JsonValue } from "../model/json.js";

/** The Context key of a published port: `ports.<service>.<containerPort>`, with `/udp` for udp. */
export function pickedPortKey(service: string, containerPort: number, protocol: PortBinding["protocol"]): string {
  return `ports.${service}.${containerPort}${protocol === "udp" ? "/udp" : ""}`;
}

/**
 * Sets, for each declared port the engine picks, the host port the container
 * publishes it on now; returns whether any value changed. An IPv4 binding is
 * preferred (the engine may also publish on `::`).
 */
export function recordPickedPorts(
  service: string,
  declared: readonly PortBinding[],
  published: readonly PublishedPort[],
  context: Map<string, JsonValue>,
): boolean {
  let changed = false;
  for (const port of declared.filter((p) => p.hostPort === 0)) {
    const found = published
      .filter((p) => p.containerPort === port.containerPort && p.protocol === port.protocol && p.hostPort > 0)
      .filter((p) => port.hostIp === undefined || p.hostIp === port.hostIp)
      .sort((a, b) => Number(a.hostIp.includes(":")) - Number(b.hostIp.includes(":")))[0];
    if (!found) continue;
    const key = pickedPortKey(service, port.containerPort, port.protocol);
    if (context.get(key) !== found.hostPort) changed = true;
    context.set(key, found.hostPort);
  }
  return changed;
}
