/**
 * A host port already in use, said in one line: the engine's own message
 * ("driver failed programming external connectivity on endpoint …: Bind for
 * 0.0.0.0:8080 failed: port is already allocated") names neither the service
 * nor who holds the port. boss names both where it can: another container
 * (and its boss group), or a program on this machine.
 */
import { ServiceFailedError, messageOf } from "../errors.js";
import type { ContainerClient } from "../engine/container-client.js";
import { hostPortHolder, type HostProcess } from "./host-port-holder.js";

export interface PortInUse {
  hostIp: string;
  hostPort: number;
  protocol: "tcp" | "udp";
}

/** The port in the engine's error, when the error is about a host port in use. */
export function portInUse(error: unknown): PortInUse | undefined {
  const message = messageOf(error);
  // A container (docker-proxy or iptables) holds it: "Bind for 0.0.0.0:8080 failed: port is already allocated".
  const allocated = /Bind for (\S+):(\d+) failed: port is already allocated/.exec(message);
  if (allocated) return { hostIp: allocated[1] ?? "", hostPort: Number(allocated[2]), protocol: "tcp" };
  // A program holds it: "Error starting userland proxy: listen tcp4 0.0.0.0:8080: bind: address already in use".
  const listen = /listen (tcp|udp)[46]? (\S+):(\d+): bind: address already in use/.exec(message);
  if (listen) {
    return { hostIp: listen[2] ?? "", hostPort: Number(listen[3]), protocol: listen[1] as "tcp" | "udp" };
  }
  return undefined;
}

/** Starts the container; a port in use fails as one line naming the service, the port and its holder. */
export async function startNamingPortHolder(client: ContainerClient, service: string, id: string): Promise<void> {
  try {
    await client.startContainer(id);
  } catch (error) {
    const port = portInUse(error);
    if (!port) throw error;
    const holder = await holderOf(client, port, id).catch(() => "by another program");
    const where = port.hostIp && port.hostIp !== "0.0.0.0" && port.hostIp !== "::" ? ` on ${port.hostIp}` : "";
    throw new ServiceFailedError(
      `${service}: host port ${port.hostPort}${port.protocol === "udp" ? "/udp" : ""}${where} is already in use ${holder}`,
      { cause: error },
    );
  }
}

async function holderOf(client: ContainerClient, port: PortInUse, self: string): Promise<string> {
  const [container] = (await client.containersPublishing(port.hostPort, port.protocol)).filter((c) => c.id !== self);
  if (container) {
    const boss = container.group ? ` (service ${container.service} of boss group ${container.group})` : "";
    return `by container ${container.name}${boss}`;
  }
  // /proc tells about this machine only: an engine elsewhere has its own programs.
  const local = client.address.startsWith("unix:");
  const program: HostProcess | undefined = local ? await hostPortHolder(port.hostPort, port.protocol) : undefined;
  return program ? `by ${program.command} (pid ${program.pid})` : "by another program";
}
