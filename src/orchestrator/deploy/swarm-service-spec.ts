import { UserError } from "../../errors.js";
import { configHash, containerLabels, Label } from "../../engine/labels.js";
import type { SwarmMount, SwarmPort, SwarmServiceSpec } from "../../engine/swarm/swarm-client.js";
import type { ServiceDefinition } from "../../model/definition.js";
import type { JsonValue } from "../../model/json.js";
import type { SwarmOptions } from "../../model/service.js";
import { containerConfig, type ContainerConfig } from "../container-config.js";
import { volumeName } from "../named-volumes.js";
import { SwarmLabel } from "./swarm-labels.js";

/** A service's definition on the swarm after interpolation: what is hashed (a change updates the service). */
export interface DeployConfig extends ContainerConfig {
  /** The reference the nodes run (pushed to the registry, or the local tag). */
  reference: string;
  replicas: number;
  swarm: SwarmOptions;
}

/** Container options a Swarm service has no field for: said once per deploy, never dropped silently. */
const notCarried = [
  "restart",
  "extraHosts",
  "tmpfs",
  "shmSize",
  "ulimits",
  "sysctls",
  "devices",
  "securityOpt",
  "readOnly",
  "platform",
  "rawCreateOptions",
  "healthcheck",
] as const;

/**
 * A DNS round-robin endpoint cannot publish through the routing mesh (Swarm refuses the service): said before
 * anything is deployed, naming file, class and field. Only `boss deploy` reads `swarm`, so only it refuses.
 */
export function checkSwarmFit(service: ServiceDefinition, file: string): void {
  const { endpointMode, publishMode } = service.swarm ?? {};
  if (endpointMode === "dnsrr" && publishMode !== "host" && service.ports.length > 0) {
    throw new UserError(
      'endpointMode "dnsrr" cannot publish ports through the routing mesh (ingress): set publishMode: "host"',
      { file, service: service.className, field: "swarm.publishMode" },
    );
  }
}

export function optionsNotCarried(service: ServiceDefinition): string[] {
  const options = service.options as Record<string, unknown>;
  return notCarried.filter((k) => options[k] !== undefined);
}

export function deployConfig(
  service: ServiceDefinition,
  context: ReadonlyMap<string, JsonValue>,
  image: { id: string; reference: string },
  network: string,
): DeployConfig {
  return {
    ...containerConfig(service, context, image.id, network),
    reference: image.reference,
    replicas: service.replicas ?? 1,
    swarm: service.swarm ?? {},
  };
}

/** The Swarm service of `config`, labelled with its hash; `networkId` is the group's overlay network. */
export function swarmServiceSpec(
  group: string,
  service: string,
  config: DeployConfig,
  networkId: string,
): SwarmServiceSpec {
  const hash = configHash(config);
  const ports = config.ports.map((p): SwarmPort => ({
    targetPort: p.containerPort,
    protocol: p.protocol,
    mode: config.swarm.publishMode ?? "ingress",
    ...(p.hostPort ? { publishedPort: p.hostPort } : {}),
  }));
  const mounts = config.volumes.map((v): SwarmMount => {
    switch (v.type) {
      case "bind":
        return { type: "bind", source: v.host, target: v.container, readOnly: v.mode === "ro" };
      case "volume":
        return {
          type: "volume",
          source: volumeName(group, v.name),
          target: v.container,
          readOnly: v.mode === "ro",
          volumeLabels: { [Label.group]: group, [Label.volume]: v.name },
        };
      case "anonymous":
        return { type: "volume", target: v.container, readOnly: false };
    }
  });
  return {
    name: `${group}_${service}`,
    labels: containerLabels(group, service, config),
    containerLabels: { ...config.labels, [SwarmLabel.group]: group, [SwarmLabel.configHash]: hash },
    image: config.reference,
    env: config.env,
    ...(config.entrypoint ? { entrypoint: config.entrypoint } : {}),
    ...(config.cmd ? { cmd: config.cmd } : {}),
    ...(config.user ? { user: config.user } : {}),
    ...(config.workingDir ? { workingDir: config.workingDir } : {}),
    ...(config.hostname ? { hostname: config.hostname } : {}),
    ...(config.init !== undefined ? { init: config.init } : {}),
    ...(config.stopSignal ? { stopSignal: config.stopSignal } : {}),
    ...(config.stopGracePeriod !== undefined ? { stopGracePeriodSeconds: config.stopGracePeriod } : {}),
    capAdd: config.capAdd,
    mounts,
    network: networkId,
    aliases: [service, ...(config.aliases ?? [])],
    ports,
    endpointMode: config.swarm.endpointMode ?? "vip",
    replicas: config.replicas,
    constraints: config.swarm.constraints ?? [],
    ...(config.memory ? { memory: config.memory } : {}),
    ...(config.cpus ? { cpus: config.cpus } : {}),
    updateOrder: startFirstAllowed(ports, mounts) ? "start-first" : "stop-first",
  };
}

/**
 * The new task may start before the old one stops unless both would hold one thing: a fixed host-mode port
 * (on the same node) or a named volume or host folder written by one process at a time (a database's data).
 */
function startFirstAllowed(ports: readonly SwarmPort[], mounts: readonly SwarmMount[]): boolean {
  const fixedHostPort = ports.some((p) => p.mode === "host" && p.publishedPort !== undefined);
  const sharedWritable = mounts.some((m) => m.source !== undefined && !m.readOnly);
  return !fixedHostPort && !sharedWritable;
}

/** The service's definition hash as its labels say (empty for a service not made by boss). */
export function deployedHash(labels: Record<string, string>): string {
  return labels[Label.configHash] ?? "";
}
