/**
 * The Engine API's objects in the engine layer's own types, both ways: what
 * a container list entry or an inspect says, and the create-container
 * fields that publish ports.
 */
import type Docker from "dockerode";
import type { ContainerStatus, ContainerSummary, PortHolder } from "./container-client.js";
import { Label } from "./labels.js";
import { isAnonymousVolumeName, type MountInfo } from "./mounts.js";
import type { PortSpec, PublishedPort } from "./ports.js";

/** A container list entry (`GET /containers/json`) as a summary. */
export function toSummary(c: Docker.ContainerInfo): ContainerSummary {
  return {
    id: c.Id,
    name: (c.Names[0] ?? c.Id).replace(/^\//, ""),
    group: c.Labels[Label.group] ?? "",
    service: c.Labels[Label.service] ?? "",
    configHash: c.Labels[Label.configHash] ?? "",
    config: c.Labels[Label.config] ?? "{}",
    status: c.State as ContainerStatus,
    created: c.Created,
    networks: networksOf(c),
    mounts: (c.Mounts ?? []).map(toMount),
  };
}

/**
 * The networks a container is attached to. One never started has no
 * NetworkID yet; the network it was created on is then its NetworkMode
 * (boss creates containers on the network's id), so it is still known.
 */
function networksOf(c: Docker.ContainerInfo): ContainerSummary["networks"] {
  const networks = Object.entries(c.NetworkSettings?.Networks ?? {});
  const mode = c.HostConfig?.NetworkMode ?? "";
  const createdOn = networks.length === 1 && /^[0-9a-f]{64}$/.test(mode) ? mode : "";
  return networks.map(([name, n]) => ({ name, id: n.NetworkID || createdOn }));
}

function toMount(m: Docker.ContainerInfo["Mounts"][number]): MountInfo {
  const name = m.Name ?? undefined;
  return {
    type: m.Type as MountInfo["type"],
    ...(name ? { name } : {}),
    source: m.Source,
    target: m.Destination,
    readOnly: !m.RW,
    anonymous: m.Type === "volume" && name !== undefined && isAnonymousVolumeName(name),
  };
}

/** A container list entry as the holder of a host port: its name, and its boss group and service when boss made it. */
export function portHolder(c: Docker.ContainerInfo): PortHolder {
  const group = c.Labels[Label.group];
  const service = c.Labels[Label.service];
  return {
    id: c.Id,
    name: (c.Names[0] ?? c.Id).replace(/^\//, ""),
    ...(group ? { group } : {}),
    ...(service ? { service } : {}),
  };
}

/** The create-container fields that publish `ports`: an empty HostIp is every address, an empty HostPort the engine's pick. */
export function portConfig(ports: readonly PortSpec[]): {
  ExposedPorts: Record<string, object>;
  PortBindings: Record<string, Array<{ HostIp: string; HostPort: string }>>;
} {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const port of ports) {
    const key = `${port.containerPort}/${port.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({ HostIp: port.hostIp ?? "", HostPort: port.hostPort ? String(port.hostPort) : "" });
  }
  return { ExposedPorts: exposed, PortBindings: bindings };
}

/** Inspect's `NetworkSettings.Ports` ("8080/tcp" → bindings) as ports, each once. */
export function publishedPorts(
  ports: Docker.ContainerInspectInfo["NetworkSettings"]["Ports"] | undefined,
): PublishedPort[] {
  const found = new Map<string, PublishedPort>();
  for (const [key, bindings] of Object.entries(ports ?? {})) {
    const [port = "", protocol = "tcp"] = key.split("/");
    if (protocol !== "tcp" && protocol !== "udp") continue; // sctp: boss never publishes it
    for (const binding of bindings ?? []) {
      const published: PublishedPort = {
        containerPort: Number(port),
        protocol,
        hostIp: binding.HostIp || "0.0.0.0",
        hostPort: Number(binding.HostPort),
      };
      found.set(`${published.hostIp}:${published.hostPort}->${key}`, published);
    }
  }
  return [...found.values()];
}
